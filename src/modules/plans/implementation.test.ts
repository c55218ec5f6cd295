import { describe, expect, it } from 'vitest';
import type { ImplementationSection, PlanTask } from '../../shared/contracts/plan';
import { buildGantt, findDependencyCycles, findScheduleConflicts, topologicalOrder } from './implementation';

const dep = (id: string, ...dependsOn: string[]) => ({ id, dependsOn });
const task = (
  id: string,
  stage: PlanTask['stage'],
  start: string,
  end: string,
  dependsOn: string[] = [],
): PlanTask => ({
  id,
  stage,
  title: id,
  owner: '',
  start,
  end,
  dependsOn,
  status: id === 'brief' ? 'done' : 'todo',
  deliverable: '',
});

describe('dependency cycles and order', () => {
  it('finds each loop once, starting at the task listed first', () => {
    expect(findDependencyCycles([dep('a', 'b'), dep('b', 'c'), dep('c', 'a'), dep('d', 'a')])).toEqual([
      ['a', 'b', 'c', 'a'],
    ]);
    expect(findDependencyCycles([dep('x', 'y'), dep('y', 'x'), dep('z', 'z'), dep('w', 'nowhere')])).toEqual([
      ['x', 'y', 'x'],
      ['z', 'z'],
    ]);
    expect(findDependencyCycles([dep('a'), dep('b', 'a'), dep('c', 'a', 'b')])).toEqual([]);
  });

  it('orders tasks after their dependencies, keeping list order for ties', () => {
    expect(
      topologicalOrder([dep('launch', 'build', 'plan'), dep('plan'), dep('build', 'plan'), dep('brief')]),
    ).toEqual({
      ok: true,
      order: ['plan', 'build', 'launch', 'brief'],
    });
    expect(topologicalOrder([dep('a', 'b'), dep('b', 'a')])).toEqual({
      ok: false,
      cycles: [['a', 'b', 'a']],
    });
  });
});

describe('buildGantt', () => {
  const section: ImplementationSection = {
    tasks: [
      task('build', 'design', '2026-02-01', '2026-02-28', ['research']),
      task('brief', 'preparatory', '2026-01-01', '2026-01-07'),
      task('research', 'investigation', '2026-01-08', '2026-01-31', ['brief']),
      task('survey', 'investigation', '2026-01-05', '2026-01-20', ['brief']),
    ],
    milestones: [{ id: 'm', title: 'Go', date: '2026-03-01' }],
  };

  it('gives stage spans, task offsets in days from the plan start and milestone marks', () => {
    const gantt = buildGantt(section, { start: '2026-01-01', end: '2026-02-15' });
    expect(gantt.stages).toEqual([
      {
        stage: 'preparatory',
        start: '2026-01-01',
        end: '2026-01-07',
        startOffset: 0,
        durationDays: 7,
        taskCount: 1,
        doneCount: 1,
      },
      {
        stage: 'investigation',
        start: '2026-01-05',
        end: '2026-01-31',
        startOffset: 4,
        durationDays: 27,
        taskCount: 2,
        doneCount: 0,
      },
      {
        stage: 'design',
        start: '2026-02-01',
        end: '2026-02-28',
        startOffset: 31,
        durationDays: 28,
        taskCount: 1,
        doneCount: 0,
      },
    ]);
    expect(gantt.tasks.map((t) => [t.id, t.startOffset, t.durationDays])).toEqual([
      ['brief', 0, 7],
      ['survey', 4, 16],
      ['research', 7, 24],
      ['build', 31, 28],
    ]);
    expect(gantt.milestones).toEqual([{ id: 'm', title: 'Go', date: '2026-03-01', offset: 59 }]);
    // Stretched past the horizon's end to the last milestone.
    expect([gantt.end, gantt.totalDays]).toEqual(['2026-03-01', 60]);
    expect(gantt.conflicts).toEqual([
      { taskId: 'survey', dependsOn: 'brief', start: '2026-01-05', dependencyEnd: '2026-01-07' },
    ]);
    expect(
      findScheduleConflicts({ ...section, tasks: section.tasks.filter((t) => t.id !== 'survey') }),
    ).toEqual([]);
  });
});
