import { Button, Group, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';

export function AddButton({
  onClick,
  children,
  testId,
}: {
  onClick: () => void;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Group>
      <Button
        variant="light"
        size="xs"
        leftSection={<IconPlus size={14} aria-hidden />}
        onClick={onClick}
        data-testid={testId}
      >
        {children}
      </Button>
    </Group>
  );
}

export function Empty({ text }: { text: string }) {
  return (
    <Text size="sm" c="dimmed" py={4}>
      {text}
    </Text>
  );
}
