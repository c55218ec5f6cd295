import {
  Alert,
  Badge,
  Button,
  Collapse,
  EmptyState,
  Group,
  List,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconChartDots } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EffectFigures } from '../../../../../../src/shared/contracts/plan';
import { errorMessage } from '../../../../lib/form-errors';
import { formatDateTime } from '../../../../lib/format';
import { notifySuccess } from '../../../../lib/notify';
import { PlanForecastPanel } from '../../../forecasting/PlanForecastPanel';
import { vocabLabel } from '../../vocab';
import { type SectionProps, useFieldState, usePlanEditorContext } from '../context';
import { formatMoney, formatNumber } from '../util';

interface Band {
  likely: number;
  p10: number;
  p90: number;
}

type Kind = 'money' | 'count' | 'ratio' | 'percent';

const DIRECT: { key: keyof EffectFigures['direct']; kind: Kind }[] = [
  { key: 'revenue', kind: 'money' },
  { key: 'profit', kind: 'money' },
  { key: 'customers', kind: 'count' },
  { key: 'leads', kind: 'count' },
  { key: 'roi', kind: 'percent' },
  { key: 'costPerCustomer', kind: 'money' },
];
const INDIRECT: { key: keyof EffectFigures['indirect']; kind: Kind }[] = [
  { key: 'impressions', kind: 'count' },
  { key: 'reach', kind: 'count' },
  { key: 'visits', kind: 'count' },
  { key: 'clicks', kind: 'count' },
  { key: 'awareness', kind: 'count' },
];

