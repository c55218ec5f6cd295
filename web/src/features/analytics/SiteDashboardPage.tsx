import { Anchor, Button, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconCode, IconSettings } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type StatsSource, useSite } from '../../api/analytics';
import { useCompanies } from '../../api/companies';
import { ErrorState } from '../../components/ErrorState';
import { canEdit } from '../../lib/roles';
import { useCurrentWorkspace } from '../../routes/workspace-context';
import { Dashboard } from './dashboard/Dashboard';
import { RealtimeBadge } from './dashboard/RealtimePanel';
import { useDashboardView } from './dashboard/view-state';
import { InstallModal } from './SitesPage';

export function BackToSites() {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  return (
    <Anchor
      component={Link}
      to={`/w/${workspace.id}/analytics`}
      size="sm"
      c="dimmed"
      data-testid="back-to-sites"
    >
      <Group gap={4} wrap="nowrap" component="span">
        <IconArrowLeft size={14} aria-hidden />
        {t('analytics.sites.title')}
      </Group>
    </Anchor>
  );
}

/** One site's dashboard inside the workspace (goal and funnel management for editors). */
export function SiteDashboardPage() {
  const { t } = useTranslation();
  const { siteId = '' } = useParams();
  const { workspace } = useCurrentWorkspace();
  const site = useSite(workspace.id, siteId);
  const companies = useCompanies(workspace.id);
  const { params } = useDashboardView();
  const [installing, setInstalling] = useState(false);
  const source: StatsSource = useMemo(
    () => ({ kind: 'workspace', workspaceId: workspace.id, siteId }),
    [workspace.id, siteId],
  );

  if (site.isPending) {
    return (
      <Stack>
        <Skeleton h={36} w={240} />
        <Skeleton h={90} />
        <Skeleton h={280} />
      </Stack>
    );
  }
  if (site.error) {
    return (
      <Stack>
        <BackToSites />
        <ErrorState error={site.error} onRetry={() => void site.refetch()} />
      </Stack>
    );
  }
  const company = site.data.companyId
    ? companies.data?.find((c) => c.id === site.data.companyId)?.name
    : undefined;

  return (
    <Stack gap="md" data-testid="site-dashboard-page">
      <Stack gap={4}>
        <BackToSites />
        <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
          <Stack gap={2} style={{ minWidth: 0, flex: '1 1 240px' }}>
            <Group gap="sm" align="center" wrap="wrap">
              <Title order={2} fz={{ base: 22, sm: 26 }} className="ml-break" data-testid="page-title">
                {site.data.name}
              </Title>
              <RealtimeBadge source={source} filters={params.filters} />
            </Group>
            {company && (
              <Text size="sm" c="dimmed">
                {company}
              </Text>
            )}
          </Stack>
          <Group gap="xs">
            <Button
              variant="default"
              size="sm"
              leftSection={<IconCode size={16} aria-hidden />}
              onClick={() => setInstalling(true)}
              data-testid="dashboard-snippet"
            >
              {t('analytics.sites.snippet')}
            </Button>
            <Button
              component={Link}
              to={`/w/${workspace.id}/analytics/${siteId}/settings`}
              variant="default"
              size="sm"
              leftSection={<IconSettings size={16} aria-hidden />}
              data-testid="dashboard-settings"
            >
              {t('analytics.sites.settings')}
            </Button>
          </Group>
        </Group>
      </Stack>
      <Dashboard
        source={source}
        site={site.data}
        firstEventAt={site.data.firstEventAt}
        manage={{ workspaceId: workspace.id, siteId, canEdit: canEdit(workspace.role) }}
      />
      <InstallModal site={installing ? site.data : null} onClose={() => setInstalling(false)} />
    </Stack>
  );
}
