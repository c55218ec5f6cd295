import { Alert, Anchor, Box, Button, Grid, Group, List, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconEye, IconLock } from '@tabler/icons-react';
import { type ComponentType, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import type { PlanDocument, PlanSectionKey, PlanSections } from '../../../../src/shared/contracts/plan';
import { isApiError } from '../../api/client';
import { type Plan, type PlanStatus, usePlan, usePlanComments } from '../../api/plans';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorState } from '../../components/ErrorState';
import { formatDateTime } from '../../lib/format';
import { notifyError } from '../../lib/notify';
import { atLeast, canAdmin, canEdit } from '../../lib/roles';
import { NotFoundPage } from '../../routes/NotFoundPage';
import { useCurrentWorkspace } from '../../routes/workspace-context';
import { CommentsPanel } from './editor/CommentsPanel';
import {
  FieldStateContext,
  PlanEditorContext,
  type PlanEditorContextValue,
  pathMatches,
  type SectionProps,
} from './editor/context';
import { translateIssue } from './editor/issues';
import { useLiveAnalysis } from './editor/live-analysis';
import { PlanHeader } from './editor/PlanHeader';
import { type SectionMarks, SectionNav } from './editor/SectionNav';
import { StaleModal } from './editor/StaleModal';
import { BudgetSection } from './editor/sections/BudgetSection';
import { ChannelsSection } from './editor/sections/ChannelsSection';
import { EffectPredictionSection } from './editor/sections/EffectPredictionSection';
import { EvaluationSection } from './editor/sections/EvaluationSection';
import { FeasibilitySection } from './editor/sections/FeasibilitySection';
import { GoalsSection } from './editor/sections/GoalsSection';
import { ImplementationSection } from './editor/sections/ImplementationSection';
import { MarketResearchSection } from './editor/sections/MarketResearchSection';
import { PositioningSection } from './editor/sections/PositioningSection';
import { PurposeSection } from './editor/sections/PurposeSection';
import { RisksSection } from './editor/sections/RisksSection';
import { WebsiteSection } from './editor/sections/WebsiteSection';
import { usePlanEditor } from './editor/use-plan-editor';
import { VersionsDrawer } from './editor/VersionsDrawer';
import { SECTION_KEYS, uiPlanLanguage, vocabLabel } from './vocab';

// biome-ignore lint/suspicious/noExplicitAny: each form takes its own section's props
const FORMS: Record<PlanSectionKey, ComponentType<SectionProps<any>>> = {
  purpose: PurposeSection,
  feasibility: FeasibilitySection,
  marketResearch: MarketResearchSection,
  positioning: PositioningSection,
  goals: GoalsSection,
  channels: ChannelsSection,
  website: WebsiteSection,
  budget: BudgetSection,
  effectPrediction: EffectPredictionSection,
  implementation: ImplementationSection,
  evaluation: EvaluationSection,
  risks: RisksSection,
};

function isSection(value: string | null): value is PlanSectionKey {
  return value !== null && (SECTION_KEYS as string[]).includes(value);
}

export function PlanEditorPage() {
  const { planId = '' } = useParams();
  const { workspace } = useCurrentWorkspace();
  const plan = usePlan(workspace.id, planId);

  if (plan.isPending) {
    return (
      <Stack gap="md">
        <Skeleton h={28} w={220} />
        <Skeleton h={40} w="60%" />
        <Grid>
          <Grid.Col span={{ base: 12, md: 3 }}>
            <Skeleton h={360} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 9 }}>
            <Skeleton h={480} />
          </Grid.Col>
        </Grid>
      </Stack>
    );
  }
  if (plan.error) {
    if (isApiError(plan.error, 404)) return <NotFoundPage inShell />;
    return <ErrorState error={plan.error} onRetry={() => void plan.refetch()} />;
  }
  return <Editor key={plan.data.id} plan={plan.data} />;
}

