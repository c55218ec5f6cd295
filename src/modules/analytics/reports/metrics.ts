import type { QueryRow } from '../../../platform/events/event-store';

/**
 * The one place numbers are rounded for display: rates and means to 1 decimal, money to 2.
 * Engines return raw counts and sums; every ratio is taken here, so DuckDB and ClickHouse give
 * identical results and a division by zero is 0, not NaN.
 */
export const round1 = (x: number) => Math.round(x * 10 + Math.sign(x) * 1e-9) / 10;
export const round2 = (x: number) => Math.round(x * 100 + Math.sign(x) * 1e-9) / 100;

/** `part / whole` in percent, 1 decimal; 0 when `whole` is 0. */
export const percent = (part: number, whole: number) => (whole > 0 ? round1((100 * part) / whole) : 0);
/** `sum / count`, 1 decimal; 0 when `count` is 0. */
export const mean = (sum: number, count: number) => (count > 0 ? round1(sum / count) : 0);

/** A numeric column of a result row (engines may give 64-bit integers as strings, or NULL for an empty sum). */
export const num = (row: QueryRow | undefined, key: string) => {
  const v = row?.[key];
  if (v === null || v === undefined) return 0;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
};
export const text = (row: QueryRow | undefined, key: string) => {
  const v = row?.[key];
  return v === null || v === undefined ? '' : String(v);
};
