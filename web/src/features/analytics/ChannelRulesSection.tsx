import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconDeviceFloppy, IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { channelGroupSchema } from '../../../../src/shared/contracts/sites';
import { type ChannelRules, useChannelRules, useSaveChannelRules } from '../../api/analytics';
import { ApiError } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { errorMessage } from '../../lib/form-errors';
import { notifySuccess } from '../../lib/notify';

type Channel = ChannelRules['rules'][number]['channel'];
const CHANNELS = channelGroupSchema.options;
const TEXT_FIELDS = ['source', 'medium', 'campaign', 'referrerHost'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
type RuleDraft = { key: number; channel: Channel } & Record<TextField, string>;
const HOST_LISTS = ['search', 'social', 'email', 'sms'] as const;
type HostList = (typeof HOST_LISTS)[number];

let nextKey = 1;
const draftOf = (r: Partial<ChannelRules['rules'][number]>): RuleDraft => ({
  key: nextKey++,
  channel: r.channel ?? 'Referral',
  source: r.source ?? '',
  medium: r.medium ?? '',
  campaign: r.campaign ?? '',
  referrerHost: r.referrerHost ?? '',
});

/** A server error's field (`rules.2.source`, `rules.2`, `hosts.social.1`) split into where it belongs. */
function locate(error: unknown): { rule?: number; field?: string; hosts?: HostList } | null {
  if (!(error instanceof ApiError) || !error.field) return null;
  const rule = /^rules\.(\d+)(?:\.(\w+))?/.exec(error.field);
  if (rule) return { rule: Number(rule[1]), field: rule[2] };
  const hosts = /^hosts\.(search|social|email|sms)/.exec(error.field);
  if (hosts) return { hosts: hosts[1] as HostList };
  return null;
}

/**
 * The workspace's own channel-grouping rules (checked before the built-in ones, for every site of
 * the workspace): rows of channel + source/medium/campaign/referrer host, and extra host lists.
 * Editors edit and save; viewers read. Server validation errors are shown on the field they name.
 */
export function ChannelRulesSection({ workspaceId, canEdit }: { workspaceId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const query = useChannelRules(workspaceId);
  const save = useSaveChannelRules(workspaceId);
  const [rules, setRules] = useState<RuleDraft[] | null>(null);
  const [hosts, setHosts] = useState<Record<HostList, string[]>>({
    search: [],
    social: [],
    email: [],
    sms: [],
  });
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!query.data || rules !== null) return;
    setRules(query.data.rules.map(draftOf));
    setHosts({
      search: query.data.hosts.search ?? [],
      social: query.data.hosts.social ?? [],
      email: query.data.hosts.email ?? [],
      sms: query.data.hosts.sms ?? [],
    });
  }, [query.data, rules]);

  const where = locate(error);
  // The input names the field already: `rules.0.source: too long` reads as `too long`.
  const shortError = () =>
    (error instanceof ApiError ? error.message : errorMessage(error, t)).replace(/^[\w.]+:\s*/, '');
  const fieldError = (index: number, field: string) =>
    where?.rule === index && (where.field === field || (!where.field && field === 'source'))
      ? shortError()
      : undefined;
  const setRule = (key: number, change: Partial<RuleDraft>) =>
    setRules((all) => (all ?? []).map((r) => (r.key === key ? { ...r, ...change } : r)));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!rules) return;
    setError(null);
    const body: ChannelRules = {
      rules: rules.map((r) => {
        const rule: ChannelRules['rules'][number] = { channel: r.channel };
        for (const f of TEXT_FIELDS) if (r[f].trim()) rule[f] = r[f].trim();
        return rule;
      }),
      hosts,
    };
    save.mutate(body, {
      onSuccess: (saved) => {
        setRules(saved.rules.map(draftOf));
        setHosts({
          search: saved.hosts.search ?? [],
          social: saved.hosts.social ?? [],
          email: saved.hosts.email ?? [],
          sms: saved.hosts.sms ?? [],
        });
        notifySuccess(t('analytics.channelRules.saved'));
      },
      onError: setError,
    });
  };

  let body: React.ReactNode;
  if (query.isPending || (query.data && rules === null)) body = <Skeleton h={120} />;
  else if (query.error) body = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  else {
    const list = rules ?? [];
    body = (
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {list.length === 0 && (
            <Text size="sm" c="dimmed" data-testid="channel-rules-empty">
              {t('analytics.channelRules.empty')}
            </Text>
          )}
          {list.map((rule, index) => (
            <Paper key={rule.key} withBorder p="xs" data-testid="channel-rule">
              <Group gap="xs" align="flex-start" wrap="nowrap">
                <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="xs" style={{ flex: 1, minWidth: 0 }}>
                  <Select
                    size="xs"
                    label={t('analytics.channelRules.channel')}
                    data={CHANNELS.map((c) => ({
                      value: c,
                      label: t(`analytics.channels.${c}`, { defaultValue: c }),
                    }))}
                    value={rule.channel}
                    onChange={(v) => v && setRule(rule.key, { channel: v as Channel })}
                    allowDeselect={false}
                    disabled={!canEdit}
                    error={fieldError(index, 'channel')}
                    data-testid="channel-rule-channel"
                  />
                  {TEXT_FIELDS.map((f) => (
                    <TextInput
                      key={f}
                      size="xs"
                      label={t(`analytics.channelRules.${f}`)}
                      placeholder={
                        f === 'referrerHost' ? 'partner.example' : f === 'source' ? 'partner*' : ''
                      }
                      value={rule[f]}
                      maxLength={f === 'referrerHost' ? 253 : 200}
                      onChange={(e) => setRule(rule.key, { [f]: e.currentTarget.value })}
                      readOnly={!canEdit}
                      error={fieldError(index, f)}
                      data-testid={`channel-rule-${f}`}
                    />
                  ))}
                </SimpleGrid>
                {canEdit && (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mt={22}
                    onClick={() => setRules(list.filter((r) => r.key !== rule.key))}
                    aria-label={t('analytics.channelRules.remove', { n: index + 1 })}
                    data-testid="channel-rule-remove"
                  >
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                )}
              </Group>
            </Paper>
          ))}
          {canEdit && (
            <Group>
              <Button
                size="xs"
                variant="light"
                leftSection={<IconPlus size={14} aria-hidden />}
                onClick={() => setRules([...list, draftOf({})])}
                disabled={list.length >= 200}
                data-testid="channel-rule-add"
              >
                {t('analytics.channelRules.add')}
              </Button>
            </Group>
          )}
          <Title order={4} fz="sm" mt="xs">
            {t('analytics.channelRules.hostsTitle')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            {HOST_LISTS.map((h) => (
              <TagsInput
                key={h}
                size="xs"
                label={t(`analytics.channelRules.hosts.${h}`)}
                placeholder={canEdit ? t('analytics.channelRules.hostPlaceholder') : undefined}
                value={hosts[h]}
                onChange={(v) => setHosts((all) => ({ ...all, [h]: v }))}
                readOnly={!canEdit}
                maxTags={500}
                splitChars={[',', ' ']}
                clearable={canEdit}
                error={where?.hosts === h ? shortError() : undefined}
                data-testid={`channel-hosts-${h}`}
              />
            ))}
          </SimpleGrid>
          {error != null && !where && (
            <Alert color="red" variant="light" data-testid="channel-rules-error">
              {errorMessage(error, t)}
            </Alert>
          )}
          {canEdit && (
            <Group>
              <Button
                type="submit"
                size="sm"
                leftSection={<IconDeviceFloppy size={16} aria-hidden />}
                loading={save.isPending}
                data-testid="channel-rules-save"
              >
                {t('analytics.channelRules.save')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    );
  }

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} data-testid="channel-rules">
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={3} fz="md">
            {t('analytics.channelRules.title')}
          </Title>
          <Text size="sm" c="dimmed" maw={720}>
            {t('analytics.channelRules.text')}
          </Text>
        </Stack>
        {body}
      </Stack>
    </Paper>
  );
}
