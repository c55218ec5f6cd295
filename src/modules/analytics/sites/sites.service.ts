import { AppError, notFound } from '../../../platform/http/errors';
import type { Principal } from '../../../platform/http/principal';
import type { ChannelRules, Site } from '../../../shared/contracts/sites';
import { isUuid, type WorkspaceAccess } from '../../workspaces/workspace-access';
import type { DropCounter } from '../ingestion/drop-counter';
import { normalizeHost } from '../ingestion/steps/hostname-allow-list';
import type { CachedChannelRuleSource } from './channel-rule-source';
import type { CachedSiteDirectory } from './site-directory';
import type { SiteRow, SitesRepository } from './sites.repository';

export interface SiteInput {
  name?: string;
  hostnames?: string[];
  companyId?: string | null;
}

export interface SitesServiceDeps {
  repo: SitesRepository;
  access: WorkspaceAccess;
  directory: CachedSiteDirectory;
  channelRules: CachedChannelRuleSource;
  drops: DropCounter;
  /** Removes a deleted site's events (after loading what the write-ahead log still holds for it). */
  deleteEvents: (siteId: string) => Promise<void>;
  publicUrl: string;
  /** When drop counting started (the counter lives in memory). */
  startedAt: Date;
}

/** Stored hostnames drop `www.` (it is always allowed) and duplicates, so lists read the same everywhere. */
export function normalizeHostnames(hostnames: readonly string[]): string[] {
  const out: string[] = [];
  for (const h of hostnames) {
    const wildcard = h.startsWith('*.');
    const host = wildcard ? `*.${normalizeHost(h.slice(2))}` : normalizeHost(h);
    if (!out.includes(host)) out.push(host);
  }
  return out;
}

/** When each of the given sites' first stored event happened (ms), for the sites that have one. */
export type FirstEventLookup = (siteIds: string[]) => Promise<Map<string, number>>;

/** Tracked websites of a workspace, their drop counts and the workspace's channel rules. */
export class SitesService {
  private firstEvents: FirstEventLookup = async () => new Map();

  constructor(private readonly deps: SitesServiceDeps) {}

  /**
   * Wired at composition (src/app.ts) to the reports side, which owns queries on the event store;
   * until then every site reads as never tracked.
   */
  setFirstEventLookup(lookup: FirstEventLookup) {
    this.firstEvents = lookup;
  }

  async list(principal: Principal | null, workspaceId: string): Promise<Site[]> {
    const grant = await this.deps.access.require(principal, workspaceId);
    const rows = await this.deps.repo.list(grant.workspaceId);
    const first = rows.length ? await this.firstEvents(rows.map((r) => r.id)) : new Map<string, number>();
    return rows.map((row) => this.present(row, principal, grant.role, first.get(row.id)));
  }

  async get(principal: Principal | null, workspaceId: string, siteId: string): Promise<Site> {
    const grant = await this.deps.access.require(principal, workspaceId);
    const row = await this.findOr404(grant.workspaceId, siteId);
    const first = await this.firstEvents([row.id]);
    return this.present(row, principal, grant.role, first.get(row.id));
  }

  async create(
    principal: Principal | null,
    workspaceId: string,
    input: Required<Pick<SiteInput, 'name'>> & SiteInput,
  ) {
    const grant = await this.deps.access.require(principal, workspaceId, 'editor');
    const companyId = await this.checkCompany(grant.workspaceId, input.companyId ?? null);
    const row = await this.deps.repo.create(grant.workspaceId, {
      name: input.name,
      hostnames: normalizeHostnames(input.hostnames ?? []),
      companyId,
    });
    this.deps.directory.invalidate(row.id);
    return this.present(row, principal, grant.role);
  }

