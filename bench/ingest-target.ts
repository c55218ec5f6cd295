/**
 * The servers `bench/ingest.bench.ts` measures, each in its own process: `real` is the Marketloop
 * app as `npm start` wires it (app DB, DuckDB, write-ahead log with fsync, loader) on a temp
 * DATA_DIR; `bare` is a bare Fastify endpoint that only parses the same body and drops it. Talks
 * to the parent over IPC: sends {ready, port, siteId}, answers 'stats' and 'stop'.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { createApp, openStores } from '../src/app';
import { loadConfig } from '../src/platform/config';

const mode = process.argv[2];
const send = (message: unknown) => process.send?.(message);
const cpuUs = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

// CPU microseconds per kind of thread (Linux: /proc/self/task), to tell the JS thread from DuckDB's,
// V8's (GC) and libuv's pools. Thread names: `node` (JS), `V8 Default...` (GC), `libuv-worker`;
// DuckDB's threads inherit the process name. Empty elsewhere.
function threadCpuUs(): Record<string, number> {
  const out: Record<string, number> = {};
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  const tick = 1e6 / 100; // USER_HZ
  for (const tid of tasks) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const kind =
        String(process.pid) === tid
          ? 'js'
          : /^V8 /.test(name)
            ? 'gc'
            : /libuv/.test(name)
              ? 'libuv'
              : 'other';
      const us = (Number(fields[11]) + Number(fields[12])) * tick;
      out[kind] = (out[kind] ?? 0) + us;
      if (process.env.INGEST_THREADS) out[`tid ${tid}`] = us;
    } catch {
      // the thread ended
    }
  }
  return out;
}

/**
 * INGEST_CPU_PROF=<file>: a CPU profile of the measured run only (not start-up or warm-up), from
 * 'profile:start' to the next 'stats'; the bare server writes `<file>.bare`.
 */
function profileOnRequest(file: string | undefined) {
  const profiler = file ? new Session() : null;
  let profiling = false;
  process.on('message', async (message) => {
    if (!profiler) return;
    if (message === 'profile:start') {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
      profiling = true;
    }
    if (message === 'stats' && profiling) {
      profiling = false;
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(file as string, JSON.stringify(profile));
    }
  });
}

async function bare() {
  profileOnRequest(process.env.INGEST_CPU_PROF && `${process.env.INGEST_CPU_PROF}.bare`);
  const app = Fastify({ logger: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.post('/api/collect', async (request, reply) => {
    try {
      JSON.parse((request.body as Buffer).toString('utf8'));
    } catch {
      // dropped either way
    }
    return reply.status(202).send();
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  process.on('message', async (message) => {
    if (message === 'stats') send({ stats: { cpuUs: cpuUs() } });
    if (message === 'stop') {
      await app.close();
      process.exit(0);
    }
  });
  send({ ready: true, port, siteId: null });
}

async function real() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ml-bench-ingest-'));
  const config = loadConfig(
    {},
    { dataDir, logLevel: 'warn', secret: 'bench-secret-'.padEnd(40, 'x'), host: '127.0.0.1', port: 0 },
  );
  const stores = await openStores(config);
  const { app, services } = await createApp(config, stores);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  // A workspace and a site, created the way the API does it.
  const setup = await app.inject({
    method: 'POST',
    url: '/api/setup',
    payload: {
      name: 'Bench',
      email: 'bench@example.com',
      password: 'long enough pw',
      workspaceName: 'Bench',
      workspaceKind: 'company',
    },
  });
  const cookies = setup.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = setup.cookies.find((c) => c.name === 'ml_csrf')?.value ?? '';
  const workspaceId = setup.json().workspace.id;
  const site = await app.inject({
    method: 'POST',
    url: `/api/workspaces/${workspaceId}/sites`,
    headers: { cookie: cookies, 'x-csrf-token': csrf },
    payload: { name: 'Busy shop', hostnames: ['shop.example'] },
  });
  const siteId = site.json().id;
  const ingestion = services.analytics.ingestion;
  profileOnRequest(process.env.INGEST_CPU_PROF);
  process.on('message', async (message) => {
    if (message === 'stats') {
      send({
        stats: {
          wal: { ...ingestion.wal.stats },
          loader: { ...ingestion.loader.stats, backlog: ingestion.loader.backlog },
          drops: ingestion.drops.forSite(siteId),
          unattributed: ingestion.drops.unattributed(),
          rssMb: Math.round(process.memoryUsage().rss / 1e6),
          cpuUs: cpuUs(),
          threadCpuUs: threadCpuUs(),
        },
      });
    }
    if (message === 'stop') {
      await app.close();
      const [count] = await stores.eventStore.query(
        `select count(*) as n from events where site_id = '${siteId}'`,
      );
      send({ stored: count.n });
      await stores.eventStore.close();
      await stores.appDb.close();
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    }
  });
  send({ ready: true, port, siteId });
}

await (mode === 'bare' ? bare() : real());
