import { randomBytes } from 'node:crypto';
import type { EventStore } from '../../../platform/events/event-store';
import { AppError, notFound } from '../../../platform/http/errors';
import type { Principal } from '../../../platform/http/principal';
import {
  REPORTS,
  type ReportName,
  type StatsQuery as StatsQueryParams,
  statsQuerySchema,
} from '../../../shared/contracts/analytics-reports';
import type { WorkspaceAccess } from '../../workspaces/workspace-access';
import { breakdownReport, isBreakdown } from './breakdown';
import type { ReportContext } from './compile';
import { reportCsv } from './csv';
import { dashboardReport } from './dashboard';
import type { Dialect } from './dialect';
import { dialectFor } from './dialects';
import { frequencyReport } from './frequency';
import { funnelReport } from './funnel';
import { goalsReport } from './goals';
import { num, text } from './metrics';
import { propsReport } from './props';
import { buildStatsQuery, isUuid } from './query';
import { realtimeReport } from './realtime';
import type { FunnelRow, GoalRow, ReportsRepository, SiteRef } from './reports.repository';
import {
  breakdownFromRollups,
  goalsFromRollups,
  summaryFromRollups,
  timeseriesFromRollups,
} from './rollup-reports';
import { canUseRollups } from './rollups';
import { summaryReport } from './summary';
import { timeseriesReport } from './timeseries';

type Role = 'viewer' | 'editor';

export const presentGoal = (g: GoalRow) => ({
  id: g.id,
  siteId: g.siteId,
  name: g.name,
  kind: g.kind,
  match: g.match,
});
export const presentFunnel = (f: FunnelRow) => ({ id: f.id, siteId: f.siteId, name: f.name, steps: f.steps });

/** `summary` or `summary.csv` -> the report and the format; unknown names are 404. */
export function parseReportName(raw: string): { report: ReportName; csv: boolean } {
  const m = /^([a-z_]+)(\.csv)?$/.exec(raw);
  if (!m || !(REPORTS as readonly string[]).includes(m[1])) {
    throw new AppError(
      404,
      'not_found',
      `Report '${raw}' not found; use one of ${REPORTS.join(', ')} (add .csv for CSV).`,
    );
  }
  return { report: m[1] as ReportName, csv: Boolean(m[2]) };
}

const TOKEN = /^[A-Za-z0-9_-]{32}$/;

/** Runs reports for a site the caller may see, and manages its goals, funnels and public link. */
export class ReportsService {
  private readonly dialect: Dialect;
  private readonly firstEventCache = new Map<string, number>();

  constructor(
    private readonly repo: ReportsRepository,
    private readonly access: WorkspaceAccess,
    private readonly store: EventStore,
    private readonly publicUrl: string,
  ) {
    this.dialect = dialectFor(store);
  }

  /** The site if the principal has `role` in its workspace; 404 for another workspace's site. */
  async site(principal: Principal | null, workspaceId: string, siteId: string, role: Role = 'viewer') {
    await this.access.require(principal, workspaceId, role);
    const site = await this.repo.findSite(workspaceId, siteId);
    if (!site) throw notFound('Site');
    return site;
  }

  /** The site shared under a public token; 404 for unknown or revoked tokens. */
  async publicSite(token: string) {
    const site = TOKEN.test(token) ? await this.repo.findSiteByToken(token) : null;
    if (!site) throw notFound('Shared dashboard');
    return site;
  }

  /**
   * When each site's first stored event happened (ms since epoch), for sites that have one: one
   * `min(ts)` grouped by site. A site that has events keeps having them, so found times are cached
   * (a late backfill older than the cached time is the only thing that could move it); sites
   * without events are asked again each time.
   */
  async firstEvents(siteIds: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const ask = siteIds.filter((id) => {
      const known = this.firstEventCache.get(id);
      if (known !== undefined) out.set(id, known);
      return known === undefined && isUuid(id);
    });
    if (ask.length === 0) return out;
    const d = this.dialect;
    const rows = await this.store.query(
      `select ${d.toText('site_id')} as sid, min(ts) as first_ts from ${d.eventsTable()} where site_id in (${ask.map((id) => d.string(id)).join(', ')}) group by site_id`,
    );
    for (const r of rows) {
      const id = text(r, 'sid');
      const ms = num(r, 'first_ts');
      this.firstEventCache.set(id, ms);
      out.set(id, ms);
    }
    return out;
  }

  /**
   * Builds the stored partials the default dashboard (30 days) of every site with visits in the
   * last two days needs, so that views read them instead of paying for them: settled days once,
   * and whatever a late write outdated. Does nothing on a store without rollups. Errors are
   * returned per site, never thrown (the next run tries again).
   */
  async warmRollups(
    now = Date.now(),
  ): Promise<{ sites: number; failed: { siteId: string; error: string }[] }> {
    if (!this.store.rollups) return { sites: 0, failed: [] };
    const d = this.dialect;
    const rows = await this.store.query(
      `select distinct site_id from ${d.sessionsTable()} where started_at >= ${d.int(now - 2 * 86_400_000)}`,
    );
    const failed: { siteId: string; error: string }[] = [];
    for (const siteId of rows.map((r) => text(r, 'site_id')).filter(isUuid)) {
      try {
        const ctx: ReportContext = {
          store: this.store,
          dialect: d,
          query: buildStatsQuery(siteId, statsQuerySchema.parse({ period: '30d' }), now),
        };
        await dashboardReport(ctx, await this.repo.goals(siteId));
      } catch (err) {
        failed.push({ siteId, error: err instanceof Error ? err.message : String(err) });
      }
    }
    // Keep the stored rows ordered by site, so a site's views read only its own.
    await this.store.rollups.compact();
    return { sites: rows.length, failed };
  }

