import { Accordion, ActionIcon, Code, CopyButton, Group, List, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Site } from '../../api/analytics';
import { CopyField } from '../../components/CopyField';

function CodeBlock({ code, testId }: { code: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap" align="flex-start">
      <Code block className="ml-code" style={{ flex: 1, minWidth: 0 }} data-testid={testId}>
        {code}
      </Code>
      <CopyButton value={code}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? t('common.copied') : t('common.copy')} withArrow>
            <ActionIcon
              variant="subtle"
              color={copied ? 'teal' : 'gray'}
              onClick={copy}
              aria-label={t('common.copy')}
            >
              {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

/** The server the snippet points at (PUBLIC_URL), for the Plausible and Umami variants. */
function serverOrigin(snippet: string): string {
  const src = /src="([^"]+)"/.exec(snippet)?.[1];
  try {
    return src ? new URL(src, window.location.origin).origin : window.location.origin;
  } catch {
    return window.location.origin;
  }
}

/** The one-line snippet with a copy button, how to install it, and how to point Plausible's or Umami's script here. */
export function InstallSnippet({ site }: { site: Site }) {
  const { t } = useTranslation();
  const origin = serverOrigin(site.snippet);
  const customEvent = `marketloop('Signup', { props: { plan: 'gold' }, revenue: { amount: 49, currency: 'EUR' } })`;
  const plausible = `<script defer data-domain="${site.id}" data-api="${origin}/api/event" src="https://plausible.io/js/script.js"></script>`;
  const umami = `<script defer data-website-id="${site.id}" data-host-url="${origin}" src="https://cloud.umami.is/script.js"></script>`;

  return (
    <Stack gap="sm" data-testid="install-snippet">
      <CopyField value={site.snippet} label={t('analytics.install.snippet')} testId="site-snippet" />
      <List size="sm" spacing={4} type="ordered">
        <List.Item>{t('analytics.install.step1')}</List.Item>
        <List.Item>{t('analytics.install.step2')}</List.Item>
        <List.Item>{t('analytics.install.step3')}</List.Item>
      </List>
      {site.hostnames.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('analytics.install.anyHost')}
        </Text>
      )}
      <Accordion variant="separated" chevronPosition="right">
        <Accordion.Item value="events">
          <Accordion.Control>{t('analytics.install.eventsTitle')}</Accordion.Control>
          <Accordion.Panel>
            <Stack gap="xs">
              <Text size="sm">{t('analytics.install.eventsText')}</Text>
              <CodeBlock code={customEvent} testId="snippet-event" />
              <Text size="xs" c="dimmed">
                {t('analytics.install.eventsAuto')}
              </Text>
            </Stack>
          </Accordion.Panel>
        </Accordion.Item>
        <Accordion.Item value="plausible">
          <Accordion.Control>{t('analytics.install.plausibleTitle')}</Accordion.Control>
          <Accordion.Panel>
            <Stack gap="xs">
              <Text size="sm">{t('analytics.install.plausibleText')}</Text>
              <CodeBlock code={plausible} testId="snippet-plausible" />
            </Stack>
          </Accordion.Panel>
        </Accordion.Item>
        <Accordion.Item value="umami">
          <Accordion.Control>{t('analytics.install.umamiTitle')}</Accordion.Control>
          <Accordion.Panel>
            <Stack gap="xs">
              <Text size="sm">{t('analytics.install.umamiText')}</Text>
              <CodeBlock code={umami} testId="snippet-umami" />
            </Stack>
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
    </Stack>
  );
}
