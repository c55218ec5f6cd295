import {
  Anchor,
  Badge,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import {
  IconAdjustments,
  IconChartLine,
  IconCheck,
  IconCircleDashed,
  IconClipboardList,
  IconRocket,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCompanies } from '../../api/companies';
import { useMembers } from '../../api/members';
import { usePlans } from '../../api/plans';
import { ErrorState } from '../../components/ErrorState';
import { canAdmin, canEdit } from '../../lib/roles';
import { useCurrentWorkspace } from '../../routes/workspace-context';

interface Step {
  id: string;
  title: string;
  text: string;
  done: boolean;
  upcoming?: boolean;
  action?: ReactNode;
}

export function OverviewPage() {
  const { t } = useTranslation();
  const { workspace, user } = useCurrentWorkspace();
  const companies = useCompanies(workspace.id);
  const members = useMembers(workspace.id);
  const plans = usePlans(workspace.id);
  const base = `/w/${workspace.id}`;

  const loading = companies.isPending || members.isPending || plans.isPending;
  const error = companies.error ?? members.error ?? plans.error;
  const companyCount = companies.data?.length ?? 0;
  const memberCount = members.data?.length ?? 0;
  const planCount = plans.data?.length ?? 0;

  const steps: Step[] = [
    {
      id: 'workspace',
      title:
        workspace.role === 'owner'
          ? t('overview.steps.workspace.title')
          : t('overview.steps.workspace.joinedTitle', { workspace: workspace.name }),
      text:
        workspace.role === 'owner'
          ? t('overview.steps.workspace.text', { workspace: workspace.name })
          : t('overview.steps.workspace.joinedText', {
              workspace: workspace.name,
              role: t(`roles.${workspace.role}`),
            }),
      done: true,
    },
    {
      id: 'company',
      title: t(`overview.steps.company.title.${workspace.kind}`),
      text: t('overview.steps.company.text'),
      done: companyCount > 0,
      action: canEdit(workspace.role) ? (
        <Anchor component={Link} to={`${base}/companies`} size="sm" data-testid="step-company-action">
          {companyCount > 0 ? t('overview.steps.company.view') : t('overview.steps.company.action')}
        </Anchor>
      ) : null,
    },
    {
      id: 'invite',
      title: t('overview.steps.invite.title'),
      text: t('overview.steps.invite.text'),
      done: memberCount > 1,
      action: canAdmin(workspace.role) ? (
        <Anchor
          component={Link}
          to={`${base}/settings?tab=invitations`}
          size="sm"
          data-testid="step-invite-action"
        >
          {t('overview.steps.invite.action')}
        </Anchor>
      ) : (
        <Text size="sm" c="dimmed">
          {t('overview.steps.invite.askAdmin')}
        </Text>
      ),
    },
    {
      id: 'plan',
      title: t('overview.steps.plan.title'),
      text: t('overview.steps.plan.text'),
      done: planCount > 0,
      action: canEdit(workspace.role) ? (
        <Anchor component={Link} to={`${base}/plans`} size="sm" data-testid="step-plan-action">
          {planCount > 0 ? t('overview.steps.plan.view') : t('overview.steps.plan.action')}
        </Anchor>
      ) : null,
    },
  ];
  const countable = steps.filter((s) => !s.upcoming);
  const doneCount = countable.filter((s) => s.done).length;

  const loop = [
    { icon: IconClipboardList, key: 'plan' },
    { icon: IconRocket, key: 'run' },
    { icon: IconChartLine, key: 'measure' },
    { icon: IconAdjustments, key: 'adjust' },
  ];

  return (
    <Stack gap="lg">
      <div>
        <Title order={2} fz={{ base: 22, sm: 28 }} data-testid="page-title">
          {t('overview.welcome', { name: user.name.split(/\s+/)[0] || user.name })}
        </Title>
        <Text c="dimmed" size="sm" mt={4}>
          {t('overview.subtitle', {
            workspace: workspace.name,
            kind: t(`workspace.kinds.${workspace.kind}`),
          })}
        </Text>
      </div>

      <Paper withBorder p={{ base: 'md', sm: 'xl' }} data-testid="next-steps">
        <Group justify="space-between" align="center" mb="xs" wrap="wrap" gap="xs">
          <Title order={3} fz="lg">
            {t('overview.nextSteps')}
          </Title>
          {!loading && !error && (
            <Text size="sm" c="dimmed" data-testid="steps-progress">
              {t('overview.progress', { done: doneCount, total: countable.length })}
            </Text>
          )}
        </Group>
        {!loading && !error && (
          <Progress value={(doneCount / countable.length) * 100} size="sm" mb="lg" aria-hidden />
        )}
        {error ? (
          <ErrorState
            error={error}
            onRetry={() => {
              void companies.refetch();
              void members.refetch();
              void plans.refetch();
            }}
          />
        ) : loading ? (
          <Stack gap="sm">
            <Skeleton h={52} />
            <Skeleton h={52} />
            <Skeleton h={52} />
          </Stack>
        ) : (
          <Stack gap="md" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {steps.map((step) => (
              <Group
                key={step.id}
                component="li"
                align="flex-start"
                wrap="nowrap"
                gap="md"
                data-testid={`step-${step.id}`}
                data-done={step.done ? 'true' : 'false'}
              >
                <ThemeIcon
                  size={28}
                  radius="xl"
                  variant={step.done ? 'filled' : 'light'}
                  color={step.done ? 'teal' : 'gray'}
                  aria-label={step.done ? t('overview.done') : t('overview.todo')}
                >
                  {step.done ? <IconCheck size={16} /> : <IconCircleDashed size={16} />}
                </ThemeIcon>
                <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
                  <Group gap="xs">
                    <Text fw={600} size="sm">
                      {step.title}
                    </Text>
                    {step.upcoming && (
                      <Badge size="xs" variant="outline" color="gray">
                        {t('sections.notBuilt')}
                      </Badge>
                    )}
                  </Group>
                  <Text size="sm" c="dimmed">
                    {step.text}
                  </Text>
                  {!step.done && step.action}
                </Stack>
              </Group>
            ))}
          </Stack>
        )}
      </Paper>

      <Paper withBorder p={{ base: 'md', sm: 'xl' }}>
        <Title order={3} fz="lg" mb={4}>
          {t('overview.loopTitle')}
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          {t('overview.loopIntro')}
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
          {loop.map(({ icon: Icon, key }, index) => (
            <Stack key={key} gap={6}>
              <Group gap="xs" wrap="nowrap">
                <ThemeIcon variant="light" size={32} radius="md">
                  <Icon size={18} aria-hidden />
                </ThemeIcon>
                <Text fw={600} size="sm">
                  {index + 1}. {t(`overview.loop.${key}.title`)}
                </Text>
              </Group>
              <Text size="sm" c="dimmed">
                {t(`overview.loop.${key}.text`)}
              </Text>
            </Stack>
          ))}
        </SimpleGrid>
      </Paper>
    </Stack>
  );
}
