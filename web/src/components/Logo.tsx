import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconRefreshDot } from '@tabler/icons-react';

export function Logo({ withText = true, size = 'md' }: { withText?: boolean; size?: 'md' | 'lg' }) {
  const icon = size === 'lg' ? 40 : 32;
  return (
    <Group gap={8} wrap="nowrap" data-testid="logo">
      <ThemeIcon
        size={icon}
        radius="md"
        variant="gradient"
        gradient={{ from: 'indigo', to: 'teal', deg: 135 }}
      >
        <IconRefreshDot size={icon * 0.62} stroke={2} aria-hidden />
      </ThemeIcon>
      {withText && (
        <Text fw={700} fz={size === 'lg' ? 26 : 19} lh={1} style={{ letterSpacing: '-0.02em' }}>
          Marketloop
        </Text>
      )}
    </Group>
  );
}
