import { IconChartBar, IconMail, IconReportSearch, IconScale, IconUsersGroup } from '@tabler/icons-react';

/** Sections of the planning loop that later issues build; each shows an honest "not built yet" page. */
export const SECTIONS = ['analytics', 'audience', 'research', 'email', 'evaluation'] as const;
export type Section = (typeof SECTIONS)[number];

export const sectionIcons: Record<Section, typeof IconChartBar> = {
  analytics: IconChartBar,
  audience: IconUsersGroup,
  research: IconReportSearch,
  email: IconMail,
  evaluation: IconScale,
};
