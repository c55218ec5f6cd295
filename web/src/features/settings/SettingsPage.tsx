import { Tabs } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconApi, IconMailForward, IconPercentage, IconSettings, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { canAdmin } from '../../lib/roles';
import { useCurrentWorkspace } from '../../routes/workspace-context';
import { ApiKeysPanel } from './ApiKeysPanel';
import { ChannelRatesPanel } from './ChannelRatesPanel';
import { GeneralPanel } from './GeneralPanel';
import { InvitationsPanel } from './InvitationsPanel';
import { MembersPanel } from './MembersPanel';

const ADMIN_TABS = ['invitations', 'api-keys'];

export function SettingsPage() {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const [params, setParams] = useSearchParams();
  const isAdmin = canAdmin(workspace.role);
  // Icons are dropped at phone width so the tabs fit on one line (the list scrolls when they do not).
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const icon = (Icon: typeof IconSettings) => (isPhone ? undefined : <Icon size={16} aria-hidden />);
  const requested = params.get('tab') ?? 'general';
  const tab = !isAdmin && ADMIN_TABS.includes(requested) ? 'general' : requested;

  return (
    <>
      <PageHeader
        title={t('nav.settings')}
        description={t('settings.intro', { workspace: workspace.name })}
      />
      <Tabs
        value={tab}
        onChange={(value) => setParams(value && value !== 'general' ? { tab: value } : {}, { replace: true })}
        keepMounted={false}
        styles={isPhone ? { tab: { paddingInline: 10 } } : undefined}
      >
        <Tabs.List mb="lg" style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' }}>
          <Tabs.Tab value="general" leftSection={icon(IconSettings)} data-testid="settings-tab-general">
            {t('settings.tabs.general')}
          </Tabs.Tab>
          <Tabs.Tab value="members" leftSection={icon(IconUsers)} data-testid="settings-tab-members">
            {t('settings.tabs.members')}
          </Tabs.Tab>
          <Tabs.Tab
            value="channel-rates"
            leftSection={icon(IconPercentage)}
            data-testid="settings-tab-channel-rates"
          >
            {t('settings.tabs.channelRates')}
          </Tabs.Tab>
          {isAdmin && (
            <Tabs.Tab
              value="invitations"
              leftSection={icon(IconMailForward)}
              data-testid="settings-tab-invitations"
            >
              {t('settings.tabs.invitations')}
            </Tabs.Tab>
          )}
          {isAdmin && (
            <Tabs.Tab value="api-keys" leftSection={icon(IconApi)} data-testid="settings-tab-api-keys">
              {t('settings.tabs.apiKeys')}
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="general">
          <GeneralPanel />
        </Tabs.Panel>
        <Tabs.Panel value="members">
          <MembersPanel />
        </Tabs.Panel>
        <Tabs.Panel value="channel-rates">
          <ChannelRatesPanel />
        </Tabs.Panel>
        {isAdmin && (
          <Tabs.Panel value="invitations">
            <InvitationsPanel />
          </Tabs.Panel>
        )}
        {isAdmin && (
          <Tabs.Panel value="api-keys">
            <ApiKeysPanel />
          </Tabs.Panel>
        )}
      </Tabs>
    </>
  );
}
