import { geometricAdstock } from './adstock';
import { ForecastInputError } from './errors';
import type { HistoryTable } from './history';
import { createRandom, type Random } from './random';
import { hill } from './saturation';

/** The truth behind one simulated channel, for checking what calibration recovers. */
export interface SimulatedChannelTruth {
  name: string;
  /** Outcome per unit of spend over the simulated period (carryover from before the period included). */
  roi: number;
  decay: number;
  halfSaturation: number;
  shape: number;
  spendShare: number;
  contribution: number;
  pattern: SpendPattern;
}

export type SpendPattern = 'always_on' | 'flighted' | 'bursts';

export interface SimulationOptions {
  seed: number;
  channels: number;
  /** Rows of history (default 156, three years of weeks). */
  periods?: number;
  period?: 'week' | 'day';
  startDate?: string;
  /** Noise standard deviation as a share of the mean outcome (default 0.05). */
  noise?: number;
  /** Share of the outcome driven by media (default 0.45). */
  mediaShare?: number;
  /** Range of true ROI per channel (default 0.8 to 4). */
  roiRange?: [number, number];
  /** Adds a price control (negative effect) and a promotion flag (positive effect). */
  controls?: boolean;
  /** Spend habits to draw from for each channel (default all three). */
  patterns?: SpendPattern[];
  /** Total media spend per period on average (default 50,000). */
  spendPerPeriod?: number;
}

export interface SimulatedHistory {
  history: HistoryTable;
  truth: {
    channels: SimulatedChannelTruth[];
    baseShare: number;
    noiseSd: number;
    controlEffects: Record<string, number>;
  };
}

const CHANNEL_NAMES = [
  'sem',
  'portal_ads',
  'social',
  'email',
  'affiliate',
  'vertical_ads',
  'seo',
  'sms',
  'text_links',
  'traditional_media',
  'content',
  'forums',
];

function lognormal(random: Random, sigma: number) {
  return Math.exp(sigma * random.normal() - (sigma * sigma) / 2);
}

/** A spend series with the habits of real plans: always-on with drift, on/off flights, or bursts. */
function spendSeries(pattern: SpendPattern, length: number, level: number, random: Random): Float64Array {
  const spend = new Float64Array(length);
  if (pattern === 'always_on') {
    let drift = 0;
    for (let t = 0; t < length; t++) {
      drift = 0.8 * drift + 0.35 * random.normal();
      spend[t] = level * Math.exp(drift - 0.3);
    }
  } else if (pattern === 'flighted') {
    let t = 0;
    let on = random.next() < 0.5;
    while (t < length) {
      const run = 2 + Math.floor(random.next() * 7);
      // Off weeks are mostly paused outright; sometimes a trickle keeps running.
      const height = on
        ? level * 1.8 * lognormal(random, 0.35)
        : random.next() < 0.6
          ? 0
          : level * 0.1 * random.next();
      for (let i = 0; i < run && t < length; i++, t++) spend[t] = height * lognormal(random, 0.15);
      on = !on;
    }
  } else {
    // Campaign weeks (a mailing, a promotion) over a low or idle background.
    for (let t = 0; t < length; t++) {
      const burst = random.next() < 0.2;
      const idle = !burst && random.next() < 0.5;
      spend[t] = burst ? level * (2.5 + 3 * random.next()) : idle ? 0 : level * 0.3 * random.next();
    }
  }
  return spend;
}

