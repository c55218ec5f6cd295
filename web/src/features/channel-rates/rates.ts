import type { TFunction } from 'i18next';
import type { ChannelRates, ChannelRatesOverride, Range } from '../../api/channel-rates';

/** The rates a planner edits; the rest of an override (cost model, yield, order value) is kept as it is. */
export const EDIT_FIELDS = [
  'unitCost',
  'ctr',
  'clickToVisit',
  'visitToLead',
  'leadToCustomer',
  'recall',
] as const;
export type EditField = (typeof EDIT_FIELDS)[number];
export const BOUNDS = ['low', 'likely', 'high'] as const;
export type Bound = (typeof BOUNDS)[number];

/** A range as typed: each bound may be empty while the user edits. */
export type DraftRange = Record<Bound, number | null>;
export type Draft = Record<EditField, DraftRange>;
export type EditedRates = Pick<ChannelRatesOverride, EditField>;

export const isShare = (field: EditField) => field !== 'unitCost';

const round = (value: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** Shares are shown as percent (0.035 -> 3.5), money as it is. */
export const toDisplay = (field: EditField, value: number) =>
  isShare(field) ? round(value * 100, 6) : value;
export const fromDisplay = (field: EditField, value: number) =>
  isShare(field) ? round(value / 100, 8) : value;

export function sameRange(a: Range | undefined, b: Range | undefined): boolean {
  if (!a || !b) return a === b;
  return BOUNDS.every((bound) => Math.abs(a[bound] - b[bound]) < 1e-9);
}

export function draftFrom(rates: ChannelRates): Draft {
  return Object.fromEntries(
    EDIT_FIELDS.map((field) => [
      field,
      Object.fromEntries(BOUNDS.map((bound) => [bound, toDisplay(field, rates[field][bound])])),
    ]),
  ) as Draft;
}

/** Problems keyed `field.bound`, in the UI language; empty when the draft can be saved. */
export function validateDraft(draft: Draft, t: TFunction): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of EDIT_FIELDS) {
    const r = draft[field];
    for (const bound of BOUNDS) {
      const v = r[bound];
      if (v === null) errors[`${field}.${bound}`] = t('validation.required');
      else if (v < 0) errors[`${field}.${bound}`] = t('channelRates.errors.negative');
      else if (isShare(field) && v > 100) errors[`${field}.${bound}`] = t('channelRates.errors.percent');
    }
    if (r.low !== null && r.likely !== null && r.low > r.likely && !errors[`${field}.likely`]) {
      errors[`${field}.likely`] = t('channelRates.errors.belowLow');
    }
    if (r.likely !== null && r.high !== null && r.likely > r.high && !errors[`${field}.high`]) {
      errors[`${field}.high`] = t('channelRates.errors.belowLikely');
    }
  }
  return errors;
}

/** The draft (already valid) as ranges of stored values. */
export function draftToRates(draft: Draft): Record<EditField, Range> {
  return Object.fromEntries(
    EDIT_FIELDS.map((field) => [
      field,
      Object.fromEntries(BOUNDS.map((bound) => [bound, fromDisplay(field, draft[field][bound] ?? 0)])),
    ]),
  ) as unknown as Record<EditField, Range>;
}

/** Only the ranges that differ from `base`. */
export function diffFrom(values: Record<EditField, Range>, base: ChannelRates): EditedRates {
  return Object.fromEntries(
    EDIT_FIELDS.filter((field) => !sameRange(values[field], base[field])).map((field) => [
      field,
      values[field],
    ]),
  ) as EditedRates;
}

/** The fields of an override that this UI does not edit, so saving keeps them. */
export function untouchedPart(override: ChannelRatesOverride | null | undefined): ChannelRatesOverride {
  if (!override) return {};
  const rest: ChannelRatesOverride = { ...override };
  for (const field of EDIT_FIELDS) delete rest[field];
  return rest;
}

export function formatPercent(value: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 2 }).format(value);
}

export function formatAmount(value: number, language: string): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(value);
}

/** "0.5 – 2 – 4%" for a hint under a field. */
export function formatRange(field: EditField, range: Range, language: string): string {
  const fmt = (v: number) => formatAmount(toDisplay(field, v), language);
  return `${fmt(range.low)} – ${fmt(range.likely)} – ${fmt(range.high)}${isShare(field) ? '%' : ''}`;
}