  /**
   * Runs `warmRollups` every `everyMs` (the first time after `firstAfterMs`), one run at a time;
   * returns the function that stops it. Timers do not keep the process alive.
   */
  startRollupWarmer(opts: { everyMs: number; firstAfterMs: number; log: (msg: string) => void }) {
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> = Promise.resolve();
    let stopped = false;
    const tick = () => {
      running = this.warmRollups()
        .then(({ failed }) => {
          for (const f of failed) opts.log(`rollups of site ${f.siteId} not built: ${f.error}`);
        })
        .catch((err) => opts.log(`rollup warmer: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => {
          if (!stopped) timer = setTimeout(tick, opts.everyMs).unref();
        });
    };
    timer = setTimeout(tick, opts.firstAfterMs).unref();
    /** Stops the timer and waits for a run in progress. */
    return () => {
      stopped = true;
      clearTimeout(timer);
      return running;
    };
  }

  /** One report as JSON, or as CSV text when the name ends in `.csv`. */
  async report(site: SiteRef, rawName: string, params: StatsQueryParams, now = Date.now()) {
    const { report, csv } = parseReportName(rawName);
    const data = await this.compute(site, report, params, now);
    return csv ? { csv: reportCsv(report, data), report } : { json: data, report };
  }

  private async compute(site: SiteRef, report: ReportName, params: StatsQueryParams, now: number) {
    const ctx: ReportContext = {
      store: this.store,
      dialect: this.dialect,
      query: buildStatsQuery(site.id, params, now),
    };
    // Unfiltered reports by day, week or month come from stored per-day partials where the store
    // keeps them (DuckDB); the figures are the same (test/integration/analytics-rollups.test.ts).
    const rollups = canUseRollups(ctx);
    if (isBreakdown(report))
      return rollups ? breakdownFromRollups(ctx, report) : breakdownReport(ctx, report);
    switch (report) {
      case 'dashboard':
        return dashboardReport(ctx, await this.repo.goals(site.id));
      case 'summary':
        return rollups ? summaryFromRollups(ctx) : summaryReport(ctx);
      case 'timeseries':
        return rollups ? timeseriesFromRollups(ctx) : timeseriesReport(ctx);
      case 'frequency':
        return frequencyReport(ctx);
      case 'goals': {
        const goals = await this.repo.goals(site.id);
        return rollups ? goalsFromRollups(ctx, goals) : goalsReport(ctx, goals);
      }
      case 'realtime':
        return realtimeReport(ctx);
      case 'props':
        return propsReport(ctx);
      case 'funnel': {
        if (!ctx.query.funnelId)
          throw new AppError(
            400,
            'validation_failed',
            'funnel: is required for the funnel report (a funnel id)',
            'funnel',
          );
        const funnel = await this.repo.findFunnel(site.id, ctx.query.funnelId);
        if (!funnel) throw notFound('Funnel');
        return funnelReport(ctx, funnel);
      }
    }
    throw notFound('Report');
  }

  async listGoals(site: SiteRef) {
    return (await this.repo.goals(site.id)).map(presentGoal);
  }

  async createGoal(site: SiteRef, input: { name: string; kind: 'page' | 'event'; match: string }) {
    const row = await this.repo.createGoal(site.id, input);
    if (!row)
      throw new AppError(
        409,
        'conflict',
        `A ${input.kind} goal matching '${input.match}' exists already.`,
        'match',
      );
    return presentGoal(row);
  }

  async deleteGoal(site: SiteRef, goalId: string) {
    if (!(await this.repo.deleteGoal(site.id, goalId))) throw notFound('Goal');
  }

  async listFunnels(site: SiteRef) {
    return (await this.repo.funnels(site.id)).map(presentFunnel);
  }

  async createFunnel(
    site: SiteRef,
    input: { name: string; steps: { kind: 'page' | 'event'; match: string }[] },
  ) {
    return presentFunnel(await this.repo.createFunnel(site.id, input));
  }

  async deleteFunnel(site: SiteRef, funnelId: string) {
    if (!(await this.repo.deleteFunnel(site.id, funnelId))) throw notFound('Funnel');
  }

  /** Creates the public link, or replaces it: the old token stops working at once. */
  async rotatePublicLink(site: SiteRef) {
    const token = randomBytes(24).toString('base64url');
    await this.repo.setPublicToken(site.id, token);
    return { token, url: `${this.publicUrl}/share/${token}` };
  }

  async revokePublicLink(site: SiteRef) {
    await this.repo.setPublicToken(site.id, null);
  }
}
