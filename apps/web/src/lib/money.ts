/** Money travels in fen (integers); people type and read yuan. */
export const yuanToFen = (v: number | null | undefined): number | null => (v === null || v === undefined ? null : Math.round(v * 100));

export const fenToYuan = (v: number | null): string => (v === null ? '—' : `¥${(v / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })}`);
