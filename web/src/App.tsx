import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { LocaleSync } from './components/LocaleSync';
import { CompaniesPage } from './features/companies/CompaniesPage';
import { OverviewPage } from './features/overview/OverviewPage';
import { SectionPage } from './features/sections/SectionPage';
import { SECTIONS } from './features/sections/sections';
import { SettingsPage } from './features/settings/SettingsPage';
import { AppLayout } from './routes/AppLayout';
import { InvitePage } from './routes/InvitePage';
import { LoginPage } from './routes/LoginPage';
import { NotFoundPage } from './routes/NotFoundPage';
import { RootRedirect } from './routes/RootRedirect';
import { SetupPage } from './routes/SetupPage';

// The plan workspace brings charts and the plan schema; it loads when first opened.
const PlansPage = lazy(() => import('./features/plans/PlansPage').then((m) => ({ default: m.PlansPage })));
const PlanEditorPage = lazy(() =>
  import('./features/plans/PlanEditorPage').then((m) => ({ default: m.PlanEditorPage })),
);
// Web analytics (charts, dashboards) also loads when first opened.
const SitesPage = lazy(() => import('./features/analytics').then((m) => ({ default: m.SitesPage })));
const SiteDashboardPage = lazy(() =>
  import('./features/analytics').then((m) => ({ default: m.SiteDashboardPage })),
);
const SiteSettingsPage = lazy(() =>
  import('./features/analytics').then((m) => ({ default: m.SiteSettingsPage })),
);
const PublicDashboardPage = lazy(() =>
  import('./features/analytics').then((m) => ({ default: m.PublicDashboardPage })),
);

function Lazy({ children }: { children: React.ReactNode }) {
  return (
    <Suspense
      fallback={
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      }
    >
      {children}
    </Suspense>
  );
}

export function App() {
  return (
    <>
      <LocaleSync />
      <Routes>
        <Route index element={<RootRedirect />} />
        <Route path="setup" element={<SetupPage />} />
        <Route path="login" element={<LoginPage />} />
        <Route path="invite/:token" element={<InvitePage />} />
        <Route
          path="share/:token"
          element={
            <Lazy>
              <PublicDashboardPage />
            </Lazy>
          }
        />
        <Route path="w/:workspaceId" element={<AppLayout />}>
          <Route index element={<OverviewPage />} />
          <Route path="companies" element={<CompaniesPage />} />
          <Route
            path="plans"
            element={
              <Lazy>
                <PlansPage />
              </Lazy>
            }
          />
          <Route
            path="plans/:planId"
            element={
              <Lazy>
                <PlanEditorPage />
              </Lazy>
            }
          />
          <Route
            path="analytics"
            element={
              <Lazy>
                <SitesPage />
              </Lazy>
            }
          />
          <Route
            path="analytics/:siteId"
            element={
              <Lazy>
                <SiteDashboardPage />
              </Lazy>
            }
          />
          <Route
            path="analytics/:siteId/settings"
            element={
              <Lazy>
                <SiteSettingsPage />
              </Lazy>
            }
          />
          {SECTIONS.map((section) => (
            <Route key={section} path={section} element={<SectionPage section={section} />} />
          ))}
          <Route path="settings" element={<SettingsPage />} />
          <Route path="*" element={<NotFoundPage inShell />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </>
  );
}
