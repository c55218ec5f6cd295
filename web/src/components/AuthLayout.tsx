import { Box, Container, Group, Paper } from '@mantine/core';
import type { ReactNode } from 'react';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { LanguageSwitch } from './LanguageSwitch';
import { Logo } from './Logo';

/** Centered card for the screens shown before the app shell: setup, sign-in, invitations. */
export function AuthLayout({ children, width = 460 }: { children: ReactNode; width?: number }) {
  return (
    <Box className="ml-auth-bg">
      <Group justify="space-between" px="md" py="sm">
        <Logo />
        <Group gap="xs">
          <LanguageSwitch />
          <ColorSchemeToggle />
        </Group>
      </Group>
      <Container size={width} px="md" pt={{ base: 'md', sm: 48 }} pb={64}>
        <Paper withBorder shadow="sm" p={{ base: 'lg', sm: 32 }} component="main">
          {children}
        </Paper>
      </Container>
    </Box>
  );
}
