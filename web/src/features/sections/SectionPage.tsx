import { Badge, Button, Group, List, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconArrowRight, IconPoint } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCurrentWorkspace } from '../../routes/workspace-context';
import { type Section, sectionIcons } from './sections';

export function SectionPage({ section }: { section: Section }) {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const Icon = sectionIcons[section];
  const points = t(`sections.${section}.points`, { returnObjects: true }) as unknown;

  return (
    <Stack gap="lg" data-testid={`section-${section}`}>
      <Group gap="md" align="center" wrap="nowrap">
        <ThemeIcon size={48} radius="md" variant="light">
          <Icon size={26} aria-hidden />
        </ThemeIcon>
        <div style={{ minWidth: 0 }}>
          <Group gap="sm" align="center">
            <Title order={2} fz={{ base: 22, sm: 26 }} data-testid="page-title">
              {t(`nav.${section}`)}
            </Title>
            <Badge variant="outline" color="gray" data-testid="not-built-badge">
              {t('sections.notBuilt')}
            </Badge>
          </Group>
        </div>
      </Group>

      <Paper withBorder p={{ base: 'md', sm: 'xl' }}>
        <Stack gap="md">
          <Text size="md" maw={760}>
            {t(`sections.${section}.description`)}
          </Text>
          {Array.isArray(points) && (
            <>
              <Text size="sm" fw={600} c="dimmed" tt="uppercase" style={{ letterSpacing: '0.04em' }}>
                {t('sections.willCover')}
              </Text>
              <List spacing={6} size="sm" icon={<IconPoint size={16} aria-hidden />} center>
                {points.map((point) => (
                  <List.Item key={String(point)}>{String(point)}</List.Item>
                ))}
              </List>
            </>
          )}
          <Text size="sm" c="dimmed" maw={760}>
            {t('sections.notBuiltExplain')}
          </Text>
          <Group>
            <Button
              component={Link}
              to={`/w/${workspace.id}/companies`}
              variant="light"
              rightSection={<IconArrowRight size={16} aria-hidden />}
            >
              {t('sections.meanwhile')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
