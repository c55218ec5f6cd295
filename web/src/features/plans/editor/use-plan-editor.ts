import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  type PlanSectionKey,
  type PlanSections,
  parsePlanDocument,
} from '../../../../../src/shared/contracts/plan';
import { ApiError, api } from '../../../api/client';
import {
  changePlanStatus,
  type ForecastInput,
  type Plan,
  type PlanStatus,
  patchPlan,
  runForecast,
  saveSection,
} from '../../../api/plans';
import { queryKeys } from '../../../api/query-keys';
import { errorMessage } from '../../../lib/form-errors';
import type { PlanIssue } from './context';
import { stripPathPrefix, translateIssue } from './issues';

/** Edits wait this long after the last keystroke before they are saved. */
export const AUTOSAVE_DELAY_MS = 1500;

export type SaveStatus =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: number }
  /** The edit breaks a rule of the plan schema; it stays local until fixed. */
  | { kind: 'invalid'; issues: PlanIssue[] }
  | { kind: 'error'; message: string; field?: string }
  | { kind: 'conflict' };

type Updater<K extends PlanSectionKey> = PlanSections[K] | ((previous: PlanSections[K]) => PlanSections[K]);

export interface WriteResult {
  ok: boolean;
  plan?: Plan;
  error?: unknown;
  /** True when the write did not start because edits could not be saved first. */
  unsaved?: boolean;
}

/**
 * The editor's write path: local drafts per section, debounced autosave with the revision last seen,
 * one write at a time, schema checks before sending, and a conflict state on 409 stale_revision that
 * keeps the local edits until the user decides.
 */
