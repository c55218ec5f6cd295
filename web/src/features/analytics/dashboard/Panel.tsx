import { ActionIcon, Button, Group, Menu, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconChevronDown, IconDownload } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface PanelTab {
  key: string;
  label: string;
  /** Tabs grouped under one menu button (the five UTM reports). */
  group?: string;
}

/** A dashboard card: title, optional tabs, a CSV export of what it shows, then its body. */
export function Panel({
  title,
  testId,
  tabs,
  tab,
  onTab,
  csvHref,
  actions,
  children,
}: {
  title: string;
  testId: string;
  tabs?: PanelTab[];
  tab?: string;
  onTab?: (key: string) => void;
  csvHref?: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const plain = tabs?.filter((x) => !x.group) ?? [];
  const groups = new Map<string, PanelTab[]>();
  for (const x of tabs ?? []) if (x.group) groups.set(x.group, [...(groups.get(x.group) ?? []), x]);

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} data-testid={testId} className="ml-panel">
      <Stack gap="sm" h="100%">
        <Group justify="space-between" gap="xs" wrap="nowrap" align="center">
          <Title order={3} fz="md" fw={650} style={{ minWidth: 0 }} lineClamp={1}>
            {title}
          </Title>
          <Group gap={4} wrap="nowrap">
            {actions}
            {csvHref && (
              <Tooltip label={t('analytics.exportCsv')} openDelay={300}>
                <ActionIcon
                  component="a"
                  href={csvHref}
                  download
                  variant="subtle"
                  color="gray"
                  aria-label={t('analytics.exportCsvNamed', { name: title })}
                  data-testid={`${testId}-csv`}
                >
                  <IconDownload size={17} aria-hidden />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        </Group>
        {tabs && tabs.length > 1 && (
          <Group gap={4} wrap="wrap" role="tablist" aria-label={title}>
            {plain.map((x) => (
              <Button
                key={x.key}
                size="compact-sm"
                variant={x.key === tab ? 'light' : 'subtle'}
                color={x.key === tab ? undefined : 'gray'}
                role="tab"
                aria-selected={x.key === tab}
                onClick={() => onTab?.(x.key)}
                data-testid={`${testId}-tab-${x.key}`}
              >
                {x.label}
              </Button>
            ))}
            {[...groups.entries()].map(([group, items]) => {
              const active = items.find((x) => x.key === tab);
              return (
                <Menu key={group} position="bottom-start" shadow="md">
                  <Menu.Target>
                    <Button
                      size="compact-sm"
                      variant={active ? 'light' : 'subtle'}
                      color={active ? undefined : 'gray'}
                      rightSection={<IconChevronDown size={12} aria-hidden />}
                      role="tab"
                      aria-selected={Boolean(active)}
                      data-testid={`${testId}-tab-${group}`}
                    >
                      {active ? active.label : group}
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    {items.map((x) => (
                      <Menu.Item
                        key={x.key}
                        onClick={() => onTab?.(x.key)}
                        data-testid={`${testId}-tab-${x.key}`}
                      >
                        {x.label}
                      </Menu.Item>
                    ))}
                  </Menu.Dropdown>
                </Menu>
              );
            })}
          </Group>
        )}
        <div style={{ flex: 1, minHeight: 0 }}>{children}</div>
      </Stack>
    </Paper>
  );
}

export function EmptyPanel({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed" ta="center" py="lg">
      {children}
    </Text>
  );
}
