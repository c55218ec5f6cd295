import {
  ActionIcon,
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import {
  IconChartBar,
  IconCode,
  IconPencil,
  IconPlus,
  IconSettings,
  IconTrash,
  IconWorld,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Site, useDeleteSite, useSites } from '../../api/analytics';
import { useCompanies } from '../../api/companies';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { notifyError, notifySuccess } from '../../lib/notify';
import { canAdmin, canEdit } from '../../lib/roles';
import { useCurrentWorkspace } from '../../routes/workspace-context';
import './analytics.css';
import { InstallSnippet } from './InstallSnippet';
import { SiteFormModal } from './SiteFormModal';

export function InstallModal({
  site,
  onClose,
  fresh,
}: {
  site: Site | null;
  onClose: () => void;
  fresh?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={site !== null}
      onClose={onClose}
      title={fresh ? t('analytics.install.freshTitle') : t('analytics.install.title')}
      size="lg"
      data-testid="install-modal"
    >
      {site && (
        <Stack>
          {fresh && <Text size="sm">{t('analytics.install.freshText', { name: site.name })}</Text>}
          <InstallSnippet site={site} />
        </Stack>
      )}
    </Modal>
  );
}

/** The Analytics section: the workspace's tracked websites. */
export function SitesPage() {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const sites = useSites(workspace.id);
  const companies = useCompanies(workspace.id);
  const remove = useDeleteSite(workspace.id);
  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<Site | null>(null);
  const [deleting, setDeleting] = useState<Site | null>(null);
  const [installing, setInstalling] = useState<{ site: Site; fresh: boolean } | null>(null);
  const mayEdit = canEdit(workspace.role);
  const mayDelete = canAdmin(workspace.role);
  const base = `/w/${workspace.id}/analytics`;
  const companyName = (id: string | null) =>
    id ? companies.data?.find((c) => c.id === id)?.name : undefined;

  const openCreate = () => {
    setEditing(null);
    setFormOpen(true);
  };

  const addButton = mayEdit && (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={openCreate} data-testid="site-add">
      {t('analytics.sites.add')}
    </Button>
  );

  let body: React.ReactNode;
  if (sites.isPending) {
    body = (
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Skeleton h={150} />
        <Skeleton h={150} />
      </SimpleGrid>
    );
  } else if (sites.error) {
    body = <ErrorState error={sites.error} onRetry={() => void sites.refetch()} />;
  } else if (sites.data.length === 0) {
    body = (
      <Paper withBorder p={{ base: 'lg', sm: 48 }}>
        <EmptyState
          icon={<IconChartBar size={28} aria-hidden />}
          title={t('analytics.sites.emptyTitle')}
          description={mayEdit ? t('analytics.sites.emptyText') : t('analytics.sites.emptyViewer')}
          data-testid="sites-empty"
        >
          {mayEdit && (
            <EmptyState.Actions>
              <Button
                leftSection={<IconPlus size={16} aria-hidden />}
                onClick={openCreate}
                data-testid="site-add"
              >
                {t('analytics.sites.addFirst')}
              </Button>
            </EmptyState.Actions>
          )}
        </EmptyState>
      </Paper>
    );
  } else {
    body = (
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" data-testid="sites-list">
        {sites.data.map((site) => {
          const company = companyName(site.companyId);
          return (
            <Card key={site.id} withBorder padding="md" data-testid="site-card" data-site-id={site.id}>
              <Stack gap="sm" h="100%">
                <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Text
                      component={Link}
                      to={`${base}/${site.id}`}
                      fw={650}
                      fz="lg"
                      className="ml-break"
                      data-testid="site-open"
                    >
                      {site.name}
                    </Text>
                    {company && (
                      <Text size="sm" c="dimmed" className="ml-break">
                        {company}
                      </Text>
                    )}
                  </Stack>
                  <Group gap={2} wrap="nowrap">
                    {mayEdit && (
                      <Tooltip label={t('common.edit')} openDelay={400}>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={t('analytics.sites.editNamed', { name: site.name })}
                          onClick={() => {
                            setEditing(site);
                            setFormOpen(true);
                          }}
                          data-testid="site-edit"
                        >
                          <IconPencil size={18} aria-hidden />
                        </ActionIcon>
                      </Tooltip>
                    )}
                    {mayDelete && (
                      <Tooltip label={t('common.delete')} openDelay={400}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('analytics.sites.deleteNamed', { name: site.name })}
                          onClick={() => setDeleting(site)}
                          data-testid="site-delete"
                        >
                          <IconTrash size={18} aria-hidden />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Group>
                </Group>
                <Group gap={6} wrap="wrap">
                  <IconWorld size={16} aria-hidden style={{ opacity: 0.6 }} />
                  {site.hostnames.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      {t('analytics.sites.anyHostname')}
                    </Text>
                  ) : (
                    site.hostnames.map((h) => (
                      <Badge key={h} variant="light" color="gray" tt="none" fw={500}>
                        {h}
                      </Badge>
                    ))
                  )}
                </Group>
                <Group gap="xs" mt="auto" wrap="wrap">
                  <Button
                    component={Link}
                    to={`${base}/${site.id}`}
                    size="xs"
                    leftSection={<IconChartBar size={14} aria-hidden />}
                    data-testid="site-dashboard"
                  >
                    {t('analytics.sites.dashboard')}
                  </Button>
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconCode size={14} aria-hidden />}
                    onClick={() => setInstalling({ site, fresh: false })}
                    data-testid="site-install"
                  >
                    {t('analytics.sites.snippet')}
                  </Button>
                  <Button
                    component={Link}
                    to={`${base}/${site.id}/settings`}
                    size="xs"
                    variant="subtle"
                    color="gray"
                    leftSection={<IconSettings size={14} aria-hidden />}
                    data-testid="site-settings"
                  >
                    {t('analytics.sites.settings')}
                  </Button>
                </Group>
              </Stack>
            </Card>
          );
        })}
      </SimpleGrid>
    );
  }

  return (
    <Stack gap={0} data-testid="analytics-sites">
      <PageHeader
        title={t('analytics.sites.title')}
        description={t('analytics.sites.description')}
        actions={sites.data && sites.data.length > 0 ? addButton : undefined}
      />
      {body}
      <SiteFormModal
        workspaceId={workspace.id}
        site={editing}
        opened={formOpen}
        onClose={() => setFormOpen(false)}
        onCreated={(site) => setInstalling({ site, fresh: true })}
      />
      <InstallModal
        site={installing?.site ?? null}
        fresh={installing?.fresh}
        onClose={() => setInstalling(null)}
      />
      <ConfirmModal
        opened={deleting !== null}
        title={t('analytics.sites.deleteTitle')}
        message={t('analytics.sites.deleteMessage', { name: deleting?.name ?? '' })}
        confirmLabel={t('analytics.sites.deleteConfirm')}
        loading={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() => {
          if (!deleting) return;
          const name = deleting.name;
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notifySuccess(t('analytics.sites.deleted', { name }));
              setDeleting(null);
            },
            onError: (e) => notifyError(e, t),
          });
        }}
      />
    </Stack>
  );
}
