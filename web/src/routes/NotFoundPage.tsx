import { Button, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AuthLayout } from '../components/AuthLayout';

export function NotFoundPage({ inShell = false }: { inShell?: boolean }) {
  const { t } = useTranslation();
  const body = (
    <Stack gap="md" align="flex-start" data-testid="not-found">
      <Title order={2} fz={22}>
        {t('notFound.title')}
      </Title>
      <Text c="dimmed" size="sm">
        {t('notFound.text')}
      </Text>
      <Button component={Link} to="/" variant="light">
        {t('notFound.home')}
      </Button>
    </Stack>
  );
  return inShell ? body : <AuthLayout>{body}</AuthLayout>;
}
