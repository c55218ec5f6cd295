import { Badge, Button, Group, Paper, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import {
  IconExternalLink,
  IconLink,
  IconLinkOff,
  IconPencil,
  IconRefresh,
  IconTrash,
} from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  type Site,
  useCreatePublicLink,
  useDeleteSite,
  useRevokePublicLink,
  useSite,
  useSiteDrops,
} from '../../api/analytics';
import { useCompanies } from '../../api/companies';
import { ConfirmModal } from '../../components/ConfirmModal';
import { CopyField } from '../../components/CopyField';
import { ErrorState } from '../../components/ErrorState';
import { absoluteUrl, formatDateTime } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { canAdmin, canEdit } from '../../lib/roles';
import { useCurrentWorkspace } from '../../routes/workspace-context';
import './analytics.css';
import { ChannelRulesSection } from './ChannelRulesSection';
import { formatCount } from './format';
import { InstallSnippet } from './InstallSnippet';
import { BackToSites } from './SiteDashboardPage';
import { SiteFormModal } from './SiteFormModal';

function Section({
  title,
  description,
  children,
  testId,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  testId: string;
}) {
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} data-testid={testId}>
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={3} fz="md">
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed" maw={720}>
              {description}
            </Text>
          )}
        </Stack>
        {children}
      </Stack>
    </Paper>
  );
}

