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

export function App() {
  return (
    <>
      <LocaleSync />
      <Routes>
        <Route index element={<RootRedirect />} />
        <Route path="setup" element={<SetupPage />} />
        <Route path="login" element={<LoginPage />} />
        <Route path="invite/:token" element={<InvitePage />} />
        <Route path="w/:workspaceId" element={<AppLayout />}>
          <Route index element={<OverviewPage />} />
          <Route path="companies" element={<CompaniesPage />} />
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
