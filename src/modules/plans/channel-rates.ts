import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/app-db';
import { channelRate } from '../../platform/db/schema';
import { AppError } from '../../platform/http/errors';
import type { Principal } from '../../platform/http/principal';
import type { ZodApp } from '../../platform/http/zod-app';
import { idParam } from '../../shared/contracts/common';
import { type ChannelRatesOverride, channelRatesOverrideSchema } from '../../shared/contracts/plan';
import {
  CHANNEL_CATALOG,
  CHANNEL_IDS,
  type ChannelAssumptionsOverride,
  type ChannelId,
  resolveChannelAssumptions,
} from '../forecasting/channel-catalog';
import type { WorkspaceAccess } from '../workspaces/workspace-access';

export type WorkspaceRates = Partial<Record<ChannelId, ChannelAssumptionsOverride>>;

const RATE_FIELDS = [
  'unitCost',
  'unitYield',
  'ctr',
  'clickToVisit',
  'visitToLead',
  'leadToCustomer',
  'recall',
  'averageOrderValue',
] as const;

/** The rates a channel runs on: catalog benchmark <- workspace default <- plan override. */
export function effectiveRates(channel: ChannelId, ...overrides: (ChannelAssumptionsOverride | undefined)[]) {
  const merged = Object.assign({}, ...overrides.filter(Boolean)) as ChannelAssumptionsOverride;
  const a = resolveChannelAssumptions(channel, merged);
  return {
    costModel: a.costModel,
    ...Object.fromEntries(RATE_FIELDS.filter((f) => a[f] !== undefined).map((f) => [f, a[f]])),
  };
}

/** A workspace's default channel rates (CTR, conversions, cost per unit), stored as overrides of the catalog. */
export class ChannelRatesService {
  constructor(
    private readonly db: Db,
    private readonly access: WorkspaceAccess,
  ) {}

  /** The overrides only, for the plan analysis and forecast; one query per call. */
  async overrides(workspaceId: string): Promise<WorkspaceRates> {
    const rows = await this.db.select().from(channelRate).where(eq(channelRate.workspaceId, workspaceId));
    return Object.fromEntries(rows.map((r) => [r.channel, r.rates as ChannelAssumptionsOverride]));
  }

  async list(principal: Principal | null, workspaceId: string) {
    await this.access.require(principal, workspaceId);
    const overrides = await this.overrides(workspaceId);
    return CHANNEL_IDS.map((channel) => this.present(channel, overrides[channel]));
  }

  async save(principal: Principal | null, workspaceId: string, channel: string, rates: ChannelRatesOverride) {
    await this.access.require(principal, workspaceId, 'admin');
    const id = this.channelId(channel);
    try {
      effectiveRates(id, rates as ChannelAssumptionsOverride);
    } catch (err) {
      throw new AppError(400, 'validation_failed', (err as Error).message, 'rates');
    }
    await this.db
      .insert(channelRate)
      .values({ workspaceId, channel: id, rates, updatedAt: new Date() })
      .onConflictDoUpdate({
        target: [channelRate.workspaceId, channelRate.channel],
        set: { rates, updatedAt: new Date() },
      });
    return this.present(id, rates as ChannelAssumptionsOverride);
  }

  async reset(principal: Principal | null, workspaceId: string, channel: string) {
    await this.access.require(principal, workspaceId, 'admin');
    const id = this.channelId(channel);
    await this.db
      .delete(channelRate)
      .where(and(eq(channelRate.workspaceId, workspaceId), eq(channelRate.channel, id)));
    return this.present(id, undefined);
  }

  private channelId(channel: string): ChannelId {
    if (!(CHANNEL_IDS as readonly string[]).includes(channel)) {
      throw new AppError(
        404,
        'not_found',
        `Unknown channel '${channel}'; use one of ${CHANNEL_IDS.join(', ')}.`,
      );
    }
    return channel as ChannelId;
  }

  private present(channel: ChannelId, override: ChannelAssumptionsOverride | undefined) {
    return {
      channel,
      label: CHANNEL_CATALOG[channel].label,
      benchmark: effectiveRates(channel),
      override: override ?? null,
      effective: effectiveRates(channel, override),
    };
  }
}

const params = z.object({ workspaceId: idParam, channel: z.string().max(64) });
const tags = ['Channel rates'];

export function channelRatesRoutes(app: ZodApp, deps: { rates: ChannelRatesService }) {
  const base = '/api/workspaces/:workspaceId/channel-rates';
  app.get(
    base,
    {
      schema: {
        tags,
        summary: "Default rates per channel: benchmark, this workspace's override, and the effective values",
        params: z.object({ workspaceId: idParam }),
      },
    },
    async (request) => ({ items: await deps.rates.list(request.principal, request.params.workspaceId) }),
  );
  app.put(
    `${base}/:channel`,
    {
      schema: {
        tags,
        summary: "Set this workspace's default rates for a channel (owner, admin)",
        params,
        body: z.strictObject({ rates: channelRatesOverrideSchema }),
      },
    },
    async (request) =>
      deps.rates.save(
        request.principal,
        request.params.workspaceId,
        request.params.channel,
        request.body.rates,
      ),
  );
  app.delete(
    `${base}/:channel`,
    { schema: { tags, summary: 'Go back to the benchmark rates for a channel (owner, admin)', params } },
    async (request) =>
      deps.rates.reset(request.principal, request.params.workspaceId, request.params.channel),
  );
}
