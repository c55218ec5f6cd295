import { AppShell, Badge, Burger, Container, Group, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconBuilding,
  IconChartBar,
  IconClipboardList,
  IconLayoutDashboard,
  IconSettings,
} from '@tabler/icons-react';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation, useParams } from 'react-router';
import { useMe } from '../api/me';
import { AccountMenu } from '../components/AccountMenu';
import { AuthLayout } from '../components/AuthLayout';
import { ColorSchemeToggle } from '../components/ColorSchemeToggle';
import { ErrorState } from '../components/ErrorState';
import { FullPageLoader } from '../components/FullPageLoader';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { Logo } from '../components/Logo';
import { RoleBadge } from '../components/RoleBadge';
import { WorkspaceSwitcher } from '../components/WorkspaceSwitcher';
import { SECTIONS, sectionIcons } from '../features/sections/sections';
import { rememberWorkspace } from '../lib/last-workspace';
import { WorkspaceMissing } from './WorkspaceMissing';
import { WorkspaceContext } from './workspace-context';

export function AppLayout() {
  const { t } = useTranslation();
  const { workspaceId = '' } = useParams();
  const location = useLocation();
  const { data: me, isPending, error, refetch } = useMe();
  const [navOpened, nav] = useDisclosure(false);

  const workspace = me?.workspaces.find((w) => w.id === workspaceId);
  const context = useMemo(() => (me && workspace ? { workspace, user: me.user } : null), [me, workspace]);

  useEffect(() => {
    if (workspace) rememberWorkspace(workspace.id);
  }, [workspace]);

  // Close the phone navbar after navigating.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every route change by design
  useEffect(() => {
    nav.close();
  }, [location.pathname]);

  if (isPending) return <FullPageLoader />;
  if (error) {
    return (
      <AuthLayout>
        <ErrorState error={error} onRetry={() => void refetch()} />
      </AuthLayout>
    );
  }
  if (!me) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (!workspace || !context) return <WorkspaceMissing />;

  const base = `/w/${workspace.id}`;
  const items = [
    { key: 'overview', to: base, icon: IconLayoutDashboard, built: true },
    { key: 'companies', to: `${base}/companies`, icon: IconBuilding, built: true },
    { key: 'plans', to: `${base}/plans`, icon: IconClipboardList, built: true },
    { key: 'analytics', to: `${base}/analytics`, icon: IconChartBar, built: true },
    ...SECTIONS.map((section) => ({
      key: section,
      to: `${base}/${section}`,
      icon: sectionIcons[section],
      built: false,
    })),
    { key: 'settings', to: `${base}/settings`, icon: IconSettings, built: true },
  ];
  const isActive = (to: string) =>
    to === base
      ? location.pathname === base || location.pathname === `${base}/`
      : location.pathname.startsWith(to);

  return (
    <WorkspaceContext.Provider value={context}>
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: { sm: 220, lg: 250 }, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
        padding={0}
      >
        <a href="#main-content" className="ml-skip-link">
          {t('header.skipToContent')}
        </a>
        <AppShell.Header>
          <Group h="100%" px={{ base: 'sm', sm: 'md' }} justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
              <Burger
                opened={navOpened}
                onClick={nav.toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={navOpened ? t('header.closeNav') : t('header.openNav')}
                data-testid="nav-burger"
              />
              <Link
                to={base}
                aria-label={t('nav.overview')}
                style={{ color: 'inherit', textDecoration: 'none' }}
              >
                <Group visibleFrom="sm">
                  <Logo />
                </Group>
                <Group hiddenFrom="sm">
                  <Logo withText={false} />
                </Group>
              </Link>
              <div style={{ minWidth: 0, maxWidth: 280, flex: '0 1 auto' }}>
                <WorkspaceSwitcher workspaces={me.workspaces} current={workspace} />
              </div>
            </Group>
            <Group gap={8} wrap="nowrap">
              <LanguageSwitch />
              <ColorSchemeToggle />
              <AccountMenu user={me.user} />
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar p="sm" aria-label={t('nav.label')} data-testid="navbar">
          <AppShell.Section grow component={ScrollArea}>
            <Stack gap={2}>
              {items.map((item) => {
                const Icon = item.icon;
                return (
                  <NavLink
                    key={item.key}
                    component={Link}
                    to={item.to}
                    label={t(`nav.${item.key}`)}
                    leftSection={<Icon size={18} stroke={1.7} aria-hidden />}
                    rightSection={
                      item.built ? null : (
                        <Badge size="xs" variant="default" radius="sm" fw={500} tt="none">
                          {t('nav.soon')}
                        </Badge>
                      )
                    }
                    active={isActive(item.to)}
                    aria-current={isActive(item.to) ? 'page' : undefined}
                    className="ml-nav-link"
                    data-testid={`nav-${item.key}`}
                  />
                );
              })}
            </Stack>
          </AppShell.Section>
          <AppShell.Section pt="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
            <Group gap={6} px={6} wrap="nowrap">
              <Text size="xs" c="dimmed">
                {t('nav.yourRole')}
              </Text>
              <RoleBadge role={workspace.role} size="xs" />
            </Group>
          </AppShell.Section>
        </AppShell.Navbar>

        <AppShell.Main className="ml-page-main" id="main-content" tabIndex={-1}>
          <Container size="lg" px={{ base: 'md', sm: 'xl' }} py={{ base: 'md', sm: 'xl' }}>
            <Outlet />
          </Container>
        </AppShell.Main>
      </AppShell>
    </WorkspaceContext.Provider>
  );
}