function Editor({ plan }: { plan: Plan }) {
  const { t, i18n } = useTranslation();
  const { workspace, user } = useCurrentWorkspace();
  const uiLanguage = uiPlanLanguage(i18n.language);
  const editor = usePlanEditor(workspace.id, plan.id, t);
  const comments = usePlanComments(workspace.id, plan.id);
  const [searchParams, setSearchParams] = useSearchParams();
  const sectionParam = searchParams.get('section');
  const active: PlanSectionKey = isSection(sectionParam) ? sectionParam : 'purpose';
  const compactNav = useMediaQuery('(max-width: 62em)', false, { getInitialValueInEffect: false });
  const [versionsOpened, versions] = useDisclosure(false);
  const [unlocked, setUnlocked] = useState(false);
  const [busy, setBusy] = useState<PlanStatus | 'title' | null>(null);
  const [confirmApprove, setConfirmApprove] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const role = workspace.role;
  const frozen = plan.status === 'approved' || plan.status === 'in_execution';
  const readOnly = !canEdit(role) || plan.status === 'closed' || (frozen && !unlocked);

  // Ctrl/Cmd+S saves now instead of waiting for the autosave.
  const { flushAll } = editor;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void flushAll();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [flushAll]);

  // Once an edit of a frozen version is saved the plan is a draft again; the unlock is spent.
  useEffect(() => {
    if (!frozen) setUnlocked(false);
  }, [frozen]);

  const { drafts, issues } = editor;
  const document: PlanDocument = useMemo(
    () => ({ ...plan.document, sections: { ...plan.document.sections, ...drafts } }),
    [plan.document, drafts],
  );
  const analysis = useLiveAnalysis(plan, drafts);

  const issueAt = useCallback(
    (path: string) => {
      const issue = issues.find((i) => pathMatches(path, i.path));
      return issue ? translateIssue(issue.message, t) : undefined;
    },
    [issues, t],
  );
  const fieldState = useMemo(() => ({ readOnly, issueAt }), [readOnly, issueAt]);

  const goToSection = useCallback(
    (section: PlanSectionKey) => {
      if (section !== active) void editor.flushAll();
      setSearchParams(
        (params) => {
          const next = new URLSearchParams(params);
          next.set('section', section);
          return next;
        },
        { replace: false },
      );
      requestAnimationFrame(() => headingRef.current?.focus());
    },
    [active, editor, setSearchParams],
  );

  const context: PlanEditorContextValue = useMemo(
    () => ({
      workspaceId: workspace.id,
      plan,
      document,
      uiLanguage,
      readOnly,
      analysis,
      issueAt,
      goToSection,
      forecast: editor.forecast,
    }),
    [workspace.id, plan, document, uiLanguage, readOnly, analysis, issueAt, goToSection, editor.forecast],
  );

  // One stable updater per section, so memoised rows inside the forms do not re-render needlessly.
  const { edit } = editor;
  const editors = useMemo(
    () =>
      Object.fromEntries(
        SECTION_KEYS.map((key) => [
          key,
          (updater: (previous: PlanSections[typeof key]) => PlanSections[typeof key]) => edit(key, updater),
        ]),
      ) as Record<PlanSectionKey, SectionProps<PlanSectionKey>['edit']>,
    [edit],
  );

  const marks = useMemo(() => {
    const result: Partial<Record<PlanSectionKey, SectionMarks>> = {};
    const mark = (section: PlanSectionKey, patch: SectionMarks) => {
      result[section] = { ...result[section], ...patch };
    };
    const f = analysis.feasibility;
    if (f.verdict !== 'ready') mark('feasibility', { warning: `${f.verdictLabel}: ${f.verdictReason}` });
    const goalWarnings = analysis.goalWarnings.filter((w) => w.severity === 'warning');
    if (goalWarnings.length)
      mark('goals', { warning: t('plans.goals.warningSummary', { count: goalWarnings.length }) });
    if (analysis.gantt.conflicts.length)
      mark('implementation', {
        warning: t('plans.implementation.conflictCount', { count: analysis.gantt.conflicts.length }),
      });
    if (analysis.budget.byMonth.some((m) => m.outsideHorizon && m.total > 0))
      mark('budget', { warning: t('plans.budget.outsideShort') });
    const excluded = analysis.channelRecommendations.filter(
      (r) => r.excluded && document.sections.channels.selected.some((s) => s.channel === r.channel),
    );
    if (excluded.length)
      mark('channels', { warning: t('plans.channels.selectedExcluded', { count: excluded.length }) });
    for (const key of Object.keys(drafts) as PlanSectionKey[]) mark(key, { unsaved: true });
    for (const issue of issues) {
      const key = /^sections\.(\w+)/.exec(issue.path)?.[1];
      if (isSection(key ?? null)) mark(key as PlanSectionKey, { error: true });
    }
    for (const comment of comments.data ?? []) {
      mark(comment.section, { comments: (result[comment.section]?.comments ?? 0) + 1 });
    }
    return result;
  }, [analysis, drafts, issues, comments.data, document.sections.channels.selected, t]);

  const notifyFixFirst = () =>
    notifications.show({
      color: 'red',
      title: t('errors.actionFailed'),
      message: t('plans.editor.fixFirst'),
    });

  const rename = async (title: string) => {
    setBusy('title');
    const result = await editor.rename(title);
    setBusy(null);
    if (result.unsaved) notifyFixFirst();
    else if (!result.ok && result.error) notifyError(result.error, t);
    return result.ok;
  };

  const runTransition = async (to: PlanStatus) => {
    setBusy(to);
    const result = await editor.transition(to);
    setBusy(null);
    if (result.unsaved) {
      notifyFixFirst();
    } else if (!result.ok && result.error) {
      notifyError(result.error, t);
    }
  };
  const onTransition = (to: PlanStatus) => {
    if (to === 'approved') setConfirmApprove(true);
    else void runTransition(to);
  };

  const Form = FORMS[active];
  const sectionIssues = useMemo(
    () => issues.filter((i) => i.path.startsWith(`sections.${active}.`)),
    [issues, active],
  );
  const otherIssues = useMemo(
    () => issues.filter((i) => !i.path.startsWith(`sections.${active}.`)),
    [issues, active],
  );

  // Issues whose input is not on screen are named with their path, so nothing fails silently.
  const [unplaced, setUnplaced] = useState<typeof issues>([]);
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const inputs = [...window.document.querySelectorAll<HTMLElement>('[data-path]')].map(
        (el) => el.dataset.path ?? '',
      );
      const next = sectionIssues.filter((issue) => !inputs.some((p) => pathMatches(p, issue.path)));
      setUnplaced((current) =>
        current.length === next.length && current.every((issue, i) => issue === next[i]) ? current : next,
      );
    });
    return () => cancelAnimationFrame(frame);
  }, [sectionIssues]);

  const focusFirstIssue = () => {
    const first = sectionIssues[0];
    if (!first) return;
    const el = [...window.document.querySelectorAll<HTMLElement>('[data-path]')].find((node) =>
      pathMatches(node.dataset.path ?? '', first.path),
    );
    const target = el?.matches('input,textarea,button')
      ? el
      : el?.querySelector<HTMLElement>('input,textarea,button');
    (target ?? el)?.focus();
    (target ?? el)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  };

  return (
    <PlanEditorContext.Provider value={context}>
      <FieldStateContext.Provider value={fieldState}>
        <PlanHeader
          workspaceId={workspace.id}
          plan={plan}
          title={plan.title}
          role={role}
          canEditTitle={canEdit(role) && plan.status !== 'closed' && (!frozen || unlocked)}
          status={editor.status}
          busy={busy}
          onRename={rename}
          onTransition={onTransition}
          onOpenVersions={versions.open}
        />

        {!canEdit(role) && (
          <Alert
            color="gray"
            variant="light"
            icon={<IconEye size={18} aria-hidden />}
            mb="md"
            data-testid="viewer-note"
          >
            {t('plans.editor.viewerNote')}
          </Alert>
        )}
        {canEdit(role) && frozen && !unlocked && (
          <Alert
            color="yellow"
            variant="light"
            icon={<IconLock size={18} aria-hidden />}
            mb="md"
            title={t('plans.editor.frozenTitle', { version: plan.version })}
            data-testid="frozen-note"
          >
            <Stack gap="xs">
              <Text size="sm">
                {t('plans.editor.frozenText', { version: plan.version, next: plan.version + 1 })}
              </Text>
              <Group>
                <Button
                  size="xs"
                  variant="light"
                  color="yellow"
                  onClick={() => setUnlocked(true)}
                  data-testid="plan-unlock"
                >
                  {t('plans.editor.unlock', { next: plan.version + 1 })}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        {canEdit(role) && frozen && unlocked && (
          <Alert
            color="yellow"
            variant="light"
            icon={<IconAlertTriangle size={18} aria-hidden />}
            mb="md"
            data-testid="new-version-note"
          >
            {t('plans.editor.newVersionNote', { version: plan.version, next: plan.version + 1 })}
          </Alert>
        )}
        {canEdit(role) && plan.status === 'closed' && (
          <Alert color="gray" variant="light" icon={<IconLock size={18} aria-hidden />} mb="md">
            {t('plans.editor.closedNote')}
          </Alert>
        )}

        <Grid gap={{ base: 'md', lg: 'xl' }}>
          <Grid.Col span={{ base: 12, md: 3 }}>
            <Box className={compactNav ? undefined : 'ml-sticky'}>
              <SectionNav
                active={active}
                onSelect={goToSection}
                marks={marks}
                uiLanguage={uiLanguage}
                compact={compactNav}
              />
            </Box>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 9 }}>
            <Stack gap="md" data-testid={`section-${active}`}>
              <Title
                order={2}
                fz={{ base: 18, sm: 22 }}
                ref={headingRef}
                tabIndex={-1}
                className="ml-section-heading"
              >
                {vocabLabel('section', active, uiLanguage)}
              </Title>
              <Text size="sm" c="dimmed" mt={-8}>
                {t(`plans.sectionIntro.${active}`)}
              </Text>

              {editor.status.kind === 'invalid' || editor.status.kind === 'error' ? (
                <SaveProblems
                  sectionIssues={sectionIssues}
                  otherIssues={otherIssues}
                  unplaced={unplaced}
                  message={editor.status.kind === 'error' ? editor.status.message : null}
                  field={editor.status.kind === 'error' ? editor.status.field : undefined}
                  onFocusFirst={focusFirstIssue}
                  onGoTo={goToSection}
                  onDiscard={() => editor.discard(active)}
                  canDiscard={drafts[active] !== undefined}
                  uiLanguage={uiLanguage}
                />
              ) : null}

              <Form data={document.sections[active]} edit={editors[active]} />

              <CommentsPanel
                workspaceId={workspace.id}
                planId={plan.id}
                section={active}
                comments={comments.data ?? []}
                userName={user.name}
                isAdmin={canAdmin(role)}
              />
            </Stack>
          </Grid.Col>
        </Grid>

        <StaleModal
          current={editor.conflict}
          sections={Object.keys(drafts) as PlanSectionKey[]}
          uiLanguage={uiLanguage}
          onReload={editor.reloadTheirs}
          onKeep={editor.keepMine}
        />
        <VersionsDrawer
          opened={versionsOpened}
          onClose={versions.close}
          workspaceId={workspace.id}
          plan={plan}
        />
        <ConfirmModal
          opened={confirmApprove}
          title={t('plans.workflow.approveTitle', { version: plan.version })}
          message={t('plans.workflow.approveText', {
            version: plan.version,
            readiness: analysis.feasibility.readiness === null ? '—' : String(analysis.feasibility.readiness),
            verdict: analysis.feasibility.verdictLabel,
          })}
          confirmLabel={t('plans.workflow.approve')}
          loading={busy === 'approved'}
          onConfirm={() => {
            setConfirmApprove(false);
            void runTransition('approved');
          }}
          onClose={() => setConfirmApprove(false)}
          color="teal"
        />
        {!atLeast(role, 'admin') && plan.status === 'in_review' && (
          <Text size="xs" c="dimmed" mt="md">
            {t('plans.workflow.approveNeedsAdmin')}
          </Text>
        )}
        <Text size="xs" c="dimmed" mt="xl" ta="right">
          {t('plans.editor.lastSaved', {
            at: formatDateTime(plan.updatedAt, i18n.language),
            name: plan.updatedByName ?? t('plans.someone'),
          })}
        </Text>
      </FieldStateContext.Provider>
    </PlanEditorContext.Provider>
  );
}

