import { createApp, openStores } from './app';
import { closePdfRenderer } from './modules/plans/document/render-pdf';
import { type Config, ConfigError } from './platform/config';

/** Boot: config -> stores (migrations run) -> HTTP server; SIGTERM/SIGINT close both stores cleanly. */
export async function start(config: Config) {
  const stores = await openStores(config);
  const { app } = await createApp(config, stores);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    try {
      await app.close();
    } finally {
      await closePdfRenderer().catch((err) => app.log.error({ err }, 'PDF renderer close failed'));
      await stores.eventStore.close().catch((err) => app.log.error({ err }, 'event store close failed'));
      await stores.appDb.close().catch((err) => app.log.error({ err }, 'app db close failed'));
      app.log.info('stopped');
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await stores.eventStore.close();
    await stores.appDb.close();
    throw err;
  }
  app.log.info(
    {
      url: config.publicUrl,
      appDb: stores.appDb.engine,
      eventStore: stores.eventStore.engine,
      dataDir: config.dataDir,
    },
    `Marketloop is ready at ${config.publicUrl}`,
  );
  return app;
}

export function exitOnStartError(err: unknown): never {
  if (err instanceof ConfigError) console.error(err.message);
  else if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    console.error(`Port in use: ${(err as Error).message}. Set PORT to a free port.`);
  } else console.error(err);
  process.exit(1);
}
