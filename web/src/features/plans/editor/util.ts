/** Ids for new items: unique enough within one plan and valid for the schema (letters, digits, - _ . :). */
export function newId(prefix: string): string {
  const random = Math.random().toString(36).slice(2, 8);
  return `${prefix}-${Date.now().toString(36)}${random}`;
}

export function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  const next = [...list];
  next[index] = item;
  return next;
}

export function patchAt<T>(list: readonly T[], index: number, patch: Partial<T>): T[] {
  return replaceAt(list, index, { ...list[index], ...patch });
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** `undefined` instead of an empty string, for optional text fields the schema rejects when empty. */
export function optionalText(value: string): string | undefined {
  return value.trim() === '' ? undefined : value;
}

/** Drops keys whose value is undefined so an optional field is absent, not `undefined`, in the JSON. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function formatMoney(amount: number, currency: string, language: string, digits = 0): string {
  try {
    return new Intl.NumberFormat(language, {
      style: 'currency',
      currency,
      maximumFractionDigits: digits,
      minimumFractionDigits: 0,
    }).format(amount);
  } catch {
    return `${amount.toLocaleString(language)} ${currency}`;
  }
}

export function formatNumber(value: number, language: string, digits = 1): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value);
}

/** 'YYYY-MM' as a short month name in the interface language. */
export function formatMonth(month: string, language: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  return new Intl.DateTimeFormat(language, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}
