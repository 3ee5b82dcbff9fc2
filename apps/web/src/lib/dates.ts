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
