import { Button, Collapse, Group, Skeleton, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconRestore } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelRatesOverride, SelectedChannel } from '../../../../../../src/shared/contracts/plan';
import { type ChannelRates, useChannelRates } from '../../../../api/channel-rates';
import { ErrorState } from '../../../../components/ErrorState';
import { RateRangeFields } from '../../../channel-rates/RateRangeFields';
import {
  type Bound,
  type EditField,
  formatRange,
  fromDisplay,
  sameRange,
  toDisplay,
} from '../../../channel-rates/rates';
import { useFieldState, usePlanEditorContext } from '../context';

/** The selected channel with `rate` changed; ranges equal to the workspace default are dropped. */
export function withRate(
  selected: SelectedChannel,
  defaults: ChannelRates,
  field: EditField,
  bound: Bound,
  value: number,
): SelectedChannel {
  const current = selected.rates?.[field] ?? defaults[field];
  const next = { ...current, [bound]: value };
  const rates: ChannelRatesOverride = { ...selected.rates };
  if (sameRange(next, defaults[field])) delete rates[field];
  else rates[field] = next;
  const { rates: _, ...rest } = selected;
  return Object.keys(rates).length > 0 ? { ...rest, rates } : rest;
}

/** "Rates for this plan": the channel's rates, prefilled from the workspace defaults, stored only where they differ. */
export function PlanChannelRates({
  selected,
  path,
  onChange,
}: {
  selected: SelectedChannel;
  /** JSON path of the selected channel, e.g. `sections.channels.selected[2]`. */
  path: string;
  onChange: (update: (previous: SelectedChannel) => SelectedChannel) => void;
}) {
  const { t, i18n } = useTranslation();
  const { workspaceId, plan } = usePlanEditorContext();
  const { readOnly, issueAt } = useFieldState();
  const hasIssue = issueAt(`${path}.rates`) !== undefined;
  const [opened, setOpened] = useState(false);
  const open = opened || hasIssue;
  const workspaceRates = useChannelRates(workspaceId, open);
  const defaults = workspaceRates.data?.find((item) => item.channel === selected.channel)?.effective;
  const custom = selected.rates !== undefined;
  const channel = selected.channel;

  return (
    <div className="ml-plan-rates" data-testid={`plan-channel-rates-${channel}`}>
      <Button
        variant="subtle"
        size="compact-sm"
        color={custom ? 'indigo' : 'gray'}
        leftSection={
          open ? <IconChevronDown size={14} aria-hidden /> : <IconChevronRight size={14} aria-hidden />
        }
        onClick={() => setOpened((o) => !o)}
        aria-expanded={open}
        data-testid={`plan-channel-rates-toggle-${channel}`}
      >
        {custom ? t('channelRates.plan.titleCustom') : t('channelRates.plan.title')}
      </Button>
      <Collapse expanded={open}>
        <div className="ml-plan-rates-body">
          {workspaceRates.isPending ? (
            <Skeleton h={220} />
          ) : workspaceRates.error ? (
            <ErrorState error={workspaceRates.error} onRetry={() => void workspaceRates.refetch()} />
          ) : !defaults ? null : (
            <>
              <Group justify="space-between" align="flex-start" gap="sm" mb="sm">
                <Text size="sm" c="dimmed" style={{ flex: '1 1 260px' }}>
                  {readOnly ? t('channelRates.plan.introReadOnly') : t('channelRates.plan.intro')}
                </Text>
                {!readOnly && (
                  <Button
                    size="compact-sm"
                    variant="light"
                    color="gray"
                    leftSection={<IconRestore size={14} aria-hidden />}
                    disabled={!custom}
                    onClick={() =>
                      onChange((previous) => {
                        const { rates: _, ...rest } = previous;
                        return rest;
                      })
                    }
                    data-testid={`plan-channel-rates-reset-${channel}`}
                  >
                    {t('channelRates.plan.useDefaults')}
                  </Button>
                )}
              </Group>
              <RateRangeFields
                costModel={selected.rates?.costModel ?? defaults.costModel}
                currency={plan.document.currency}
                value={(field, bound) =>
                  toDisplay(field, (selected.rates?.[field] ?? defaults[field])[bound])
                }
                onChange={(field, bound, value) => {
                  if (value === null) return;
                  onChange((previous) =>
                    withRate(previous, defaults, field, bound, fromDisplay(field, value)),
                  );
                }}
                hint={(field) =>
                  t('channelRates.plan.defaultHint', {
                    value: formatRange(field, defaults[field], i18n.language),
                  })
                }
                error={(field, bound) => issueAt(`${path}.rates.${field}.${bound}`)}
                path={(field, bound) => `${path}.rates.${field}.${bound}`}
                readOnly={readOnly}
              />
            </>
          )}
        </div>
      </Collapse>
    </div>
  );
}
