import type { TFunction } from 'i18next';
import { CHANNEL_GROUPS } from '../../../../src/shared/contracts/sites';
import { countryName } from '../companies/countries';

/** For ECharts formatters, which render HTML: everything a tracked page sent goes through this. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export function formatCount(value: number, locale: string): string {
  if (Math.abs(value) >= 100_000) {
    return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
  }
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
}

export function formatPercent(value: number, locale: string): string {
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)}%`;
}

/** Seconds as `1h 2m`, `3m 20s` or `45s`. */
export function formatDuration(seconds: number, t: TFunction): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return t('analytics.duration.hm', { h, m });
  if (m > 0) return t('analytics.duration.ms', { m, s });
  return t('analytics.duration.s', { s });
}

export function formatMoney(amount: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(amount)} ${currency}`;
  }
}

const CHANNELS: readonly string[] = CHANNEL_GROUPS;

/** A dimension's name; `prop:<key>` reads as "Property <key>" (the key is data, never a translation key). */
export function dimensionLabel(dimension: string, t: TFunction): string {
  if (dimension.startsWith('prop:')) return t('analytics.dimensions.prop', { key: dimension.slice(5) });
  return t(`analytics.dimensions.${dimension}`, { defaultValue: dimension });
}

/**
 * How a dimension's value reads in a row or chip. The value itself is shown as React text
 * (escaped); this only adds names for codes and a word for "unknown" ('').
 */
export function dimensionValueLabel(dimension: string, value: string, t: TFunction, locale: string): string {
  if (value === '') {
    if (dimension === 'referrer_host' || dimension === 'channel') return t('analytics.values.direct');
    return t('analytics.values.unknown');
  }
  if (dimension === 'country') return `${countryName(value, locale)}`;
  if (dimension === 'channel' && CHANNELS.includes(value)) {
    return t(`analytics.channels.${value}`, { defaultValue: value });
  }
  if (dimension === 'device') return t(`analytics.devices.${value}`, { defaultValue: value });
  return value;
}

/** `2026-03-05` or `2026-03-05T14:00` as a short label for an axis or tooltip. */
export function formatBucket(date: string, interval: string, locale: string): string {
  const parsed = new Date(date.length === 10 ? `${date}T00:00:00Z` : `${date}:00Z`);
  if (Number.isNaN(parsed.getTime())) return date;
  const options: Intl.DateTimeFormatOptions =
    interval === 'hour'
      ? { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }
      : interval === 'month'
        ? { year: 'numeric', month: 'short', timeZone: 'UTC' }
        : { month: 'short', day: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale, options).format(parsed);
}

export function formatDay(date: string, locale: string): string {
  const parsed = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return date;
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(parsed);
}
