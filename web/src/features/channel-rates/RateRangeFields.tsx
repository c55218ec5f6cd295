import { NumberInput, Text } from '@mantine/core';
import { Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CostModel } from '../../api/channel-rates';
import { BOUNDS, type Bound, EDIT_FIELDS, type EditField, isShare } from './rates';

interface Props {
  costModel: CostModel;
  /** The currency unit costs are in, when known (plans); shown in the cost label. */
  currency?: string;
  value: (field: EditField, bound: Bound) => number | null;
  onChange: (field: EditField, bound: Bound, value: number | null) => void;
  /** The reference values under each label, e.g. "Benchmark 1 – 2 – 4%". */
  hint: (field: EditField) => string;
  error?: (field: EditField, bound: Bound) => string | undefined;
  /** JSON path of a bound in the plan document, for the editor's issue navigation. */
  path?: (field: EditField, bound: Bound) => string;
  readOnly?: boolean;
}

/** Low / likely / high inputs for every editable rate; percent for shares, money for the unit cost. */
export function RateRangeFields({
  costModel,
  currency,
  value,
  onChange,
  hint,
  error,
  path,
  readOnly,
}: Props) {
  const { t } = useTranslation();
  const label = (field: EditField) =>
    field === 'unitCost'
      ? `${t(`channelRates.unitCostFor.${costModel}`)}${currency ? ` (${currency})` : ''}`
      : t(`channelRates.fields.${field}`);

  return (
    <div className="ml-rate-grid">
      <span className="ml-rate-spacer" />
      {BOUNDS.map((bound) => (
        <Text key={bound} size="xs" fw={600} c="dimmed" tt="uppercase" aria-hidden>
          {t(`channelRates.bounds.${bound}`)}
        </Text>
      ))}
      {EDIT_FIELDS.map((field) => (
        <Fragment key={field}>
          <div className="ml-rate-label">
            <Text size="sm" fw={500} id={`rate-label-${field}`}>
              {label(field)}
            </Text>
            <Text size="xs" c="dimmed">
              {hint(field)}
            </Text>
          </div>
          {BOUNDS.map((bound) => (
            <RateInput
              key={bound}
              aria-label={`${label(field)}: ${t(`channelRates.bounds.${bound}`)}`}
              share={isShare(field)}
              value={value(field, bound)}
              onChange={(v) => onChange(field, bound, v)}
              error={error?.(field, bound)}
              readOnly={readOnly}
              data-path={path?.(field, bound)}
              data-testid={`channel-rate-${field}-${bound}`}
            />
          ))}
        </Fragment>
      ))}
    </div>
  );
}

function toNumber(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const parsed = Number(value.replace(/,/g, ''));
  return value.trim() === '' || !Number.isFinite(parsed) ? null : parsed;
}

/** Keeps the typed text ("1.", "") so a controlled number never fights the user's typing. */
function RateInput({
  share,
  value,
  onChange,
  error,
  readOnly,
  ...rest
}: {
  share: boolean;
  value: number | null;
  onChange: (value: number | null) => void;
  error?: string;
  readOnly?: boolean;
  'aria-label': string;
  'data-path'?: string;
  'data-testid': string;
}) {
  const [text, setText] = useState<string | number>(value ?? '');
  useEffect(() => {
    setText((current) => (toNumber(current) === value ? current : (value ?? '')));
  }, [value]);
  return (
    <NumberInput
      {...rest}
      size="sm"
      min={0}
      max={share ? 100 : undefined}
      clampBehavior="none"
      decimalScale={share ? 4 : 2}
      suffix={share ? '%' : undefined}
      thousandSeparator=","
      hideControls
      value={text}
      error={error}
      readOnly={readOnly}
      variant={readOnly ? 'filled' : 'default'}
      data-invalid={error ? 'true' : undefined}
      onChange={(next) => {
        setText(next);
        onChange(toNumber(next));
      }}
    />
  );
}