function addDays(iso: string, days: number) {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * Generates a history with known adstock, saturation and ROI per channel, plus trend, yearly
 * seasonality, optional controls and noise. A year of spend runs before the first row so carryover
 * into the period is realistic; truth ROI counts only what happens inside the period.
 */
export function simulateHistory(options: SimulationOptions): SimulatedHistory {
  const periods = options.periods ?? 156;
  const period = options.period ?? 'week';
  const stepDays = period === 'week' ? 7 : 1;
  const noise = options.noise ?? 0.05;
  const mediaShare = options.mediaShare ?? 0.45;
  const [roiLow, roiHigh] = options.roiRange ?? [0.8, 4];
  const spendPerPeriod = options.spendPerPeriod ?? 50_000;
  if (
    !(options.channels >= 1 && options.channels <= CHANNEL_NAMES.length && Number.isInteger(options.channels))
  ) {
    throw new ForecastInputError(
      'invalid_option',
      `channels must be an integer from 1 to ${CHANNEL_NAMES.length}`,
    );
  }
  if (!(periods >= 8 && noise >= 0 && mediaShare > 0 && mediaShare < 1 && roiLow > 0 && roiHigh >= roiLow)) {
    throw new ForecastInputError('invalid_option', 'simulation options out of range');
  }
  const random = createRandom(options.seed);
  const burnIn = period === 'week' ? 52 : 365;
  const length = burnIn + periods;
  const weights = Array.from({ length: options.channels }, () => lognormal(random, 0.6));
  const weightTotal = weights.reduce((a, b) => a + b, 0);
  const patterns: SpendPattern[] = options.patterns ?? ['always_on', 'flighted', 'bursts'];
  const media = new Float64Array(periods);
  const channels = weights.map((weight, c) => {
    const level = (spendPerPeriod * weight) / weightTotal;
    const pattern = patterns[Math.floor(random.next() * patterns.length)];
    const spend = spendSeries(pattern, length, level, random);
    const decay = period === 'week' ? 0.1 + 0.6 * random.next() : 0.5 + 0.4 * random.next();
    const shape = 0.8 + 1.7 * random.next();
    const halfSaturation = level * (0.6 + 1.4 * random.next());
    const roi = roiLow + (roiHigh - roiLow) * random.next();
    const adstocked = geometricAdstock(spend, decay);
    let response = 0;
    let windowSpend = 0;
    for (let t = burnIn; t < length; t++) {
      response += hill(adstocked[t], halfSaturation, shape);
      windowSpend += spend[t];
    }
    const beta = (roi * windowSpend) / response;
    for (let t = burnIn; t < length; t++)
      media[t - burnIn] += beta * hill(adstocked[t], halfSaturation, shape);
    return {
      name: CHANNEL_NAMES[c],
      spend: spend.slice(burnIn),
      truth: {
        name: CHANNEL_NAMES[c],
        roi,
        decay,
        halfSaturation,
        shape,
        spendShare: 0,
        contribution: roi * windowSpend,
        pattern,
      },
    };
  });
  const mediaMean = media.reduce((a, b) => a + b, 0) / periods;
  const baseLevel = (mediaMean * (1 - mediaShare)) / mediaShare;
  const startDate = options.startDate ?? '2022-01-03';
  const dates = Array.from({ length: periods }, (_, t) => addDays(startDate, t * stepDays));
  const phase = random.next() * 2 * Math.PI;
  const outcome = new Float64Array(periods);
  const price = new Float64Array(periods);
  const promotion = new Float64Array(periods);
  const controlEffects: Record<string, number> = {};
  if (options.controls) {
    controlEffects.price = -0.15 * baseLevel;
    controlEffects.promotion = 0.1 * baseLevel;
  }
  let level = 0;
  for (let t = 0; t < periods; t++) {
    const years = (t * stepDays) / 365.25;
    const season =
      0.12 * Math.sin(2 * Math.PI * years + phase) + 0.05 * Math.cos(4 * Math.PI * years + phase);
    const trend = 0.08 * (t / periods);
    outcome[t] = baseLevel * (1 + trend + season) + media[t];
    if (options.controls) {
      level = 0.7 * level + 0.3 * random.normal();
      price[t] = 1 + 0.1 * level;
      promotion[t] = random.next() < 0.1 ? 1 : 0;
      outcome[t] += controlEffects.price * (price[t] - 1) * 10 + controlEffects.promotion * promotion[t];
    }
  }
  const outcomeMean = outcome.reduce((a, b) => a + b, 0) / periods;
  const noiseSd = noise * outcomeMean;
  for (let t = 0; t < periods; t++) outcome[t] += noiseSd * random.normal();
  const totalSpend = channels.reduce((total, channel) => total + channel.spend.reduce((a, b) => a + b, 0), 0);
  for (const channel of channels) {
    channel.truth.spendShare = channel.spend.reduce((a, b) => a + b, 0) / totalSpend;
  }
  const mediaTotal = media.reduce((a, b) => a + b, 0);
  return {
    history: {
      dates,
      channels: channels.map((channel) => ({ name: channel.name, spend: channel.spend })),
      outcome: { name: 'revenue', values: outcome },
      controls: options.controls
        ? [
            { name: 'price', values: price },
            { name: 'promotion', values: promotion },
          ]
        : [],
    },
    truth: {
      channels: channels.map((channel) => channel.truth),
      baseShare: 1 - mediaTotal / outcome.reduce((a, b) => a + b, 0),
      noiseSd,
      controlEffects,
    },
  };
}

/** Writes a history as the CSV that `forecast fit` reads. */
export function historyToCsv(history: HistoryTable): string {
  const header = [
    'date',
    ...history.channels.map((channel) => `spend_${channel.name}`),
    ...history.controls.map((control) => control.name),
    history.outcome.name,
  ];
  const lines = [header.join(',')];
  history.dates.forEach((date, t) => {
    lines.push(
      [
        date,
        ...history.channels.map((channel) => round(channel.spend[t])),
        ...history.controls.map((control) => round(control.values[t])),
        round(history.outcome.values[t]),
      ].join(','),
    );
  });
  return `${lines.join('\n')}\n`;
}

function round(value: number) {
  return String(Math.round(value * 10000) / 10000);
}