  async update(principal: Principal | null, workspaceId: string, siteId: string, input: SiteInput) {
    const grant = await this.deps.access.require(principal, workspaceId, 'editor');
    await this.findOr404(grant.workspaceId, siteId);
    const values: Partial<{ name: string; hostnames: string[]; companyId: string | null }> = {};
    if (input.name !== undefined) values.name = input.name;
    if (input.hostnames !== undefined) values.hostnames = normalizeHostnames(input.hostnames);
    if (input.companyId !== undefined)
      values.companyId = await this.checkCompany(grant.workspaceId, input.companyId);
    const row = await this.deps.repo.update(grant.workspaceId, siteId, values);
    if (!row) throw notFound('Site');
    this.deps.directory.invalidate(siteId);
    const first = await this.firstEvents([row.id]);
    return this.present(row, principal, grant.role, first.get(row.id));
  }

  async delete(principal: Principal | null, workspaceId: string, siteId: string) {
    const grant = await this.deps.access.require(principal, workspaceId, 'admin');
    if (!isUuid(siteId) || !(await this.deps.repo.delete(grant.workspaceId, siteId))) throw notFound('Site');
    // Unknown from now on, so no new event is accepted; then the stored ones go.
    this.deps.directory.invalidate(siteId);
    await this.deps.deleteEvents(siteId);
  }

  async drops(principal: Principal | null, workspaceId: string, siteId: string) {
    const grant = await this.deps.access.require(principal, workspaceId);
    const row = await this.findOr404(grant.workspaceId, siteId);
    const byReason: Record<string, number> = { ...this.deps.drops.forSite(row.id) };
    const total = Object.values(byReason).reduce((sum, n) => sum + n, 0);
    return { siteId: row.id, since: this.deps.startedAt.toISOString(), total, byReason };
  }

  async channelRules(principal: Principal | null, workspaceId: string): Promise<ChannelRules> {
    const grant = await this.deps.access.require(principal, workspaceId);
    const row = await this.deps.repo.channelRules(grant.workspaceId);
    return {
      rules: (Array.isArray(row?.rules) ? row.rules : []) as ChannelRules['rules'],
      hosts: (row?.hosts && typeof row.hosts === 'object' ? row.hosts : {}) as ChannelRules['hosts'],
    };
  }

  async saveChannelRules(principal: Principal | null, workspaceId: string, body: ChannelRules) {
    const grant = await this.deps.access.require(principal, workspaceId, 'editor');
    const hosts = Object.fromEntries(
      Object.entries(body.hosts ?? {})
        .filter(([, list]) => list !== undefined)
        .map(([k, list]) => [k, normalizeHostnames(list ?? [])]),
    );
    await this.deps.repo.saveChannelRules(grant.workspaceId, body.rules, hosts);
    this.deps.channelRules.set(grant.workspaceId, body.rules, hosts);
    return { rules: body.rules, hosts } as ChannelRules;
  }

  private async findOr404(workspaceId: string, siteId: string) {
    const row = isUuid(siteId) ? await this.deps.repo.find(workspaceId, siteId) : null;
    if (!row) throw notFound('Site');
    return row;
  }

  private async checkCompany(workspaceId: string, companyId: string | null) {
    if (companyId === null) return null;
    if (!(await this.deps.repo.companyInWorkspace(workspaceId, companyId))) {
      throw new AppError(
        400,
        'validation_failed',
        'companyId: no such company in this workspace.',
        'companyId',
      );
    }
    return companyId;
  }

  private present(row: SiteRow, principal: Principal | null, role: string, firstEventMs?: number): Site {
    // The public link is a secret: shown to people who can rotate it, never to viewers or API keys.
    const showToken = principal?.kind === 'user' && role !== 'viewer';
    return {
      id: row.id,
      workspaceId: row.workspaceId,
      companyId: row.companyId,
      name: row.name,
      hostnames: [...row.hostnames],
      snippet: `<script defer data-site="${row.id}" src="${this.deps.publicUrl}/js/marketloop.js"></script>`,
      publicToken: showToken ? row.publicToken : null,
      firstEventAt: firstEventMs === undefined ? null : new Date(firstEventMs).toISOString(),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}