function PublicLinkSection({ site, workspaceId }: { site: Site; workspaceId: string }) {
  const { t } = useTranslation();
  const create = useCreatePublicLink(workspaceId, site.id);
  const revoke = useRevokePublicLink(workspaceId, site.id);
  const [confirm, setConfirm] = useState<'rotate' | 'revoke' | null>(null);
  const [createdUrl, setCreatedUrl] = useState<string | null>(null);
  const token = site.publicToken;
  const url = token ? (createdUrl?.endsWith(token) ? createdUrl : absoluteUrl(`/share/${token}`)) : null;

  const makeLink = () =>
    create.mutate(undefined, {
      onSuccess: (link) => {
        setCreatedUrl(absoluteUrl(link.url));
        setConfirm(null);
        notifySuccess(t('analytics.publicLink.created'));
      },
      onError: (e) => notifyError(e, t),
    });

  return (
    <Section
      title={t('analytics.publicLink.title')}
      description={t('analytics.publicLink.description')}
      testId="public-link"
    >
      {url ? (
        <Stack gap="sm">
          <CopyField value={url} label={t('analytics.publicLink.url')} testId="public-link-url" />
          <Group gap="xs">
            <Button
              component="a"
              href={url}
              target="_blank"
              rel="noopener noreferrer"
              variant="subtle"
              size="xs"
              leftSection={<IconExternalLink size={14} aria-hidden />}
            >
              {t('analytics.publicLink.open')}
            </Button>
            <Button
              variant="light"
              color="orange"
              size="xs"
              leftSection={<IconRefresh size={14} aria-hidden />}
              onClick={() => setConfirm('rotate')}
              data-testid="public-link-rotate"
            >
              {t('analytics.publicLink.rotate')}
            </Button>
            <Button
              variant="light"
              color="red"
              size="xs"
              leftSection={<IconLinkOff size={14} aria-hidden />}
              onClick={() => setConfirm('revoke')}
              data-testid="public-link-revoke"
            >
              {t('analytics.publicLink.revoke')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Group>
          <Button
            leftSection={<IconLink size={16} aria-hidden />}
            onClick={makeLink}
            loading={create.isPending}
            data-testid="public-link-create"
          >
            {t('analytics.publicLink.create')}
          </Button>
        </Group>
      )}
      <ConfirmModal
        opened={confirm !== null}
        title={
          confirm === 'rotate' ? t('analytics.publicLink.rotateTitle') : t('analytics.publicLink.revokeTitle')
        }
        message={
          confirm === 'rotate'
            ? t('analytics.publicLink.rotateMessage')
            : t('analytics.publicLink.revokeMessage')
        }
        confirmLabel={
          confirm === 'rotate' ? t('analytics.publicLink.rotate') : t('analytics.publicLink.revoke')
        }
        color={confirm === 'rotate' ? 'orange' : 'red'}
        loading={create.isPending || revoke.isPending}
        onClose={() => setConfirm(null)}
        onConfirm={() => {
          if (confirm === 'rotate') makeLink();
          else
            revoke.mutate(undefined, {
              onSuccess: () => {
                setConfirm(null);
                setCreatedUrl(null);
                notifySuccess(t('analytics.publicLink.revoked'));
              },
              onError: (e) => notifyError(e, t),
            });
        }}
      />
    </Section>
  );
}

function DropsSection({ workspaceId, siteId }: { workspaceId: string; siteId: string }) {
  const { t, i18n } = useTranslation();
  const drops = useSiteDrops(workspaceId, siteId);
  let body: ReactNode;
  if (drops.isPending) body = <Skeleton h={80} />;
  else if (drops.error) body = <ErrorState error={drops.error} onRetry={() => void drops.refetch()} />;
  else {
    const reasons = Object.entries(drops.data.byReason)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1]);
    body =
      reasons.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="drops-none">
          {t('analytics.drops.none', { since: formatDateTime(drops.data.since, i18n.language) })}
        </Text>
      ) : (
        <Stack gap="xs">
          <Text size="sm">
            {t('analytics.drops.total', {
              count: drops.data.total,
              since: formatDateTime(drops.data.since, i18n.language),
            })}
          </Text>
          <Table.ScrollContainer minWidth={320}>
            <Table fz="sm" verticalSpacing={6} data-testid="drops-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('analytics.drops.reason')}</Table.Th>
                  <Table.Th ta="right">{t('analytics.drops.events')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {reasons.map(([reason, n]) => (
                  <Table.Tr key={reason} data-testid="drops-row" data-reason={reason}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {t(`analytics.drops.reasons.${reason}.label`, { defaultValue: reason })}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t(`analytics.drops.reasons.${reason}.help`, { defaultValue: '' })}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right" className="ml-num">
                      {formatCount(n, i18n.language)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      );
  }
  return (
    <Section title={t('analytics.drops.title')} description={t('analytics.drops.description')} testId="drops">
      {body}
    </Section>
  );
}

/** Site settings: details, install snippet, public link, dropped events, deletion. */
export function SiteSettingsPage() {
  const { t } = useTranslation();
  const { siteId = '' } = useParams();
  const navigate = useNavigate();
  const { workspace } = useCurrentWorkspace();
  const site = useSite(workspace.id, siteId);
  const companies = useCompanies(workspace.id);
  const remove = useDeleteSite(workspace.id);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const mayEdit = canEdit(workspace.role);

  if (site.isPending) return <Skeleton h={300} />;
  if (site.error) {
    return (
      <Stack>
        <BackToSites />
        <ErrorState error={site.error} onRetry={() => void site.refetch()} />
      </Stack>
    );
  }
  const s = site.data;
  const company = s.companyId ? companies.data?.find((c) => c.id === s.companyId)?.name : undefined;

  return (
    <Stack gap="md" data-testid="site-settings-page">
      <Stack gap={4}>
        <BackToSites />
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Title order={2} fz={{ base: 22, sm: 26 }} className="ml-break" data-testid="page-title">
            {t('analytics.settings.title', { name: s.name })}
          </Title>
          <Button component={Link} to={`/w/${workspace.id}/analytics/${s.id}`} variant="default" size="sm">
            {t('analytics.sites.dashboard')}
          </Button>
        </Group>
      </Stack>

      <Section title={t('analytics.settings.details')} testId="site-details">
        <Stack gap={6}>
          <Group gap="xs">
            <Text size="sm" c="dimmed" w={110}>
              {t('analytics.sites.name')}
            </Text>
            <Text size="sm" className="ml-break">
              {s.name}
            </Text>
          </Group>
          <Group gap="xs" align="flex-start">
            <Text size="sm" c="dimmed" w={110}>
              {t('analytics.sites.hostnames')}
            </Text>
            <Group gap={6} style={{ flex: 1, minWidth: 0 }}>
              {s.hostnames.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('analytics.sites.anyHostname')}
                </Text>
              ) : (
                s.hostnames.map((h) => (
                  <Badge key={h} variant="light" color="gray" tt="none" fw={500}>
                    {h}
                  </Badge>
                ))
              )}
            </Group>
          </Group>
          <Group gap="xs">
            <Text size="sm" c="dimmed" w={110}>
              {t('analytics.sites.company')}
            </Text>
            <Text size="sm">{company ?? '—'}</Text>
          </Group>
          <Group gap="xs">
            <Text size="sm" c="dimmed" w={110}>
              {t('analytics.settings.siteId')}
            </Text>
            <Text size="sm" ff="monospace" className="ml-break">
              {s.id}
            </Text>
          </Group>
        </Stack>
        {mayEdit && (
          <Group>
            <Button
              variant="light"
              size="xs"
              leftSection={<IconPencil size={14} aria-hidden />}
              onClick={() => setEditing(true)}
              data-testid="site-edit"
            >
              {t('common.edit')}
            </Button>
          </Group>
        )}
      </Section>

      <Section title={t('analytics.install.title')} testId="site-install-section">
        <InstallSnippet site={s} />
      </Section>

      {mayEdit && <PublicLinkSection site={s} workspaceId={workspace.id} />}

      <DropsSection workspaceId={workspace.id} siteId={s.id} />

      <ChannelRulesSection workspaceId={workspace.id} canEdit={mayEdit} />

      {canAdmin(workspace.role) && (
        <Section
          title={t('analytics.settings.danger')}
          description={t('analytics.settings.deleteText')}
          testId="site-danger"
        >
          <Group>
            <Button
              color="red"
              variant="light"
              leftSection={<IconTrash size={16} aria-hidden />}
              onClick={() => setDeleting(true)}
              data-testid="site-delete"
            >
              {t('analytics.sites.deleteConfirm')}
            </Button>
          </Group>
        </Section>
      )}

      <SiteFormModal workspaceId={workspace.id} site={s} opened={editing} onClose={() => setEditing(false)} />
      <ConfirmModal
        opened={deleting}
        title={t('analytics.sites.deleteTitle')}
        message={t('analytics.sites.deleteMessage', { name: s.name })}
        confirmLabel={t('analytics.sites.deleteConfirm')}
        loading={remove.isPending}
        onClose={() => setDeleting(false)}
        onConfirm={() =>
          remove.mutate(s.id, {
            onSuccess: () => {
              notifySuccess(t('analytics.sites.deleted', { name: s.name }));
              navigate(`/w/${workspace.id}/analytics`);
            },
            onError: (e) => notifyError(e, t),
          })
        }
      />
    </Stack>
  );
}
