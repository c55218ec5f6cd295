import type { Db } from '../../../platform/db/app-db';
import type { EventStore } from '../../../platform/events/event-store';
import type { ZodApp } from '../../../platform/http/zod-app';
import type { WorkspaceAccess } from '../../workspaces/workspace-access';
import { SitesRepository } from '../sites/sites.repository';
import { sitesRoutes } from '../sites/sites.routes';
import { SitesService } from '../sites/sites.service';
import { collectRoutes } from './collect.routes';
import { IngestionService } from './ingestion-service';

/**
 * Mounts the sites API and the collect endpoints, after replaying the write-ahead log. The app's
 * close hook flushes the log's loader, so the caller must close the event store after the app.
 */
export async function registerAnalyticsIngest(
  app: ZodApp,
  deps: { db: Db; eventStore: EventStore; access: WorkspaceAccess; dataDir: string; publicUrl: string },
) {
  const repo = new SitesRepository(deps.db);
  const ingestion = await IngestionService.start({
    dataDir: deps.dataDir,
    eventStore: deps.eventStore,
    repo,
    log: app.log,
  });
  app.addHook('onClose', async () => {
    await ingestion.close().catch((err) => app.log.error({ err }, 'analytics ingestion close failed'));
  });
  const sites = new SitesService({
    repo,
    access: deps.access,
    directory: ingestion.directory,
    channelRules: ingestion.channelRules,
    drops: ingestion.drops,
    deleteEvents: (siteId) => ingestion.deleteSiteEvents(siteId),
    publicUrl: deps.publicUrl,
    startedAt: ingestion.startedAt,
  });
  sitesRoutes(app, { sites });
  await collectRoutes(app, { ingestion });
  return { ingestion, sites };
}
