export { PublicDashboardPage } from './PublicDashboardPage';
export { SiteDashboardPage } from './SiteDashboardPage';
export { SiteSettingsPage } from './SiteSettingsPage';
export { SitesPage } from './SitesPage';
