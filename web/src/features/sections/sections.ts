import { IconMail, IconReportSearch, IconScale, IconUsersGroup } from '@tabler/icons-react';

/** Sections of the planning loop that later issues build; each shows an honest "not built yet" page. */
export const SECTIONS = ['audience', 'research', 'email', 'evaluation'] as const;
export type Section = (typeof SECTIONS)[number];

export const sectionIcons: Record<Section, typeof IconMail> = {
  audience: IconUsersGroup,
  research: IconReportSearch,
  email: IconMail,
  evaluation: IconScale,
};