function SaveProblems({
  sectionIssues,
  otherIssues,
  unplaced,
  message,
  field,
  onFocusFirst,
  onGoTo,
  onDiscard,
  canDiscard,
  uiLanguage,
}: {
  sectionIssues: { path: string; message: string }[];
  otherIssues: { path: string; message: string }[];
  unplaced: { path: string; message: string }[];
  message: string | null;
  field: string | undefined;
  onFocusFirst: () => void;
  onGoTo: (section: PlanSectionKey) => void;
  onDiscard: () => void;
  canDiscard: boolean;
  uiLanguage: 'en' | 'zh-CN';
}) {
  const { t } = useTranslation();
  const count = sectionIssues.length + otherIssues.length;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} aria-hidden />}
      title={t('plans.save.problemsTitle')}
      data-testid="save-problems"
    >
      <Stack gap={6}>
        {message && count === 0 && <Text size="sm">{message}</Text>}
        {count > 0 && <Text size="sm">{t('plans.save.problemsText', { count })}</Text>}
        {[...unplaced, ...otherIssues].length > 0 && (
          <List size="sm" spacing={2}>
            {unplaced.map((issue) => (
              <List.Item key={`u-${issue.path}`}>
                <code>{issue.path || field}</code>: {translateIssue(issue.message, t)}
              </List.Item>
            ))}
            {otherIssues.map((issue) => {
              const section = /^sections\.(\w+)/.exec(issue.path)?.[1];
              return (
                <List.Item key={`o-${issue.path}`}>
                  <code>{issue.path || '—'}</code>: {translateIssue(issue.message, t)}{' '}
                  {isSection(section ?? null) && (
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      onClick={() => onGoTo(section as PlanSectionKey)}
                    >
                      {t('plans.save.goTo', {
                        section: vocabLabel('section', section as PlanSectionKey, uiLanguage),
                      })}
                    </Anchor>
                  )}
                </List.Item>
              );
            })}
          </List>
        )}
        {message && count > 0 && !sectionIssues.length && !otherIssues.length && (
          <Text size="sm">{message}</Text>
        )}
        <Group gap="xs">
          {sectionIssues.length > unplaced.length && (
            <Button size="xs" variant="light" color="red" onClick={onFocusFirst}>
              {t('plans.save.showFirst')}
            </Button>
          )}
          {canDiscard && (
            <Button size="xs" variant="subtle" color="gray" onClick={onDiscard} data-testid="discard-section">
              {t('plans.save.discard')}
            </Button>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}
