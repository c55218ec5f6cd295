import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconInfoCircle, IconPencil, IconRestore } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ChannelRateItem,
  useChannelRates,
  useResetChannelRates,
  useSaveChannelRates,
} from '../../api/channel-rates';
import { isApiError } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { errorMessage } from '../../lib/form-errors';
import { notifySuccess } from '../../lib/notify';
import { canAdmin } from '../../lib/roles';
import { useCurrentWorkspace } from '../../routes/workspace-context';
import { RateRangeFields } from '../channel-rates/RateRangeFields';
import {
  type Draft,
  diffFrom,
  draftFrom,
  draftToRates,
  formatAmount,
  formatPercent,
  formatRange,
  untouchedPart,
  validateDraft,
} from '../channel-rates/rates';
import { uiPlanLanguage, vocabLabel } from '../plans/vocab';

export function ChannelRatesPanel() {
  const { t, i18n } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const isAdmin = canAdmin(workspace.role);
  const rates = useChannelRates(workspace.id);
  const [editing, setEditing] = useState<ChannelRateItem | null>(null);
  const language = uiPlanLanguage(i18n.language);

  return (
    <Stack gap="md">
      <div>
        <Title order={3} fz="lg">
          {t('channelRates.title')}
        </Title>
        <Text size="sm" c="dimmed" mt={4}>
          {t('channelRates.intro')}
        </Text>
      </div>
      {!isAdmin && (
        <Alert
          variant="light"
          color="gray"
          icon={<IconInfoCircle aria-hidden />}
          data-testid="channel-rates-readonly"
        >
          {t('channelRates.readOnly')}
        </Alert>
      )}
      {rates.isPending ? (
        <Skeleton h={320} />
      ) : rates.error ? (
        <ErrorState error={rates.error} onRetry={() => void rates.refetch()} />
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={760} type="native">
            <Table
              verticalSpacing="sm"
              highlightOnHover
              className="ml-rates-table"
              data-testid="channel-rates-table"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('channelRates.columns.channel')}</Table.Th>
                  <Table.Th>{t('channelRates.columns.costModel')}</Table.Th>
                  <Table.Th ta="right">{t('channelRates.columns.unitCost')}</Table.Th>
                  <Table.Th ta="right">{t('channelRates.fields.ctr')}</Table.Th>
                  <Table.Th ta="right">{t('channelRates.fields.visitToLead')}</Table.Th>
                  <Table.Th ta="right">{t('channelRates.fields.leadToCustomer')}</Table.Th>
                  {isAdmin && (
                    <Table.Th w={90}>
                      <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rates.data.map((item) => {
                  const name = vocabLabel('channel', item.channel, language);
                  const e = item.effective;
                  return (
                    <Table.Tr key={item.channel} data-testid="channel-rate-row" data-channel={item.channel}>
                      <Table.Td>
                        <Group gap={6} wrap="wrap" miw={180}>
                          <Text size="sm" fw={600}>
                            {name}
                          </Text>
                          {item.override && (
                            <Badge size="xs" variant="light" color="indigo" data-testid="channel-rate-custom">
                              {t('channelRates.customised')}
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {t(`channelRates.costModels.${e.costModel}`)}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right" className="ml-num">
                        {formatAmount(e.unitCost.likely, i18n.language)}
                      </Table.Td>
                      <Table.Td ta="right" className="ml-num">
                        {formatPercent(e.ctr.likely, i18n.language)}
                      </Table.Td>
                      <Table.Td ta="right" className="ml-num">
                        {formatPercent(e.visitToLead.likely, i18n.language)}
                      </Table.Td>
                      <Table.Td ta="right" className="ml-num">
                        {formatPercent(e.leadToCustomer.likely, i18n.language)}
                      </Table.Td>
                      {isAdmin && (
                        <Table.Td ta="right">
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            leftSection={<IconPencil size={14} aria-hidden />}
                            aria-label={t('channelRates.editNamed', { name })}
                            onClick={() => setEditing(item)}
                            data-testid="channel-rate-edit"
                          >
                            {t('common.edit')}
                          </Button>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <Text size="xs" c="dimmed">
        {t('channelRates.footnote')}
      </Text>
      {editing && <EditRatesModal key={editing.channel} item={editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}

function EditRatesModal({ item, onClose }: { item: ChannelRateItem; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const save = useSaveChannelRates(workspace.id);
  const reset = useResetChannelRates(workspace.id);
  const isPhone = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
  const [draft, setDraft] = useState<Draft>(() => draftFrom(item.effective));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const name = vocabLabel('channel', item.channel, uiPlanLanguage(i18n.language));
  const busy = save.isPending || reset.isPending;

  const done = (message: string) => {
    notifySuccess(message);
    onClose();
  };

  const submit = () => {
    setFailure(null);
    const found = validateDraft(draft, t);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const rates = { ...untouchedPart(item.override), ...diffFrom(draftToRates(draft), item.benchmark) };
    if (Object.keys(rates).length === 0) {
      // Everything is back at the benchmark: drop the override rather than store an empty one.
      if (!item.override) return onClose();
      reset.mutate(item.channel, {
        onSuccess: () => done(t('channelRates.resetDone', { name })),
        onError: setFailure,
      });
      return;
    }
    save.mutate(
      { channel: item.channel, rates },
      { onSuccess: () => done(t('channelRates.saved', { name })), onError: setFailure },
    );
  };

  const resetToBenchmark = () => {
    setFailure(null);
    reset.mutate(item.channel, {
      onSuccess: () => done(t('channelRates.resetDone', { name })),
      onError: setFailure,
    });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('channelRates.modalTitle', { name })}
      size="xl"
      fullScreen={isPhone}
      data-testid="channel-rate-modal"
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('channelRates.modalIntro', {
              model: t(`channelRates.costModels.${item.effective.costModel}`),
            })}
          </Text>
          <RateRangeFields
            costModel={item.effective.costModel}
            value={(field, bound) => draft[field][bound]}
            onChange={(field, bound, value) => {
              setDraft((d) => ({ ...d, [field]: { ...d[field], [bound]: value } }));
              setErrors((e) => {
                const { [`${field}.${bound}`]: _, ...rest } = e;
                return rest;
              });
            }}
            hint={(field) =>
              t('channelRates.benchmarkHint', {
                value: formatRange(field, item.benchmark[field], i18n.language),
              })
            }
            error={(field, bound) => errors[`${field}.${bound}`]}
          />
          {failure !== null && (
            <Alert color="red" variant="light" data-testid="channel-rate-error">
              {errorMessage(failure, t)}
              {isApiError(failure, 400) &&
                failure.message &&
                errorMessage(failure, t) !== failure.message && (
                  <Text size="xs" mt={4}>
                    {failure.message}
                  </Text>
                )}
            </Alert>
          )}
          <Group justify="space-between" gap="sm">
            <Button
              variant="subtle"
              color="gray"
              leftSection={<IconRestore size={16} aria-hidden />}
              disabled={!item.override || busy}
              loading={reset.isPending}
              onClick={resetToBenchmark}
              data-testid="channel-rate-reset"
            >
              {t('channelRates.reset')}
            </Button>
            <Group gap="sm">
              <Button variant="default" onClick={onClose} disabled={busy}>
                {t('common.cancel')}
              </Button>
              <Button
                type="submit"
                loading={save.isPending}
                disabled={reset.isPending}
                data-testid="channel-rate-save"
              >
                {t('common.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
