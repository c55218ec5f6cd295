import { useCallback, useSyncExternalStore } from 'react';
import type { AllocationObjectiveName } from '../../api/forecasting';

/** What the planner chose for a plan's allocation view; shared by the Budget and Effect sections. */
export interface ForecastSettings {
  objective: AllocationObjectiveName;
  /** Revenue per customer, typed by the planner (nothing is pre-filled). */
  orderValue: { low: number | ''; likely: number | ''; high: number | '' };
  /** Gross margin in percent, for the profit objective. */
  marginPercent: number | '';
  /** A finished calibration whose curves replace benchmarks for matching channels. */
  calibrationId: string | null;
}

const DEFAULTS: ForecastSettings = {
  objective: 'customers',
  orderValue: { low: '', likely: '', high: '' },
  marginPercent: '',
  calibrationId: null,
};

const listeners = new Set<() => void>();
const cache = new Map<string, ForecastSettings>();
const storageKey = (planId: string) => `ml_forecast_${planId}`;

function read(planId: string): ForecastSettings {
  const cached = cache.get(planId);
  if (cached) return cached;
  let value = DEFAULTS;
  try {
    const raw = sessionStorage.getItem(storageKey(planId));
    if (raw) value = { ...DEFAULTS, ...(JSON.parse(raw) as Partial<ForecastSettings>) };
  } catch {
    value = DEFAULTS;
  }
  cache.set(planId, value);
  return value;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Settings of one plan's forecast view, kept for the browser session. */
export function useForecastSettings(planId: string) {
  const settings = useSyncExternalStore(subscribe, () => read(planId));
  const update = useCallback(
    (patch: Partial<ForecastSettings>) => {
      const next = { ...read(planId), ...patch };
      cache.set(planId, next);
      try {
        sessionStorage.setItem(storageKey(planId), JSON.stringify(next));
      } catch {
        // Private mode: the choice lives until the page is reloaded.
      }
      for (const listener of listeners) listener();
    },
    [planId],
  );
  return [settings, update] as const;
}

export const OBJECTIVES: readonly AllocationObjectiveName[] = ['customers', 'leads', 'revenue', 'profit'];

/** The request body for the chosen settings, or why it cannot be sent yet. */
export function allocationBody(
  settings: ForecastSettings,
): { ok: true; body: Record<string, unknown> } | { ok: false; missing: 'orderValue' | 'margin' } {
  const body: Record<string, unknown> = { objective: settings.objective };
  if (settings.calibrationId) body.calibrationId = settings.calibrationId;
  if (settings.objective === 'revenue' || settings.objective === 'profit') {
    const { low, likely, high } = settings.orderValue;
    if (low === '' || likely === '' || high === '' || !(low > 0 && low <= likely && likely <= high)) {
      return { ok: false, missing: 'orderValue' };
    }
    body.averageOrderValue = { low, likely, high };
    if (settings.objective === 'profit') {
      const margin = settings.marginPercent;
      if (margin === '' || !(margin >= 0 && margin <= 100)) return { ok: false, missing: 'margin' };
      body.grossMargin = margin / 100;
    }
  }
  return { ok: true, body };
}