/** Effects come only from the forecasting engine; this section never takes typed-in numbers. */
export function EffectPredictionSection({ data }: SectionProps<'effectPrediction'>) {
  const { t, i18n } = useTranslation();
  const { document, uiLanguage } = usePlanEditorContext();
  const { readOnly } = useFieldState();

  if (data.status === 'not_forecast') {
    return (
      <Stack gap="lg">
        <Paper withBorder p={{ base: 'lg', sm: 40 }} data-testid="effect-not-forecast">
          <EmptyState
            icon={<IconChartDots size={28} aria-hidden />}
            title={t('plans.effect.notForecastTitle')}
            description={t('plans.effect.notForecastText')}
          >
            <List size="sm" spacing={4} mt="sm" ta="left" maw={520} mx="auto">
              <List.Item>{t('plans.effect.needBudget')}</List.Item>
              <List.Item>{t('plans.effect.needChannels')}</List.Item>
              <List.Item>{t('plans.effect.needGoals')}</List.Item>
            </List>
          </EmptyState>
        </Paper>
        {!readOnly && <ForecastForm />}
        <PlanForecastPanel view="effect" />
      </Stack>
    );
  }

  const currency = document.currency;
  const format = (value: number, kind: Kind) => {
    if (kind === 'money') return formatMoney(value, currency, i18n.language);
    if (kind === 'percent') return `${formatNumber(value * 100, i18n.language, 0)}%`;
    if (kind === 'ratio') return formatNumber(value, i18n.language, 2);
    return formatNumber(Math.round(value), i18n.language, 0);
  };
  const figure = (band: Band | null | undefined, kind: Kind, label: string) => (
    <Paper withBorder p="sm" key={label}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      {band ? (
        <>
          <Text fw={700} fz="lg">
            {format(band.likely, kind)}
          </Text>
          <Text size="xs" c="dimmed">
            {t('plans.effect.range', { low: format(band.p10, kind), high: format(band.p90, kind) })}
          </Text>
        </>
      ) : (
        <Text c="dimmed">—</Text>
      )}
    </Paper>
  );

  return (
    <Stack gap="lg" data-testid="effect-forecast">
      {!readOnly && <ForecastForm again />}
      <Group gap="xs">
        <Badge variant="light">{t('plans.effect.forecast')}</Badge>
        <Text size="sm" c="dimmed">
          {t('plans.effect.generated', {
            at: formatDateTime(data.generatedAt, i18n.language),
            simulations: formatNumber(data.simulations, i18n.language, 0),
          })}
        </Text>
      </Group>
      <Text size="sm">
        {t('plans.effect.spend', { amount: formatMoney(data.total.spend, currency, i18n.language) })}
      </Text>
      <Stack gap="xs">
        <Title order={3} fz="md">
          {t('plans.effect.direct')}
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
          {DIRECT.map(({ key, kind }) =>
            figure(data.total.direct[key] as Band | null, kind, t(`plans.effect.figures.${key}`)),
          )}
        </SimpleGrid>
      </Stack>
      <Stack gap="xs">
        <Title order={3} fz="md">
          {t('plans.effect.indirect')}
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
          {INDIRECT.map(({ key, kind }) =>
            figure(data.total.indirect[key] as Band | null, kind, t(`plans.effect.figures.${key}`)),
          )}
        </SimpleGrid>
      </Stack>
      {data.channels.length > 0 && (
        <Stack gap="xs">
          <Title order={3} fz="md">
            {t('plans.effect.byChannel')}
          </Title>
          <Table.ScrollContainer minWidth={560} type="native">
            <Table verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('plans.effect.channel')}</Table.Th>
                  <Table.Th ta="right">{t('plans.effect.figures.spend')}</Table.Th>
                  <Table.Th ta="right">{t('plans.effect.figures.leads')}</Table.Th>
                  <Table.Th ta="right">{t('plans.effect.figures.customers')}</Table.Th>
                  <Table.Th ta="right">{t('plans.effect.figures.revenue')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.channels.map((c) => (
                  <Table.Tr key={c.channel}>
                    <Table.Td>
                      <Text size="sm">{vocabLabel('channel', c.channel, uiLanguage)}</Text>
                      <Text size="xs" c="dimmed">
                        {t(`plans.effect.source.${c.source}`)}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{format(c.total.spend, 'money')}</Table.Td>
                    <Table.Td ta="right">{format(c.total.direct.leads.likely, 'count')}</Table.Td>
                    <Table.Td ta="right">{format(c.total.direct.customers.likely, 'count')}</Table.Td>
                    <Table.Td ta="right">{format(c.total.direct.revenue.likely, 'money')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
      {data.notes.length > 0 && (
        <List size="sm" spacing={4}>
          {data.notes.map((note, i) => (
            <List.Item key={`${i.toString()}-${note.slice(0, 12)}`}>{note}</List.Item>
          ))}
        </List>
      )}
      <PlanForecastPanel view="effect" />
    </Stack>
  );
}

/**
 * The engine needs two facts only the business knows: what a customer is worth and the margin.
 * Nothing is pre-filled, so no number in the forecast was made up by the software.
 */
function ForecastForm({ again = false }: { again?: boolean }) {
  const { t } = useTranslation();
  const { document, forecast } = usePlanEditorContext();
  const [opened, setOpened] = useState(!again);
  const [low, setLow] = useState<number | string>('');
  const [likely, setLikely] = useState<number | string>('');
  const [high, setHigh] = useState<number | string>('');
  const [margin, setMargin] = useState<number | string>('');
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const currency = document.currency;

  const run = async () => {
    const values = [low, likely, high].map(Number);
    const m = Number(margin);
    if ([low, likely, high, margin].some((v) => v === '') || values.some((v) => !(v > 0))) {
      setError(t('plans.effect.form.missing'));
      return;
    }
    if (!(values[0] <= values[1] && values[1] <= values[2])) {
      setError(t('plans.effect.form.order'));
      return;
    }
    if (!(m >= 0 && m <= 100)) {
      setError(t('plans.effect.form.margin'));
      return;
    }
    setError(null);
    setRunning(true);
    const result = await forecast({
      averageOrderValue: { low: values[0], likely: values[1], high: values[2] },
      grossMargin: m / 100,
    });
    setRunning(false);
    if (result.ok) notifySuccess(t('plans.effect.form.done'));
    else if (result.unsaved) setError(t('plans.editor.fixFirst'));
    else if (result.error) setError(errorMessage(result.error, t));
  };

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} data-testid="forecast-form">
      <Group justify="space-between" gap="xs">
        <Title order={3} fz="md">
          {again ? t('plans.effect.form.againTitle') : t('plans.effect.form.title')}
        </Title>
        {again && (
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={() => setOpened((o) => !o)}
            aria-expanded={opened}
          >
            {opened ? t('plans.effect.form.hide') : t('plans.effect.form.show')}
          </Button>
        )}
      </Group>
      <Collapse expanded={opened}>
        <Stack gap="sm" mt="xs">
          <Text size="sm" c="dimmed">
            {t('plans.effect.form.text')}
          </Text>
          <div>
            <Text size="sm" fw={500} mb={4} id="aov-label">
              {t('plans.effect.form.aov', { currency })}
            </Text>
            <SimpleGrid cols={{ base: 3 }} spacing="sm" role="group" aria-labelledby="aov-label">
              <NumberInput
                label={t('plans.effect.form.low')}
                aria-label={`${t('plans.effect.form.aov', { currency })}: ${t('plans.effect.form.low')}`}
                min={0}
                value={low}
                onChange={setLow}
                thousandSeparator=","
                data-testid="forecast-aov-low"
              />
              <NumberInput
                label={t('plans.effect.form.likely')}
                aria-label={`${t('plans.effect.form.aov', { currency })}: ${t('plans.effect.form.likely')}`}
                min={0}
                value={likely}
                onChange={setLikely}
                thousandSeparator=","
                data-testid="forecast-aov-likely"
              />
              <NumberInput
                label={t('plans.effect.form.high')}
                aria-label={`${t('plans.effect.form.aov', { currency })}: ${t('plans.effect.form.high')}`}
                min={0}
                value={high}
                onChange={setHigh}
                thousandSeparator=","
                data-testid="forecast-aov-high"
              />
            </SimpleGrid>
          </div>
          <NumberInput
            label={t('plans.effect.form.grossMargin')}
            description={t('plans.effect.form.grossMarginHelp')}
            min={0}
            max={100}
            suffix="%"
            value={margin}
            onChange={setMargin}
            maw={220}
            data-testid="forecast-margin"
          />
          {error && (
            <Alert color="red" variant="light" data-testid="forecast-error">
              {error}
            </Alert>
          )}
          <Group>
            <Button onClick={() => void run()} loading={running} data-testid="forecast-run">
              {again ? t('plans.effect.form.rerun') : t('plans.effect.form.run')}
            </Button>
          </Group>
        </Stack>
      </Collapse>
    </Paper>
  );
}
