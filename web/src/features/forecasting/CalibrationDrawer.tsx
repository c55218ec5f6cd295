import {
  Alert,
  Button,
  Drawer,
  FileInput,
  Group,
  MultiSelect,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CalibrationJob,
  useCalibration,
  useCancelCalibration,
  useStartCalibration,
} from '../../api/forecasting';
import { usePlanEditorContext } from '../plans/editor/context';
import { formatNumber } from '../plans/editor/util';
import { DecompositionChart } from './charts';
import { useForecastSettings } from './forecast-settings';

const MAX_BYTES = 5 * 1024 * 1024;

/**
 * Calibrate from history: upload a CSV (date, spend_<channel>..., the outcome, controls), follow the
 * job, read the fit and use its curves for this plan's allocation.
 */
export function CalibrationDrawer({
  opened,
  onClose,
  readOnly,
}: {
  opened: boolean;
  onClose: () => void;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const { workspaceId, plan } = usePlanEditorContext();
  const [, update] = useForecastSettings(plan.id);
  const [file, setFile] = useState<File | null>(null);
  const [csv, setCsv] = useState('');
  const [columns, setColumns] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [controls, setControls] = useState<string[]>([]);
  const [fileError, setFileError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useStartCalibration(workspaceId);
  const cancel = useCancelCalibration(workspaceId);
  const job = useCalibration(workspaceId, jobId);

  const pick = async (picked: File | null) => {
    setFile(picked);
    setFileError(null);
    setColumns([]);
    setOutcome(null);
    setControls([]);
    if (!picked) return;
    if (picked.size > MAX_BYTES) {
      setFileError(t('forecast.calibration.tooLarge'));
      return;
    }
    const text = await picked.text();
    const header = (text.split(/\r?\n/, 1)[0] ?? '').split(',').map((c) => c.trim());
    const others = header.filter((c) => c !== 'date' && !c.startsWith('spend_'));
    setCsv(text);
    setColumns(others);
    setOutcome(
      others.find((c) => ['revenue', 'customers', 'leads'].includes(c.toLowerCase())) ?? others[0] ?? null,
    );
  };

  const run = () => {
    if (!outcome) return;
    start.mutate({ csv, outcome, controls }, { onSuccess: (created) => setJobId(created.id) });
  };

  const current = job.data;
  const running = current?.status === 'queued' || current?.status === 'running';
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size="xl"
      title={t('forecast.calibration.title')}
      data-testid="calibration-drawer"
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('forecast.calibration.intro')}
        </Text>
        {readOnly ? (
          <Text size="sm" c="dimmed">
            {t('forecast.calibration.readOnly')}
          </Text>
        ) : (
          <Stack gap="xs">
            <FileInput
              label={t('forecast.calibration.file')}
              accept=".csv,text/csv"
              value={file}
              onChange={(f) => void pick(f)}
              clearable
              data-testid="calibration-file"
            />
            {fileError && (
              <Alert color="red" variant="light">
                {fileError}
              </Alert>
            )}
            {columns.length > 0 && (
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                <Select
                  label={t('forecast.calibration.outcome')}
                  data={columns}
                  value={outcome}
                  onChange={setOutcome}
                  allowDeselect={false}
                  data-testid="calibration-outcome"
                />
                <MultiSelect
                  label={t('forecast.calibration.controls')}
                  data={columns.filter((c) => c !== outcome)}
                  value={controls}
                  onChange={setControls}
                  clearable
                />
              </SimpleGrid>
            )}
            {start.isError && (
              <Alert color="red" variant="light" data-testid="calibration-error">
                {(start.error as Error).message}
              </Alert>
            )}
            <Group>
              <Button
                onClick={run}
                disabled={!outcome || running}
                loading={start.isPending}
                data-testid="calibration-run"
              >
                {t('forecast.calibration.run')}
              </Button>
              {running && current && (
                <Button variant="default" onClick={() => cancel.mutate(current.id)}>
                  {t('forecast.calibration.cancel')}
                </Button>
              )}
            </Group>
          </Stack>
        )}
        {current && (
          <JobView job={current} onUse={readOnly ? undefined : () => update({ calibrationId: current.id })} />
        )}
      </Stack>
    </Drawer>
  );
}

