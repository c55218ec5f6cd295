import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  Loader,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconBulb, IconChartLine, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AllocationObjectiveName, type PlanAllocation, usePlanAllocation } from '../../api/forecasting';
import { usePlanEditorContext } from '../plans/editor/context';
import { formatMoney } from '../plans/editor/util';
import { CalibrationDrawer } from './CalibrationDrawer';
import { AllocationChart, ResponseCurveChart, ScenarioChart, useObjectiveFormat } from './charts';
import { allocationBody, OBJECTIVES, useForecastSettings } from './forecast-settings';

/**
 * The forecasting engine's view of the plan's budget: in the Budget section the current vs
 * recommended split with its explanations; in the Effect prediction section each channel's response
 * curve and the calibration from history. Both compare scenarios with p10/p50/p90 bands.
 */
export function PlanForecastPanel({ view }: { view: 'budget' | 'effect' }) {
  const { t } = useTranslation();
  const { workspaceId, plan, readOnly, document } = usePlanEditorContext();
  const [settings] = useForecastSettings(plan.id);
  const request = allocationBody(settings);
  const hasChannels = document.sections.channels.selected.length > 0;
  const query = usePlanAllocation(
    workspaceId,
    plan.id,
    plan.revision,
    request.ok ? request.body : {},
    request.ok && hasChannels,
  );
  const [calibrating, setCalibrating] = useState(false);

  const data = query.data;
  return (
    <Paper withBorder p={{ base: 'xs', sm: 'md' }} data-testid={`forecast-panel-${view}`}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="xs">
          <div>
            <Title order={3} fz="md">
              {view === 'budget' ? t('forecast.allocation.title') : t('forecast.curves.title')}
            </Title>
            <Text size="xs" c="dimmed">
              {view === 'budget' ? t('forecast.allocation.intro') : t('forecast.curves.intro')}
            </Text>
          </div>
          {view === 'effect' && (
            <Button
              variant="light"
              size="xs"
              leftSection={<IconUpload size={14} aria-hidden />}
              onClick={() => setCalibrating(true)}
              data-testid="calibrate-open"
            >
              {t('forecast.calibration.open')}
            </Button>
          )}
        </Group>
        <ObjectiveControls />
        {!hasChannels ? (
          <Text size="sm" c="dimmed" data-testid="forecast-no-channels">
            {t('forecast.noChannels')}
          </Text>
        ) : !request.ok ? (
          <Text size="sm" c="dimmed" data-testid="forecast-needs-input">
            {request.missing === 'orderValue' ? t('forecast.needOrderValue') : t('forecast.needMargin')}
          </Text>
        ) : query.isError ? (
          <Alert color="red" variant="light" data-testid="forecast-error">
            {(query.error as Error).message}
          </Alert>
        ) : !data ? (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm" c="dimmed">
              {t('forecast.loading')}
            </Text>
          </Group>
        ) : (
          <div
            style={{ opacity: query.isFetching ? 0.6 : 1, transition: 'opacity 120ms' }}
            aria-busy={query.isFetching}
          >
            {view === 'budget' ? <BudgetView allocation={data} /> : <EffectView allocation={data} />}
          </div>
        )}
      </Stack>
      <CalibrationDrawer opened={calibrating} onClose={() => setCalibrating(false)} readOnly={readOnly} />
    </Paper>
  );
}

