import { Alert, List, Paper, Stack, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays, isValidIsoDate } from '../../../../../../src/modules/plans/dates';
import type {
  ImplementationStage,
  Milestone,
  PlanTask,
  TaskStatus,
} from '../../../../../../src/shared/contracts/plan';
import { formatDate } from '../../../../lib/format';
import { GanttChart } from '../../charts/GanttChart';
import { IMPLEMENTATION_STAGES, TASK_STATUSES, vocabOptions } from '../../vocab';
import { AddButton, Empty } from '../bits';
import { type SectionProps, useFieldState, usePlanEditorContext } from '../context';
import { PDateInput, PMultiSelect, PSelect, PTextInput } from '../fields';
import { type ItemColumn, ItemTable } from '../ItemTable';
import { newId, patchAt, removeAt } from '../util';

const P = 'sections.implementation';

export function ImplementationSection({ data, edit }: SectionProps<'implementation'>) {
  const { t, i18n } = useTranslation();
  const { uiLanguage, analysis, document } = usePlanEditorContext();
  const { readOnly } = useFieldState();
  const horizonStart = document.sections.purpose.horizon.start;
  const horizonEnd = isValidIsoDate(document.sections.purpose.horizon.end)
    ? document.sections.purpose.horizon.end
    : null;

  const setTask = useCallback(
    (index: number, patch: Partial<PlanTask>) =>
      edit((p) => ({ ...p, tasks: patchAt(p.tasks, index, patch) })),
    [edit],
  );
  const setMilestone = useCallback(
    (index: number, patch: Partial<Milestone>) =>
      edit((p) => ({ ...p, milestones: patchAt(p.milestones, index, patch) })),
    [edit],
  );

  const stageOptions = useMemo(() => vocabOptions('stage', IMPLEMENTATION_STAGES, uiLanguage), [uiLanguage]);
  const statusOptions = useMemo(() => vocabOptions('taskStatus', TASK_STATUSES, uiLanguage), [uiLanguage]);
  const taskName = useCallback(
    (task: PlanTask, index: number) => task.title || t('plans.implementation.taskN', { n: index + 1 }),
    [t],
  );
  const taskOptions = useMemo(
    () => data.tasks.map((task, i) => ({ value: task.id, label: taskName(task, i) })),
    [data.tasks, taskName],
  );

  const columns = useMemo<ItemColumn<PlanTask>[]>(
    () => [
      {
        key: 'title',
        header: t('plans.implementation.title'),
        span: 2,
        render: (task, i) => (
          <PTextInput
            path={`${P}.tasks[${i}].title`}
            label={t('plans.implementation.title')}
            value={task.title}
            onChange={(title) => setTask(i, { title })}
            data-testid={`task-title-${i}`}
          />
        ),
      },
      {
        key: 'stage',
        header: t('plans.implementation.stage'),
        render: (task, i) => (
          <PSelect
            path={`${P}.tasks[${i}].stage`}
            label={t('plans.implementation.stage')}
            data={stageOptions}
            value={task.stage}
            onChange={(stage) => setTask(i, { stage: (stage ?? task.stage) as ImplementationStage })}
          />
        ),
      },
      {
        key: 'status',
        header: t('plans.implementation.status'),
        render: (task, i) => (
          <PSelect
            path={`${P}.tasks[${i}].status`}
            label={t('plans.implementation.status')}
            data={statusOptions}
            value={task.status}
            onChange={(status) => setTask(i, { status: (status ?? task.status) as TaskStatus })}
          />
        ),
      },
      {
        key: 'owner',
        header: t('plans.implementation.owner'),
        render: (task, i) => (
          <PTextInput
            path={`${P}.tasks[${i}].owner`}
            label={t('plans.implementation.owner')}
            value={task.owner}
            onChange={(owner) => setTask(i, { owner })}
          />
        ),
      },
      {
        key: 'start',
        header: t('plans.implementation.start'),
        render: (task, i) => (
          <PDateInput
            path={`${P}.tasks[${i}].start`}
            label={t('plans.implementation.start')}
            value={task.start}
            onChange={(start) => setTask(i, { start })}
          />
        ),
      },
      {
        key: 'end',
        header: t('plans.implementation.end'),
        render: (task, i) => (
          <PDateInput
            path={`${P}.tasks[${i}].end`}
            label={t('plans.implementation.end')}
            value={task.end}
            onChange={(end) => setTask(i, { end })}
          />
        ),
      },
      {
        key: 'dependsOn',
        header: t('plans.implementation.dependsOn'),
        span: 2,
        render: (task, i) => (
          <PMultiSelect
            path={`${P}.tasks[${i}].dependsOn`}
            label={t('plans.implementation.dependsOn')}
            placeholder={task.dependsOn.length ? undefined : t('plans.none')}
            data={taskOptions.filter((o) => o.value !== task.id)}
            searchable
            value={task.dependsOn}
            onChange={(dependsOn) => setTask(i, { dependsOn })}
          />
        ),
      },
      {
        key: 'deliverable',
        header: t('plans.implementation.deliverable'),
        span: 'full',
        render: (task, i) => (
          <PTextInput
            path={`${P}.tasks[${i}].deliverable`}
            label={t('plans.implementation.deliverable')}
            value={task.deliverable}
            onChange={(deliverable) => setTask(i, { deliverable })}
          />
        ),
      },
    ],
    [t, setTask, stageOptions, statusOptions, taskOptions],
  );

  const milestoneColumns = useMemo<ItemColumn<Milestone>[]>(
    () => [
      {
        key: 'title',
        header: t('plans.implementation.milestone'),
        span: 2,
        render: (m, i) => (
          <PTextInput
            path={`${P}.milestones[${i}].title`}
            label={t('plans.implementation.milestone')}
            value={m.title}
            onChange={(title) => setMilestone(i, { title })}
          />
        ),
      },
      {
        key: 'date',
        header: t('plans.implementation.date'),
        width: 170,
        render: (m, i) => (
          <PDateInput
            path={`${P}.milestones[${i}].date`}
            label={t('plans.implementation.date')}
            value={m.date}
            onChange={(date) => setMilestone(i, { date })}
          />
        ),
      },
    ],
    [t, setMilestone],
  );

  const titleOf = new Map(data.tasks.map((task, i) => [task.id, taskName(task, i)]));
  const start = isValidIsoDate(horizonStart) ? horizonStart : new Date().toISOString().slice(0, 10);

  return (
    <Stack gap="lg">
      <Paper withBorder p={{ base: 'xs', sm: 'md' }}>
        <Title order={3} fz="md" mb="xs">
          {t('plans.implementation.timeline')}
        </Title>
        <GanttChart gantt={analysis.gantt} />
        {analysis.gantt.conflicts.length > 0 && (
          <Alert
            mt="sm"
            color="orange"
            variant="light"
            icon={<IconAlertTriangle size={18} aria-hidden />}
            title={t('plans.implementation.conflicts')}
            data-testid="schedule-conflicts"
          >
            <List size="sm" spacing={2}>
              {analysis.gantt.conflicts.map((c) => (
                <List.Item key={`${c.taskId}-${c.dependsOn}`}>
                  {t('plans.implementation.conflict', {
                    task: titleOf.get(c.taskId) ?? c.taskId,
                    dependency: titleOf.get(c.dependsOn) ?? c.dependsOn,
                    start: formatDate(`${c.start}T00:00:00`, i18n.language),
                    end: formatDate(`${c.dependencyEnd}T00:00:00`, i18n.language),
                  })}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
      </Paper>

      <Stack gap="xs">
        <Title order={3} fz="md">
          {t('plans.implementation.tasks')}
        </Title>
        <ItemTable
          items={data.tasks}
          columns={columns}
          itemKey={(task) => task.id}
          minTableWidth={100_000}
          onRemove={(i) =>
            edit((p) => {
              const removed = p.tasks[i].id;
              // Nothing may keep waiting on a task that is gone.
              const tasks = removeAt(p.tasks, i).map((task) =>
                task.dependsOn.includes(removed)
                  ? { ...task, dependsOn: task.dependsOn.filter((d) => d !== removed) }
                  : task,
              );
              return { ...p, tasks };
            })
          }
          removeLabel={(task, i) => t('plans.removeNamed', { name: taskName(task, i) })}
          cardTitle={(task, i) => taskName(task, i)}
          rowTestId="task-row"
          empty={<Empty text={t('plans.implementation.noTasks')} />}
        />
        {!readOnly && data.tasks.length < 300 && (
          <AddButton
            testId="task-add"
            onClick={() =>
              edit((p) => {
                const last = p.tasks[p.tasks.length - 1];
                const after = last && isValidIsoDate(last.end) ? addDays(last.end, 1) : start;
                // Continue after the last task while that stays inside the plan period.
                const taskStart = horizonEnd && after > horizonEnd ? start : after;
                return {
                  ...p,
                  tasks: [
                    ...p.tasks,
                    {
                      id: newId('task'),
                      stage: last?.stage ?? 'preparatory',
                      title: '',
                      owner: '',
                      start: taskStart,
                      end: addDays(taskStart, 13),
                      dependsOn: [],
                      status: 'todo',
                      deliverable: '',
                    },
                  ],
                };
              })
            }
          >
            {t('plans.implementation.addTask')}
          </AddButton>
        )}
      </Stack>

      <Stack gap="xs">
        <Title order={3} fz="md">
          {t('plans.implementation.milestones')}
        </Title>
        <ItemTable
          items={data.milestones}
          columns={milestoneColumns}
          itemKey={(m) => m.id}
          minTableWidth={520}
          onRemove={(i) => edit((p) => ({ ...p, milestones: removeAt(p.milestones, i) }))}
          removeLabel={(m) =>
            t('plans.removeNamed', { name: m.title || t('plans.implementation.milestone') })
          }
          cardTitle={(m) => m.title || t('plans.implementation.milestone')}
          empty={<Empty text={t('plans.implementation.noMilestones')} />}
        />
        {!readOnly && data.milestones.length < 50 && (
          <AddButton
            onClick={() =>
              edit((p) => ({
                ...p,
                milestones: [...p.milestones, { id: newId('milestone'), title: '', date: start }],
              }))
            }
          >
            {t('plans.implementation.addMilestone')}
          </AddButton>
        )}
      </Stack>
    </Stack>
  );
}
