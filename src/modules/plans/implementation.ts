import type {
  ImplementationSection,
  ImplementationStage,
  PlanHorizon,
  TaskStatus,
} from '../../shared/contracts/plan';
import { daysBetween } from './dates';

// The stage order of the planning process; the Gantt groups and sorts by it.
const STAGE_ORDER: readonly ImplementationStage[] = [
  'preparatory',
  'investigation',
  'design',
  'implementation',
];

export interface DependencyNode {
  id: string;
  dependsOn: readonly string[];
}

/**
 * Dependency loops, each once, as the ids along it with the first repeated at the end
 * (['a', 'b', 'a'] = a depends on b, which depends on a). A self-dependency is ['a', 'a'].
 * At least one loop is reported per group of tasks that wait on each other; unknown ids are ignored.
 */
export function findDependencyCycles(tasks: readonly DependencyNode[]): string[][] {
  const indexOf = new Map<string, number>();
  tasks.forEach((task, index) => {
    if (!indexOf.has(task.id)) indexOf.set(task.id, index);
  });
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();

  const visit = (id: string) => {
    state.set(id, 'active');
    stack.push(id);
    for (const next of tasks[indexOf.get(id)!].dependsOn) {
      if (!indexOf.has(next)) continue;
      const s = state.get(next);
      if (s === undefined) visit(next);
      else if (s === 'active') {
        const loop = stack.slice(stack.lastIndexOf(next));
        // Rotate to the task listed first so the same loop found from elsewhere is recognised and reported alike.
        let first = 0;
        loop.forEach((member, i) => {
          if (indexOf.get(member)! < indexOf.get(loop[first])!) first = i;
        });
        const rotated = [...loop.slice(first), ...loop.slice(0, first)];
        const key = rotated.join('\u0000');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push([...rotated, rotated[0]]);
        }
      }
    }
    stack.pop();
    state.set(id, 'done');
  };

  for (const task of tasks) if (!state.has(task.id)) visit(task.id);
  return cycles;
}

export type TopologicalOrder = { ok: true; order: string[] } | { ok: false; cycles: string[][] };

/** Tasks so that every task comes after the tasks it depends on; ties keep the list order (stable for the UI). */
export function topologicalOrder(tasks: readonly DependencyNode[]): TopologicalOrder {
  const ids = new Set(tasks.map((task) => task.id));
  const waitingOn = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const task of tasks) {
    const deps = [...new Set(task.dependsOn)].filter((dep) => ids.has(dep));
    waitingOn.set(task.id, deps.length);
    for (const dep of deps) dependents.set(dep, [...(dependents.get(dep) ?? []), task.id]);
  }
  const position = new Map(tasks.map((task, index) => [task.id, index]));
  const ready = tasks.filter((task) => waitingOn.get(task.id) === 0).map((task) => task.id);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => position.get(a)! - position.get(b)!);
    const id = ready.shift()!;
    order.push(id);
    for (const next of dependents.get(id) ?? []) {
      const left = waitingOn.get(next)! - 1;
      waitingOn.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  return order.length === ids.size ? { ok: true, order } : { ok: false, cycles: findDependencyCycles(tasks) };
}

export interface ScheduleConflict {
  taskId: string;
  dependsOn: string;
  /** The task's start and the end of the task it waits for. */
  start: string;
  dependencyEnd: string;
}

/** Tasks that start before a task they depend on has ended (allowed to save, worth a warning). */
export function findScheduleConflicts(section: ImplementationSection): ScheduleConflict[] {
  const byId = new Map(section.tasks.map((task) => [task.id, task]));
  const conflicts: ScheduleConflict[] = [];
  for (const task of section.tasks) {
    for (const dependsOn of task.dependsOn) {
      const dependency = byId.get(dependsOn);
      if (dependency && dependency.id !== task.id && task.start < dependency.end) {
        conflicts.push({ taskId: task.id, dependsOn, start: task.start, dependencyEnd: dependency.end });
      }
    }
  }
  return conflicts;
}

export interface GanttTask {
  id: string;
  title: string;
  stage: ImplementationStage;
  owner: string;
  status: TaskStatus;
  start: string;
  end: string;
  /** Days from the plan start to the task start (negative when it starts before the plan). */
  startOffset: number;
  /** Inclusive: a task from Monday to Monday lasts 1 day. */
  durationDays: number;
  dependsOn: string[];
  deliverable: string;
}

export interface GanttStage {
  stage: ImplementationStage;
  start: string;
  end: string;
  startOffset: number;
  durationDays: number;
  taskCount: number;
  doneCount: number;
}

export interface GanttMilestone {
  id: string;
  title: string;
  date: string;
  offset: number;
}

export interface GanttData {
  start: string;
  end: string;
  /** Width of the chart in days: the horizon, stretched when tasks or milestones fall outside it. */
  totalDays: number;
  stages: GanttStage[];
  tasks: GanttTask[];
  milestones: GanttMilestone[];
  conflicts: ScheduleConflict[];
}

// ISO dates sort as text, so the first and last in sorted order are the earliest and latest.
const earliest = (dates: string[]) => [...dates].sort()[0];
const latest = (dates: string[]) => [...dates].sort()[dates.length - 1];

/** Timeline data for the Gantt chart and the document: stage bars, task bars and milestone marks in days. */
export function buildGantt(section: ImplementationSection, horizon: PlanHorizon): GanttData {
  const order = topologicalOrder(section.tasks);
  const rank = new Map(
    (order.ok ? order.order : section.tasks.map((task) => task.id)).map((id, i) => [id, i]),
  );
  const offset = (date: string) => daysBetween(horizon.start, date);

  const tasks: GanttTask[] = section.tasks
    .map((task) => ({
      id: task.id,
      title: task.title,
      stage: task.stage,
      owner: task.owner,
      status: task.status,
      start: task.start,
      end: task.end,
      startOffset: offset(task.start),
      durationDays: daysBetween(task.start, task.end) + 1,
      dependsOn: [...task.dependsOn],
      deliverable: task.deliverable,
    }))
    .sort(
      (a, b) =>
        STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage) ||
        a.start.localeCompare(b.start) ||
        rank.get(a.id)! - rank.get(b.id)!,
    );

  const stages: GanttStage[] = [];
  for (const stage of STAGE_ORDER) {
    const inStage = tasks.filter((task) => task.stage === stage);
    if (inStage.length === 0) continue;
    const start = earliest(inStage.map((task) => task.start));
    const end = latest(inStage.map((task) => task.end));
    stages.push({
      stage,
      start,
      end,
      startOffset: offset(start),
      durationDays: daysBetween(start, end) + 1,
      taskCount: inStage.length,
      doneCount: inStage.filter((task) => task.status === 'done').length,
    });
  }

  const milestones = [...section.milestones]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((m) => ({ id: m.id, title: m.title, date: m.date, offset: offset(m.date) }));

  const dates = [horizon.end, ...tasks.map((task) => task.end), ...milestones.map((m) => m.date)];
  const end = latest(dates);
  return {
    start: horizon.start,
    end,
    totalDays: daysBetween(horizon.start, end) + 1,
    stages,
    tasks,
    milestones,
    conflicts: findScheduleConflicts(section),
  };
}
