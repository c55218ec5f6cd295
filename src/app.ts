import type { FastifyServerOptions } from 'fastify';
import { z } from 'zod';
import { accountsRoutes } from './modules/accounts/accounts.routes';
import { AccountsService } from './modules/accounts/accounts.service';
import { registerAnalyticsIngest } from './modules/analytics/collect/analytics-ingest';
import { ReportsRepository } from './modules/analytics/reports/reports.repository';
import { reportsRoutes } from './modules/analytics/reports/reports.routes';
import { ReportsService } from './modules/analytics/reports/reports.service';
import { CompaniesRepository } from './modules/companies/companies.repository';
import { companiesRoutes } from './modules/companies/companies.routes';
import { CalibrationJobs } from './modules/forecasting/calibration-jobs';
import { forecastingRoutes } from './modules/forecasting/forecasting.routes';
import { ForecastingService } from './modules/forecasting/forecasting.service';
import { ChannelRatesService, channelRatesRoutes } from './modules/plans/channel-rates';
import { PlansRepository } from './modules/plans/plans.repository';
import { plansRoutes } from './modules/plans/plans.routes';
import { PlansService } from './modules/plans/plans.service';
import { WorkspacesRepository } from './modules/workspaces/workspaces.repository';
import { workspacesRoutes } from './modules/workspaces/workspaces.routes';
import { WorkspacesService } from './modules/workspaces/workspaces.service';
import { createAuth } from './platform/auth';
import type { Config } from './platform/config';
import { type AppDb, openAppDb } from './platform/db/app-db';
import type { EventStore } from './platform/events/event-store';
import { openEventStore } from './platform/events/open-event-store';
import { createHttpServer } from './platform/http/server';

export interface Stores {
  appDb: AppDb;
  eventStore: EventStore;
}

/** Opens both stores and runs migrations; the caller owns closing them. */
export async function openStores(config: Config): Promise<Stores> {
  const appDb = await openAppDb(config);
  try {
    await appDb.migrate();
    const eventStore = await openEventStore(config);
    return { appDb, eventStore };
  } catch (err) {
    await appDb.close();
    throw err;
  }
}

/** The services of every context, wired once; used by the HTTP app and the CLI alike. */
export function createServices(config: Config, stores: Stores) {
  const db = stores.appDb.db;
  const auth = createAuth(db, config);
  const accounts = new AccountsService(auth, db, config.loginMaxFailuresPerMinute);
  const workspaces = new WorkspacesService(new WorkspacesRepository(db), accounts, config.publicUrl);
  const companies = new CompaniesRepository(db);
  const channelRates = new ChannelRatesService(db, workspaces.access);
  const plans = new PlansService(new PlansRepository(db), workspaces.access, channelRates, companies);
  const calibrationJobs = new CalibrationJobs();
  const forecasting = new ForecastingService(workspaces.access, calibrationJobs, channelRates, plans);
  return { auth, accounts, workspaces, companies, channelRates, plans, calibrationJobs, forecasting };
}

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  appDb: z.object({ engine: z.enum(['pglite', 'postgres']), ok: z.boolean() }),
  eventStore: z.object({ engine: z.enum(['duckdb', 'clickhouse']), ok: z.boolean() }),
});

/** The composition root: stores -> services -> HTTP routes of each context. */
export async function createApp(
  config: Config,
  stores: Stores,
  opts: { logger?: FastifyServerOptions['logger'] } = {},
) {
  const services = createServices(config, stores);
  const app = await createHttpServer({
    config,
    logger: opts.logger,
    principal: {
      session: (request) => services.accounts.resolveSession(request),
      apiKey: (key) => services.workspaces.resolveApiKey(key),
    },
  });

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['Health'],
        summary: 'Status of the app database and the event store',
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (_request, reply) => {
      const [dbOk, eventsOk] = await Promise.all([stores.appDb.ping(), stores.eventStore.ping()]);
      const body = {
        status: dbOk && eventsOk ? ('ok' as const) : ('degraded' as const),
        appDb: { engine: stores.appDb.engine, ok: dbOk },
        eventStore: { engine: stores.eventStore.engine, ok: eventsOk },
      };
      return reply.status(dbOk && eventsOk ? 200 : 503).send(body);
    },
  );

  const secureCookies = config.secureCookies;
  accountsRoutes(app, { accounts: services.accounts, secureCookies });
  workspacesRoutes(app, { workspaces: services.workspaces, secureCookies });
  companiesRoutes(app, { access: services.workspaces.access, companies: services.companies });
  plansRoutes(app, { plans: services.plans });
  channelRatesRoutes(app, { rates: services.channelRates });
  const analyticsIngest = await registerAnalyticsIngest(app, {
    db: stores.appDb.db,
    eventStore: stores.eventStore,
    access: services.workspaces.access,
    dataDir: config.dataDir,
    publicUrl: config.publicUrl,
  });
  const reports = new ReportsService(
    new ReportsRepository(stores.appDb.db),
    services.workspaces.access,
    stores.eventStore,
    config.publicUrl,
  );
  reportsRoutes(app, { reports });
  // Dashboards read stored per-day partials (DuckDB): build them in the background as days settle.
  const stopWarmer = reports.startRollupWarmer({
    everyMs: 10 * 60_000,
    firstAfterMs: 60_000,
    log: (msg) => app.log.warn(msg),
  });
  app.addHook('onClose', async () => {
    await stopWarmer();
  });
  // Sites say whether they ever received an event; the reports side owns the event-store query.
  analyticsIngest.sites.setFirstEventLookup((siteIds) => reports.firstEvents(siteIds));
  await forecastingRoutes(app, { forecasting: services.forecasting, jobs: services.calibrationJobs });
  return { app, services: { ...services, analytics: analyticsIngest, reports } };
}
