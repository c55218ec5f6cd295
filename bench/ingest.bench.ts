/**
 * Ingestion over HTTP: `npm run bench:ingest [-- --duration 10 --connections 100 --rounds 3]`.
 * Runs autocannon against (a) the real `/api/collect` with durability on (write-ahead log with
 * group commit and O_DSYNC writes, DuckDB loader, a real site) and (b) a bare Fastify endpoint that
 * only parses and drops the same bodies, in one run, each server in its own process, in rounds of
 * bare then durable (the median of the rounds' ratios is the figure: this machine's speed drifts
 * by tens of percent between minutes). Prints req/s of both per round, the ratio (target: at least
 * 50%), p99 latency, fsyncs per second and events per fsync, then one JSON line.
 *
 * Diagnostics: INGEST_CPU_PROF=<file> writes a CPU profile of the first round (the bare server's to `<file>.bare`); INGEST_THREADS=1
 * adds CPU per request of every server thread (by Linux thread id: the JS thread, V8's platform
 * workers, libuv's pool, which also runs DuckDB's queries, and DuckDB's own); INGEST_NODE_FLAGS
 * passes V8/Node flags (e.g. "--trace-gc") to both servers.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
  duration: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const DURATION = arg('duration', 10);
const CONNECTIONS = arg('connections', 100);
const WARMUP = arg('warmup', 3);
const ROUNDS = arg('rounds', 3);

// Realistic tracker bodies: varied pages, referrers, titles, some custom events with props and
// revenue; user agents varied (the IP is the socket's, so visitors differ by user agent).
const PATHS = [
  '/',
  '/pricing',
  '/blog/how-to-brew-oolong',
  '/products/tie-guan-yin?variant=250g',
  '/cart',
  '/checkout',
  '/about',
];
const REFERRERS = [
  null,
  'https://www.google.com/',
  'https://www.baidu.com/s?wd=tea',
  'https://weibo.com/',
  'https://partner.example/review',
];
const BROWSERS = [
  (i: number) =>
    `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.${i}.60 Safari/537.36`,
  (i: number) =>
    `Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E${i} Safari/604.1`,
  (i: number) => `Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:125.0) Gecko/20100101 Firefox/125.0.${i}`,
  (i: number) =>
    `Mozilla/5.0 (Linux; Android 13; 2211133C) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.${i}.0 Mobile Safari/537.36 MicroMessenger/8.0.47`,
];

function makeBodies(siteId: string, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const custom = i % 10 === 9;
    const body = JSON.stringify({
      n: custom ? 'Consultation booked' : 'pageview',
      u: `https://shop.example${PATHS[i % PATHS.length]}${i % 4 === 0 ? `${PATHS[i % PATHS.length].includes('?') ? '&' : '?'}utm_source=newsletter&utm_medium=email&utm_campaign=spring` : ''}`,
      d: siteId,
      r: REFERRERS[i % REFERRERS.length],
      t: `Tea shop - page ${i % 50}`,
      w: i % 3 ? 1440 : 390,
      ...(custom ? { p: { plan: 'gold', seats: (i % 5) + 1 }, $: { a: 49.9, c: 'EUR' } } : {}),
    });
    return { body, userAgent: BROWSERS[i % BROWSERS.length](i % 500) };
  });
}

interface Target {
  child: ChildProcess;
  port: number;
  siteId: string | null;
  ask<T>(message: string, key: string): Promise<T>;
}

async function startTarget(mode: 'real' | 'bare'): Promise<Target> {
  const child = fork(path.join(import.meta.dirname, 'ingest-target.ts'), [mode], {
    // INGEST_NODE_FLAGS: extra V8/Node flags for both servers, e.g. "--trace-gc".
    execArgv: ['--import', 'tsx', ...(process.env.INGEST_NODE_FLAGS?.split(' ').filter(Boolean) ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ port: number; siteId: string | null }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${mode} target exited (${code})`)));
    child.on('message', (m: { ready?: boolean; port: number; siteId: string | null }) => {
      if (m.ready) resolve(m);
    });
  });
  return {
    child,
    ...ready,
    ask<T>(message: string, key: string) {
      return new Promise<T>((resolve) => {
        const onMessage = (m: Record<string, unknown>) => {
          if (key in m) {
            child.off('message', onMessage);
            resolve(m[key] as T);
          }
        };
        child.on('message', onMessage);
        child.send(message);
      });
    },
  };
}

function load(port: number, siteId: string, duration: number) {
  const bodies = makeBodies(siteId, 5000);
  let next = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/api/collect',
        setupRequest: (request: Record<string, unknown>) => {
          const { body, userAgent } = bodies[next++ % bodies.length];
          return {
            ...request,
            body,
            headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': userAgent },
          };
        },
      },
    ],
  });
}

interface WalStats {
  wal: { syncs: number; records: number; largestGroup: number };
  loader: { batches: number; events: number; failures: number; backlog: number };
  drops: Record<string, number>;
  unattributed: Record<string, number>;
  rssMb: number;
  cpuUs: number;
  threadCpuUs: Record<string, number>;
}

const BARE_SITE = '00000000-0000-4000-8000-000000000000';

/** One measured window on the durable endpoint (the server stays up between rounds). */
async function measureReal(target: Target, profile: boolean) {
  const before = await target.ask<WalStats>('stats', 'stats');
  if (profile) target.child.send('profile:start');
  const result = await load(target.port, target.siteId!, DURATION);
  const after = await target.ask<WalStats>('stats', 'stats');
  const syncs = after.wal.syncs - before.wal.syncs;
  const records = after.wal.records - before.wal.records;
  const cpuUsPerRequest = (after.cpuUs - before.cpuUs) / result.requests.total;
  const threadUsPerRequest = Object.fromEntries(
    Object.entries(after.threadCpuUs).map(([kind, us]) => [
      kind,
      Math.round((us - (before.threadCpuUs[kind] ?? 0)) / result.requests.total),
    ]),
  );
  return { result, syncs, records, after, cpuUsPerRequest, threadUsPerRequest };
}

