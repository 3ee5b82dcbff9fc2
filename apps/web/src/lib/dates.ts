import type { Dayjs } from 'dayjs';

/**
 * A picked calendar day as an instant in Asia/Shanghai, whatever the browser's zone: the start of the first day and the
 * last millisecond of the last day, written with an explicit +08:00 offset as the API expects.
 */
export function rangeToIso(range: [Dayjs | null, Dayjs | null] | null | undefined): { from?: string; to?: string } {
  if (!range) return {};
  const [start, end] = range;
  return {
    from: start ? `${start.format('YYYY-MM-DD')}T00:00:00.000+08:00` : undefined,
    to: end ? `${end.format('YYYY-MM-DD')}T23:59:59.999+08:00` : undefined,
  };
}

/** Today as yyyy-MM-dd in Asia/Shanghai (due dates and legal deadlines are calendar days there). */
export function todayInShanghai(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** 1.5 KB, 2.3 MB: a file's size for people. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
