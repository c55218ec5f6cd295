import { Badge, Box, Container, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconLinkOff } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { type StatsSource, usePublicSite } from '../../api/analytics';
import { isApiError } from '../../api/client';
import { ColorSchemeToggle } from '../../components/ColorSchemeToggle';
import { ErrorState } from '../../components/ErrorState';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Logo } from '../../components/Logo';
import './analytics.css';
import { Dashboard } from './dashboard/Dashboard';
import { RealtimeBadge } from './dashboard/RealtimePanel';
import { useDashboardView } from './dashboard/view-state';

/** `/share/:token`: a site's dashboard, read-only, for anyone with the link (no sign-in). */
export function PublicDashboardPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const site = usePublicSite(token);
  const { params } = useDashboardView();
  const source: StatsSource = useMemo(() => ({ kind: 'public', token }), [token]);

  let body: React.ReactNode;
  if (site.isPending) {
    body = (
      <Stack>
        <Skeleton h={36} w={240} />
        <Skeleton h={90} />
        <Skeleton h={280} />
      </Stack>
    );
  } else if (site.error) {
    body = isApiError(site.error, 404) ? (
      <Paper withBorder p="xl" maw={560} data-testid="public-not-found">
        <Stack gap="sm">
          <Group gap="sm">
            <IconLinkOff size={24} aria-hidden />
            <Title order={2} fz={20}>
              {t('analytics.public.notFoundTitle')}
            </Title>
          </Group>
          <Text size="sm" c="dimmed">
            {t('analytics.public.notFoundText')}
          </Text>
        </Stack>
      </Paper>
    ) : (
      <ErrorState error={site.error} onRetry={() => void site.refetch()} />
    );
  } else {
    body = (
      <Stack gap="md" data-testid="public-dashboard">
        <Group gap="sm" align="center" wrap="wrap">
          <Title order={1} fz={{ base: 22, sm: 26 }} className="ml-break" data-testid="page-title">
            {site.data.name}
          </Title>
          <Badge variant="outline" color="gray" tt="none">
            {t('analytics.public.readOnly')}
          </Badge>
          <RealtimeBadge source={source} filters={params.filters} />
        </Group>
        <Dashboard source={source} site={null} firstEventAt={site.data.firstEventAt} manage={null} />
      </Stack>
    );
  }

  return (
    <Box className="ml-page-main">
      <Box
        component="header"
        px={{ base: 'sm', sm: 'md' }}
        h={60}
        style={{
          borderBottom: '1px solid var(--mantine-color-default-border)',
          background: 'var(--mantine-color-body)',
          display: 'flex',
          alignItems: 'center',
        }}
      >
        <Group justify="space-between" w="100%" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Logo />
            <Text size="sm" c="dimmed" visibleFrom="xs">
              {t('analytics.public.sharedDashboard')}
            </Text>
          </Group>
          <Group gap={8} wrap="nowrap">
            <LanguageSwitch />
            <ColorSchemeToggle />
          </Group>
        </Group>
      </Box>
      <Container size="lg" px={{ base: 'md', sm: 'xl' }} py={{ base: 'md', sm: 'xl' }} component="main">
        {body}
      </Container>
    </Box>
  );
}