export function usePlanEditor(workspaceId: string, planId: string, t: TFunction) {
  const queryClient = useQueryClient();
  const key = useMemo(() => queryKeys.plan(workspaceId, planId), [workspaceId, planId]);
  const [drafts, setDrafts] = useState<Partial<PlanSections>>({});
  const draftsRef = useRef<Partial<PlanSections>>({});
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const [issues, setIssues] = useState<PlanIssue[]>([]);
  const [conflict, setConflict] = useState<Plan | null>(null);
  const conflictRef = useRef<Plan | null>(null);
  const timers = useRef(new Map<PlanSectionKey, ReturnType<typeof setTimeout>>());
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const currentPlan = useCallback(() => queryClient.getQueryData<Plan>(key)!, [queryClient, key]);

  const writeDrafts = useCallback((next: Partial<PlanSections>) => {
    draftsRef.current = next;
    setDrafts(next);
  }, []);

  const applyPlan = useCallback(
    (plan: Plan) => {
      queryClient.setQueryData(key, plan);
      void queryClient.invalidateQueries({ queryKey: queryKeys.plans(workspaceId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.planVersions(workspaceId, planId) });
    },
    [queryClient, key, workspaceId, planId],
  );

  const clearTimer = useCallback((section: PlanSectionKey) => {
    const timer = timers.current.get(section);
    if (timer !== undefined) clearTimeout(timer);
    timers.current.delete(section);
  }, []);

  const enqueue = useCallback(<T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.current.then(task, task);
    queue.current = next.catch(() => undefined);
    return next;
  }, []);

  /** Shows a failed write where it belongs; returns true when it was a stale revision. */
  const handleWriteError = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 409 && error.code === 'stale_revision') {
        const current = (error.body as { current?: Plan } | undefined)?.current;
        for (const section of [...timers.current.keys()]) clearTimer(section);
        const show = (plan: Plan) => {
          conflictRef.current = plan;
          setConflict(plan);
          setStatus({ kind: 'conflict' });
        };
        if (current) show(current);
        else
          void queryClient
            .fetchQuery({ queryKey: [...key, 'conflict'], queryFn: () => fetchPlan(workspaceId, planId) })
            .then(show);
        return true;
      }
      if (error instanceof ApiError && error.status === 400 && error.field) {
        // The server names the first problem in `field` and lists all of them in `issues`.
        const listed = (error.body as { issues?: PlanIssue[] } | undefined)?.issues;
        const message = stripPathPrefix(error.message, error.field).replace(
          / \(and \d+ more problems?\)$/,
          '',
        );
        setIssues(Array.isArray(listed) && listed.length ? listed : [{ path: error.field, message }]);
        setStatus({ kind: 'error', message: translateIssue(message, t), field: error.field });
        return false;
      }
      setStatus({ kind: 'error', message: errorMessage(error, t) });
      return false;
    },
    [clearTimer, queryClient, key, workspaceId, planId, t],
  );

  const saveNow = useCallback(
    (section: PlanSectionKey): Promise<boolean> => {
      clearTimer(section);
      return enqueue(async () => {
        if (conflictRef.current) return false;
        const data = draftsRef.current[section];
        if (data === undefined) return true;
        const plan = currentPlan();
        // The server runs the same schema; checking here shows every problem at once, on its input.
        const parsed = parsePlanDocument({
          ...plan.document,
          sections: { ...plan.document.sections, [section]: data },
        });
        if (!parsed.ok) {
          setIssues(parsed.issues);
          setStatus({ kind: 'invalid', issues: parsed.issues });
          return false;
        }
        setStatus({ kind: 'saving' });
        try {
          const saved = await saveSection(workspaceId, planId, section, plan.revision, data as never);
          applyPlan(saved);
          const rest = { ...draftsRef.current };
          if (rest[section] === data) delete rest[section];
          writeDrafts(rest);
          setIssues([]);
          setStatus(Object.keys(rest).length > 0 ? { kind: 'pending' } : { kind: 'saved', at: Date.now() });
          return true;
        } catch (error) {
          handleWriteError(error);
          return false;
        }
      });
    },
    [clearTimer, enqueue, currentPlan, workspaceId, planId, applyPlan, writeDrafts, handleWriteError],
  );

  const edit = useCallback(
    <K extends PlanSectionKey>(section: K, updater: Updater<K>) => {
      const previous = (draftsRef.current[section] ??
        currentPlan().document.sections[section]) as PlanSections[K];
      const next =
        typeof updater === 'function'
          ? (updater as (p: PlanSections[K]) => PlanSections[K])(previous)
          : updater;
      if (next === previous) return;
      writeDrafts({ ...draftsRef.current, [section]: next });
      if (!conflictRef.current) setStatus({ kind: 'pending' });
      clearTimer(section);
      timers.current.set(
        section,
        setTimeout(() => void saveNow(section), AUTOSAVE_DELAY_MS),
      );
    },
    [currentPlan, writeDrafts, clearTimer, saveNow],
  );

  /** Saves every pending section now; resolves true when nothing is left unsaved. */
  const flushAll = useCallback(async () => {
    const sections = Object.keys(draftsRef.current) as PlanSectionKey[];
    const results = await Promise.all(sections.map((section) => saveNow(section)));
    return results.every(Boolean) && Object.keys(draftsRef.current).length === 0;
  }, [saveNow]);

  /** A write that is not a section (title, status): after pending edits, with the latest revision. */
  const runWrite = useCallback(
    async (write: (revision: number) => Promise<Plan>): Promise<WriteResult> => {
      if (!(await flushAll())) return { ok: false, unsaved: true };
      return enqueue(async () => {
        if (conflictRef.current) return { ok: false };
        try {
          const plan = await write(currentPlan().revision);
          applyPlan(plan);
          return { ok: true, plan };
        } catch (error) {
          const stale = handleWriteError(error);
          // Field and generic errors of these writes are shown by the caller, not as the save status.
          if (!stale)
            setStatus(Object.keys(draftsRef.current).length ? { kind: 'pending' } : { kind: 'idle' });
          return { ok: false, error: stale ? undefined : error };
        }
      });
    },
    [flushAll, enqueue, currentPlan, applyPlan, handleWriteError],
  );

  const rename = useCallback(
    (title: string) => runWrite((revision) => patchPlan(workspaceId, planId, { revision, title })),
    [runWrite, workspaceId, planId],
  );

  const forecast = useCallback(
    (options: ForecastInput) =>
      runWrite((revision) => runForecast(workspaceId, planId, { revision, ...options })),
    [runWrite, workspaceId, planId],
  );

  const transition = useCallback(
    (to: PlanStatus) => runWrite((revision) => changePlanStatus(workspaceId, planId, revision, to)),
    [runWrite, workspaceId, planId],
  );

  /** 409 answer: take the server's plan and drop the local edits. */
  const reloadTheirs = useCallback(() => {
    const current = conflictRef.current;
    conflictRef.current = null;
    setConflict(null);
    if (current) applyPlan(current);
    writeDrafts({});
    setIssues([]);
    setStatus({ kind: 'idle' });
  }, [applyPlan, writeDrafts]);

  /** 409 answer: take the server's plan as the base and save the local sections on top of it. */
  const keepMine = useCallback(() => {
    const current = conflictRef.current;
    conflictRef.current = null;
    setConflict(null);
    if (current) applyPlan(current);
    setStatus({ kind: 'pending' });
    void flushAll();
  }, [applyPlan, flushAll]);

  /** Drops the local edits of one section (e.g. after an error the user does not want to fix). */
  const discard = useCallback(
    (section: PlanSectionKey) => {
      clearTimer(section);
      const rest = { ...draftsRef.current };
      delete rest[section];
      writeDrafts(rest);
      setIssues([]);
      setStatus({ kind: 'idle' });
    },
    [clearTimer, writeDrafts],
  );

  // Leaving the page with unsaved edits: the browser asks; leaving inside the app: save what can be saved.
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (Object.keys(draftsRef.current).length > 0) event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, []);
  const saveNowRef = useRef(saveNow);
  saveNowRef.current = saveNow;
  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const section of [...pending.keys()]) void saveNowRef.current(section);
    };
  }, []);

  return {
    drafts,
    status,
    issues,
    conflict,
    edit,
    saveNow,
    flushAll,
    rename,
    transition,
    forecast,
    reloadTheirs,
    keepMine,
    discard,
  };
}

export type PlanEditorApi = ReturnType<typeof usePlanEditor>;

function fetchPlan(workspaceId: string, planId: string): Promise<Plan> {
  return api.get<Plan>(`/api/workspaces/${workspaceId}/plans/${planId}`);
}