function JobView({ job, onUse }: { job: CalibrationJob; onUse?: () => void }) {
  const { t, i18n } = useTranslation();
  const n = (v: number | null, digits = 2) => (v === null ? '—' : formatNumber(v, i18n.language, digits));
  const pct = (v: number | null) => (v === null ? '—' : `${formatNumber(v * 100, i18n.language, 1)}%`);
  if (job.status === 'queued' || job.status === 'running') {
    return (
      <Stack gap={4} data-testid="calibration-progress">
        <Text size="sm">
          {job.status === 'queued'
            ? t('forecast.calibration.queued')
            : t(`forecast.calibration.stage.${job.stage ?? 'search'}`)}
        </Text>
        <Progress value={job.progress * 100} animated aria-label={t('forecast.calibration.progress')} />
      </Stack>
    );
  }
  if (job.status !== 'done' || !job.result) {
    return (
      <Alert
        color={job.status === 'cancelled' ? 'gray' : 'red'}
        variant="light"
        data-testid="calibration-failed"
      >
        {job.status === 'cancelled' ? t('forecast.calibration.cancelled') : job.error?.message}
      </Alert>
    );
  }
  const r = job.result;
  const unit = t(`forecast.calibration.period.${r.period}`);
  return (
    <Stack gap="md" data-testid="calibration-result">
      <SimpleGrid cols={{ base: 3 }} spacing="xs">
        <Figure label="R²" value={n(r.fit.r2, 3)} />
        <Figure label="NRMSE" value={n(r.fit.nrmse, 3)} />
        <Figure label={t('forecast.calibration.holdout')} value={pct(r.fit.holdout_mape)} />
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        {t('forecast.calibration.fitNote', {
          rows: r.rows,
          period: unit,
          from: r.first_date,
          to: r.last_date,
          holdout: r.fit.holdout_rows,
        })}
      </Text>
      <Stack gap={4}>
        <Title order={4} fz="sm">
          {t('forecast.calibration.roiTitle', { outcome: r.outcome })}
        </Title>
        <Table.ScrollContainer minWidth={420} type="native">
          <Table verticalSpacing={4} fz="sm" data-testid="calibration-roi">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('forecast.channel')}</Table.Th>
                <Table.Th ta="right">ROI</Table.Th>
                <Table.Th ta="right">{t('forecast.calibration.interval')}</Table.Th>
                <Table.Th ta="right">{t('forecast.calibration.share')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.channels.map((c) => (
                <Table.Tr key={c.name}>
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {n(c.roi)}
                  </Table.Td>
                  <Table.Td ta="right">
                    {c.roi_low === null || c.roi_high === null ? '—' : `${n(c.roi_low)} – ${n(c.roi_high)}`}
                  </Table.Td>
                  <Table.Td ta="right">{pct(c.contribution_share)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Text size="xs" c="dimmed">
          {t('forecast.calibration.roiNote', { outcome: r.outcome })}
        </Text>
      </Stack>
      <Stack gap={4}>
        <Title order={4} fz="sm">
          {t('forecast.calibration.decomposition')}
        </Title>
        <DecompositionChart decomposition={r.decomposition} />
      </Stack>
      {r.notes.length > 0 && (
        <Text size="xs" c="dimmed">
          {r.notes.join(' · ')}
        </Text>
      )}
      {onUse && (
        <Stack gap={4}>
          <Button variant="light" onClick={onUse} data-testid="calibration-use">
            {t('forecast.calibration.use')}
          </Button>
          <Text size="xs" c="dimmed">
            {t('forecast.calibration.useNote')}
          </Text>
        </Stack>
      )}
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700}>{value}</Text>
    </div>
  );
}
