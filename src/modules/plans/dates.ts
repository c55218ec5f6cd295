// Calendar arithmetic on ISO dates as UTC day numbers, so results never depend on the server's time zone.

const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' -> days since 1970-01-01 (UTC). */
export function dayNumber(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  const ms = Date.UTC(y, m - 1, d);
  if (!Number.isFinite(ms) || !/^\d{4}-\d{2}-\d{2}$/.test(isoDate))
    throw new RangeError(`not an ISO date: '${isoDate}'`);
  return Math.round(ms / DAY_MS);
}

/** Days since 1970-01-01 (UTC) -> 'YYYY-MM-DD'. */
export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function isValidIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return fromDayNumber(dayNumber(value)) === value;
}

export function addDays(isoDate: string, days: number): string {
  return fromDayNumber(dayNumber(isoDate) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Same day `months` later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** 'YYYY-MM-DD' or 'YYYY-MM' -> 'YYYY-MM'. */
export function monthOf(isoDate: string): string {
  return isoDate.slice(0, 7);
}

/** 'YYYY-MM' shifted by `months`. */
export function addMonthsToMonth(month: string, months: number): string {
  return monthOf(addMonths(`${month}-01`, months));
}

/** Every month touched by the inclusive range, in order: ('2026-01-15', '2026-03-02') -> Jan, Feb, Mar. */
export function monthsBetween(start: string, end: string): string[] {
  const out: string[] = [];
  const last = monthOf(end);
  for (let month = monthOf(start); month <= last; month = addMonthsToMonth(month, 1)) out.push(month);
  return out;
}
