import { Box, Group, Stack, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { addMonthsToMonth, daysBetween, monthOf } from '../../../../../src/modules/plans/dates';
import type { GanttData, GanttTask } from '../../../../../src/modules/plans/implementation';
import type { TaskStatus } from '../../../../../src/shared/contracts/plan';
import { formatDate } from '../../../lib/format';
import { uiPlanLanguage, vocabLabel } from '../vocab';

const STATUS_COLOR: Record<TaskStatus, string> = {
  todo: 'var(--mantine-color-indigo-4)',
  in_progress: 'var(--mantine-color-blue-6)',
  done: 'var(--mantine-color-teal-6)',
  blocked: 'var(--mantine-color-red-6)',
};

const pct = (days: number, total: number) => `${Math.max(0, Math.min(100, (days / total) * 100))}%`;

/** The implementation timeline: a bar per stage and task, diamonds for milestones, a line for today. */
export function GanttChart({ gantt }: { gantt: GanttData }) {
  const { t, i18n } = useTranslation();
  const language = uiPlanLanguage(i18n.language);
  const total = Math.max(gantt.totalDays, 1);
  const titles = new Map(gantt.tasks.map((task) => [task.id, task.title]));
  const date = (iso: string) => formatDate(`${iso}T00:00:00`, i18n.language);

  // Month gridlines: the first day of every month inside the chart.
  const months: { month: string; offset: number }[] = [];
  try {
    for (let m = monthOf(gantt.start); m <= monthOf(gantt.end); m = addMonthsToMonth(m, 1)) {
      months.push({ month: m, offset: daysBetween(gantt.start, `${m}-01`) });
      if (months.length > 120) break;
    }
  } catch {
    // A malformed date leaves the chart without gridlines rather than breaking the page.
  }
  const today = new Date().toISOString().slice(0, 10);
  const todayOffset = today >= gantt.start && today <= gantt.end ? daysBetween(gantt.start, today) : null;
  const showEvery = months.length > 24 ? 3 : months.length > 14 ? 2 : 1;
  const monthName = new Intl.DateTimeFormat(i18n.language, { month: 'short', timeZone: 'UTC' });

  const taskBar = (task: GanttTask) => {
    const dependsOn = task.dependsOn.map((id) => titles.get(id) ?? id).join(', ');
    const label = t('plans.gantt.taskBar', {
      title: task.title,
      start: date(task.start),
      end: date(task.end),
      status: vocabLabel('taskStatus', task.status, language),
    });
    return (
      <Tooltip
        multiline
        w={260}
        withinPortal
        label={
          <Stack gap={2}>
            <Text size="xs" fw={600}>
              {task.title}
            </Text>
            <Text size="xs">
              {date(task.start)} – {date(task.end)} · {t('plans.gantt.days', { count: task.durationDays })}
            </Text>
            <Text size="xs">{vocabLabel('taskStatus', task.status, language)}</Text>
            {task.owner && <Text size="xs">{t('plans.gantt.owner', { owner: task.owner })}</Text>}
            {dependsOn && <Text size="xs">{t('plans.gantt.after', { tasks: dependsOn })}</Text>}
            {task.deliverable && (
              <Text size="xs">{t('plans.gantt.deliverable', { text: task.deliverable })}</Text>
            )}
          </Stack>
        }
      >
        <Box
          component="button"
          type="button"
          className="ml-gantt-bar"
          aria-label={label}
          style={{
            left: pct(task.startOffset, total),
            width: `max(6px, ${pct(task.durationDays, total)})`,
            background: STATUS_COLOR[task.status],
          }}
        />
      </Tooltip>
    );
  };

  return (
    <div className="ml-gantt-scroll">
      <figure className="ml-gantt" data-testid="gantt" aria-label={t('plans.gantt.label')}>
        <div className="ml-gantt-row ml-gantt-head">
          <div className="ml-gantt-label" />
          <div className="ml-gantt-track">
            {months.map(({ month, offset }, i) => (
              <div key={month} className="ml-gantt-month" style={{ left: pct(Math.max(offset, 0), total) }}>
                {i % showEvery === 0 && (
                  <>
                    <span>{monthName.format(new Date(`${month}-01T00:00:00Z`))}</span>
                    {(i === 0 || month.endsWith('-01')) && (
                      <span className="ml-gantt-year">{month.slice(0, 4)}</span>
                    )}
                  </>
                )}
              </div>
            ))}
          </div>
        </div>
        {gantt.stages.map((stage) => (
          <div key={stage.stage} className="ml-gantt-group">
            <div className="ml-gantt-row ml-gantt-stage">
              <div className="ml-gantt-label">
                <Text size="xs" fw={700} className="ml-break">
                  {vocabLabel('stage', stage.stage, language)}
                </Text>
                <Text size="10px" c="dimmed">
                  {t('plans.gantt.done', { done: stage.doneCount, total: stage.taskCount })}
                </Text>
              </div>
              <div className="ml-gantt-track">
                <Grid months={months} total={total} todayOffset={todayOffset} />
                <div
                  className="ml-gantt-stagebar"
                  style={{ left: pct(stage.startOffset, total), width: pct(stage.durationDays, total) }}
                  role="img"
                  aria-label={t('plans.gantt.stageBar', {
                    stage: vocabLabel('stage', stage.stage, language),
                    start: date(stage.start),
                    end: date(stage.end),
                  })}
                />
              </div>
            </div>
            {gantt.tasks
              .filter((task) => task.stage === stage.stage)
              .map((task) => (
                <div key={task.id} className="ml-gantt-row" data-testid="gantt-task">
                  <div className="ml-gantt-label">
                    <Text size="xs" truncate="end" title={task.title}>
                      {task.title || '—'}
                    </Text>
                  </div>
                  <div className="ml-gantt-track">
                    <Grid months={months} total={total} todayOffset={todayOffset} />
                    {taskBar(task)}
                  </div>
                </div>
              ))}
          </div>
        ))}
        {gantt.milestones.length > 0 && (
          <div className="ml-gantt-row ml-gantt-milestones">
            <div className="ml-gantt-label">
              <Text size="xs" fw={700}>
                {t('plans.gantt.milestones')}
              </Text>
            </div>
            <div className="ml-gantt-track">
              <Grid months={months} total={total} todayOffset={todayOffset} />
              {gantt.milestones.map((m) => (
                <Tooltip key={m.id} label={`${m.title} · ${date(m.date)}`} withinPortal>
                  <button
                    type="button"
                    className="ml-gantt-diamond"
                    style={{ left: pct(m.offset, total) }}
                    aria-label={`${m.title}, ${date(m.date)}`}
                  />
                </Tooltip>
              ))}
            </div>
          </div>
        )}
        {gantt.tasks.length === 0 && gantt.milestones.length === 0 && (
          <Text size="sm" c="dimmed" p="sm">
            {t('plans.gantt.empty')}
          </Text>
        )}
        <Group gap="md" mt="xs" className="ml-gantt-legend" wrap="wrap">
          {(Object.keys(STATUS_COLOR) as TaskStatus[]).map((status) => (
            <Group key={status} gap={4} wrap="nowrap">
              <span className="ml-swatch" style={{ background: STATUS_COLOR[status] }} aria-hidden />
              <Text size="xs">{vocabLabel('taskStatus', status, language)}</Text>
            </Group>
          ))}
          {todayOffset !== null && (
            <Group gap={4} wrap="nowrap">
              <span className="ml-swatch ml-swatch-today" aria-hidden />
              <Text size="xs">{t('plans.gantt.today')}</Text>
            </Group>
          )}
        </Group>
      </figure>
    </div>
  );
}

function Grid({
  months,
  total,
  todayOffset,
}: {
  months: { month: string; offset: number }[];
  total: number;
  todayOffset: number | null;
}) {
  return (
    <>
      {months.map(({ month, offset }) =>
        offset > 0 ? (
          <div key={month} className="ml-gantt-gridline" style={{ left: pct(offset, total) }} />
        ) : null,
      )}
      {todayOffset !== null && <div className="ml-gantt-today" style={{ left: pct(todayOffset, total) }} />}
    </>
  );
}