function ObjectiveControls() {
  const { t } = useTranslation();
  const { plan, document } = usePlanEditorContext();
  const [settings, update] = useForecastSettings(plan.id);
  const money = settings.objective === 'revenue' || settings.objective === 'profit';
  const number = (v: string | number) => (v === '' ? '' : Number(v));
  return (
    <Stack gap="xs">
      <div>
        <Text size="sm" fw={500} mb={4} id="forecast-objective-label">
          {t('forecast.objective.label')}
        </Text>
        <SegmentedControl
          aria-labelledby="forecast-objective-label"
          size="xs"
          fullWidth
          maw={520}
          value={settings.objective}
          onChange={(objective) => update({ objective: objective as AllocationObjectiveName })}
          data={OBJECTIVES.map((o) => ({ value: o, label: t(`forecast.objective.${o}`) }))}
          data-testid="forecast-objective"
        />
      </div>
      {money && (
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" maw={640}>
          {(['low', 'likely', 'high'] as const).map((k) => (
            <NumberInput
              key={k}
              size="xs"
              label={t(`forecast.orderValue.${k}`, { currency: document.currency })}
              min={0}
              thousandSeparator=","
              value={settings.orderValue[k]}
              onChange={(v) => update({ orderValue: { ...settings.orderValue, [k]: number(v) } })}
              data-testid={`forecast-order-value-${k}`}
            />
          ))}
          {settings.objective === 'profit' && (
            <NumberInput
              size="xs"
              label={t('forecast.margin')}
              min={0}
              max={100}
              suffix="%"
              value={settings.marginPercent}
              onChange={(v) => update({ marginPercent: number(v) })}
              data-testid="forecast-margin-input"
            />
          )}
        </SimpleGrid>
      )}
      {settings.calibrationId && (
        <Group gap="xs">
          <Badge variant="light" color="teal" leftSection={<IconChartLine size={12} aria-hidden />}>
            {t('forecast.calibration.inUse')}
          </Badge>
          <Button variant="subtle" size="compact-xs" onClick={() => update({ calibrationId: null })}>
            {t('forecast.calibration.stopUsing')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function Recommendations({ allocation }: { allocation: PlanAllocation }) {
  const { t } = useTranslation();
  return (
    <Alert
      variant="light"
      color="blue"
      icon={<IconBulb size={18} aria-hidden />}
      title={t('forecast.recommendations')}
      data-testid="forecast-recommendations"
    >
      <List size="sm" spacing={4}>
        {allocation.recommendations.map((text) => (
          <List.Item key={text} data-testid="forecast-recommendation">
            {text}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

function ScenarioTable({ allocation }: { allocation: PlanAllocation }) {
  const { t, i18n } = useTranslation();
  const format = useObjectiveFormat(allocation.objective, allocation.currency);
  return (
    <Stack gap={4}>
      <Title order={4} fz="sm">
        {t('forecast.scenarios.title', { objective: t(`forecast.objective.${allocation.objective}`) })}
      </Title>
      <ScenarioChart allocation={allocation} />
      <Table.ScrollContainer minWidth={340} type="native">
        <Table verticalSpacing={4} fz="sm" data-testid="forecast-scenarios">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('forecast.scenarios.scenario')}</Table.Th>
              <Table.Th ta="right">{t('forecast.scenarios.spend')}</Table.Th>
              <Table.Th ta="right">p10</Table.Th>
              <Table.Th ta="right">p50</Table.Th>
              <Table.Th ta="right">p90</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {allocation.scenarios.map((s) => (
              <Table.Tr key={s.id} data-testid={`forecast-scenario-${s.id}`}>
                <Table.Td>{t(`forecast.scenarios.${s.id}`)}</Table.Td>
                <Table.Td ta="right">{formatMoney(s.spend, allocation.currency, i18n.language)}</Table.Td>
                <Table.Td ta="right">{format(s.objective.p10)}</Table.Td>
                <Table.Td ta="right" fw={600}>
                  {format(s.objective.p50)}
                </Table.Td>
                <Table.Td ta="right">{format(s.objective.p90)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed">
        {t('forecast.scenarios.note', { months: allocation.months.length })}
      </Text>
    </Stack>
  );
}

function BudgetView({ allocation }: { allocation: PlanAllocation }) {
  const { t, i18n } = useTranslation();
  const money = (v: number) => formatMoney(v, allocation.currency, i18n.language);
  const signed = (v: number) => (Math.abs(v) < 0.5 ? '—' : `${v > 0 ? '+' : '−'}${money(Math.abs(v))}`);
  return (
    <Stack gap="md">
      <Recommendations allocation={allocation} />
      <Stack gap={4}>
        <Title order={4} fz="sm">
          {t('forecast.allocation.compare')}
        </Title>
        <AllocationChart allocation={allocation} />
        <Table.ScrollContainer minWidth={340} type="native">
          <Table verticalSpacing={4} fz="sm" data-testid="forecast-allocation-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('forecast.channel')}</Table.Th>
                <Table.Th ta="right">{t('forecast.current')}</Table.Th>
                <Table.Th ta="right">{t('forecast.recommended')}</Table.Th>
                <Table.Th ta="right">{t('forecast.allocation.change')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {allocation.channels.map((c) => (
                <Table.Tr key={c.channel} data-testid={`forecast-allocation-${c.channel}`}>
                  <Table.Td>
                    <Text size="sm">{c.label}</Text>
                    {c.source === 'calibrated' && (
                      <Badge size="xs" variant="light" color="teal">
                        {t('forecast.calibrated')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{money(c.current.perMonth)}</Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {money(c.recommended.perMonth)}
                  </Table.Td>
                  <Table.Td ta="right" c={c.change > 0.5 ? 'teal' : c.change < -0.5 ? 'red' : 'dimmed'}>
                    {signed(c.change / allocation.months.length)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Text size="xs" c="dimmed">
          {t('forecast.allocation.perMonth', { budget: money(allocation.budget.perMonth) })}
        </Text>
      </Stack>
      <ScenarioTable allocation={allocation} />
    </Stack>
  );
}

function EffectView({ allocation }: { allocation: PlanAllocation }) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<string | null>(null);
  const channel =
    allocation.channels.find((c) => c.channel === selected) ??
    allocation.channels.find((c) => c.current.perMonth > 0) ??
    allocation.channels[0];
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Group justify="space-between" align="flex-end" gap="xs">
          <Title order={4} fz="sm">
            {t('forecast.curves.perChannel', { objective: t(`forecast.objective.${allocation.objective}`) })}
          </Title>
          <Select
            size="xs"
            w={240}
            aria-label={t('forecast.channel')}
            data={allocation.channels.map((c) => ({ value: c.channel, label: c.label }))}
            value={channel.channel}
            onChange={setSelected}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            data-testid="forecast-curve-channel"
          />
        </Group>
        <ResponseCurveChart
          channel={channel}
          objective={allocation.objective}
          currency={allocation.currency}
        />
        <Text size="xs" c="dimmed">
          {channel.source === 'calibrated'
            ? t('forecast.curves.sourceCalibrated')
            : t('forecast.curves.sourceBenchmark')}
        </Text>
      </Stack>
      <Recommendations allocation={allocation} />
      <ScenarioTable allocation={allocation} />
    </Stack>
  );
}