async function measureBare(target: Target, profile: boolean) {
  const before = await target.ask<{ cpuUs: number }>('stats', 'stats');
  if (profile) target.child.send('profile:start');
  const result = await load(target.port, BARE_SITE, DURATION);
  const after = await target.ask<{ cpuUs: number }>('stats', 'stats');
  return { ...result, cpuUsPerRequest: (after.cpuUs - before.cpuUs) / result.requests.total };
}

// Both servers up, warmed, then ROUNDS rounds of bare then durable: the machine's drift (other
// work, CPU boost) hits both sides of a round alike, and the median of the rounds' ratios is the
// figure. Only the first round is profiled (INGEST_CPU_PROF).
const bareTarget = await startTarget('bare');
const realTarget = await startTarget('real');
await load(bareTarget.port, BARE_SITE, WARMUP);
await load(realTarget.port, realTarget.siteId!, WARMUP);
const rounds: {
  bare: Awaited<ReturnType<typeof measureBare>>;
  real: Awaited<ReturnType<typeof measureReal>>;
}[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const bareRound = await measureBare(bareTarget, r === 0);
  const realRound = await measureReal(realTarget, r === 0);
  rounds.push({ bare: bareRound, real: realRound });
}
bareTarget.child.send('stop');
const stored = await realTarget.ask<number>('stop', 'stored');
const ratioOf = (round: (typeof rounds)[number]) =>
  round.real.result.requests.average / round.bare.requests.average;
// The round whose ratio is the median one stands for the run in the detailed lines below.
const { bare, real } = [...rounds].sort((x, y) => ratioOf(x) - ratioOf(y))[
  Math.floor((rounds.length - 1) / 2)
];
const ratio = real.result.requests.average / bare.requests.average;
const fsyncsPerSecond = real.syncs / real.result.duration;
const eventsPerFsync = real.records / Math.max(1, real.syncs);

const f = (n: number) => Math.round(n).toLocaleString('en');
console.log(
  `ingest over HTTP (${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION} s bare then ${DURATION} s durable, autocannon, same run)`,
);
for (const [i, round] of rounds.entries()) {
  console.log(
    `  round ${i + 1}                        bare ${f(round.bare.requests.average)} req/s, durable ${f(round.real.result.requests.average)} req/s, ratio ${(ratioOf(round) * 100).toFixed(1)}%`,
  );
}
console.log('  median round:');
console.log(
  `  bare Fastify (parse + drop)    ${f(bare.requests.average)} req/s   p99 ${bare.latency.p99} ms`,
);
console.log(
  `  /api/collect, durable          ${f(real.result.requests.average)} req/s   p99 ${real.result.latency.p99} ms   non-2xx ${real.result.non2xx}, errors ${real.result.errors}`,
);
console.log(`  ratio                          ${(ratio * 100).toFixed(1)}% (target >= 50%)`);
console.log(
  `  server CPU per request         bare ${bare.cpuUsPerRequest.toFixed(0)} us, durable ${real.cpuUsPerRequest.toFixed(0)} us (CPU-bound ratio ${((100 * bare.cpuUsPerRequest) / real.cpuUsPerRequest).toFixed(0)}%)`,
);
console.log(
  `  durable CPU by thread          ${Object.entries(real.threadUsPerRequest)
    .map(([kind, us]) => `${kind} ${us} us`)
    .join(', ')} (js = the event loop, gc = V8's helpers, other = DuckDB's)`,
);
console.log(
  `  fsyncs                         ${f(fsyncsPerSecond)}/s, ${eventsPerFsync.toFixed(1)} events per fsync (largest group ${real.after.wal.largestGroup})`,
);
console.log(
  `  events made durable            ${f(real.records)} in the median round; stored in DuckDB at stop (all rounds): ${f(stored)}`,
);
console.log(
  `  drops                          ${JSON.stringify(real.after.drops)} unattributed ${JSON.stringify(real.after.unattributed)}`,
);
console.log(`  server rss                     ${real.after.rssMb} MB`);
console.log(
  JSON.stringify({
    bench: 'ingest',
    connections: CONNECTIONS,
    durationS: DURATION,
    bareReqPerS: Math.round(bare.requests.average),
    durableReqPerS: Math.round(real.result.requests.average),
    ratio: Number(ratio.toFixed(3)),
    bareP99Ms: bare.latency.p99,
    durableP99Ms: real.result.latency.p99,
    durableP50Ms: real.result.latency.p50,
    fsyncsPerS: Math.round(fsyncsPerSecond),
    eventsPerFsync: Number(eventsPerFsync.toFixed(1)),
    durableEvents: real.records,
    storedEvents: stored,
    rounds: rounds.map((round) => ({
      bareReqPerS: Math.round(round.bare.requests.average),
      durableReqPerS: Math.round(round.real.result.requests.average),
      ratio: Number(ratioOf(round).toFixed(3)),
    })),
    non2xx: real.result.non2xx,
    serverRssMb: real.after.rssMb,
    bareCpuUsPerReq: Math.round(bare.cpuUsPerRequest),
    durableCpuUsPerReq: Math.round(real.cpuUsPerRequest),
    durableThreadUsPerReq: real.threadUsPerRequest,
  }),
);
