import { ActionIcon, Menu, Tooltip } from '@mantine/core';
import { IconCheck, IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useMe, useUpdateMe } from '../api/me';
import type { Locale } from '../api/types';
import { setLanguage } from '../i18n';
import { LOCALES } from '../lib/locale';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const updateMe = useUpdateMe();

  const choose = (locale: Locale) => {
    setLanguage(locale);
    // Saved on the account too, so the choice follows the user to other browsers.
    if (me && me.user.locale !== locale) updateMe.mutate({ locale });
  };

  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={160}>
      <Menu.Target>
        <Tooltip label={t('header.language')} openDelay={400}>
          <ActionIcon variant="default" size="lg" aria-label={t('header.language')} data-testid="lang-switch">
            <IconLanguage size={18} aria-hidden />
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        {LOCALES.map((locale) => (
          <Menu.Item
            key={locale.value}
            lang={locale.value}
            onClick={() => choose(locale.value)}
            rightSection={i18n.language === locale.value ? <IconCheck size={16} aria-hidden /> : null}
            data-testid={`lang-${locale.value}`}
            aria-current={i18n.language === locale.value ? 'true' : undefined}
          >
            {locale.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
