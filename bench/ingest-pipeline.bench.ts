/**
 * Ingestion pipeline micro-benchmark: events/s through every step in-process (no HTTP, no store),
 * then the cost of turning accepted events into write-ahead-log records and loader batches (the
 * JSON lines the store loads). Run with `npx tsx bench/ingest-pipeline.bench.ts [--quick]`; prints
 * a table, then one JSON line.
 */
import { toRows } from '../src/modules/analytics/collect/rows';
import {
  type Accepted,
  createIngestionPipeline,
  type IngestRequest,
} from '../src/modules/analytics/ingestion/pipeline';
import { loadGeoDatabase } from '../src/modules/analytics/ingestion/steps/geo-country';
import { InMemorySiteDirectory } from '../src/modules/analytics/ingestion/steps/site-lookup';
import { InMemorySaltStore } from '../src/modules/analytics/ingestion/steps/visitor-hash';
import { encodeRecord, type WalRecord } from '../src/modules/analytics/wal/wal-format';
import { toBatch } from '../src/modules/analytics/wal/wal-loader';

const quick = process.argv.includes('--quick');
const EVENTS = quick ? 50_000 : 300_000;

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (Linux; Android 13; 2211133C) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.47',
  'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)',
];
const REFERRERS = [
  null,
  'https://www.google.com/',
  'https://www.baidu.com/',
  'https://weibo.com/',
  'https://partner.org/a',
];
const PATHS = [
  '/',
  '/pricing',
  '/blog/post-1',
  '/book?utm_source=newsletter&utm_medium=email',
  '/?gclid=abc',
];

// A reproducible mix: 5,000 visitors, realistic bodies, one in five from a bot user agent.
function makeRequests(count: number, start: number): IngestRequest[] {
  const encoder = new TextEncoder();
  return Array.from({ length: count }, (_, i) => {
    const visitor = (i * 7919) % 5000;
    const body = JSON.stringify({
      n: i % 10 === 9 ? 'Consultation booked' : 'pageview',
      u: `https://shop.example${PATHS[i % PATHS.length]}`,
      d: 'site_bench',
      r: REFERRERS[i % REFERRERS.length],
      t: 'A page title',
      w: i % 3 ? 1280 : 390,
      ...(i % 10 === 9 ? { p: { plan: 'gold' }, $: { a: 49.9, c: 'EUR' } } : {}),
    });
    return {
      body: encoder.encode(body),
      contentType: 'text/plain;charset=UTF-8',
      ip: `${(visitor >> 8) + 20}.${visitor & 255}.${i % 3}.10`,
      userAgent: USER_AGENTS[visitor % USER_AGENTS.length],
      receivedAt: start + i * 10,
    };
  });
}

async function main() {
  const geoStart = performance.now();
  const geo = loadGeoDatabase();
  const geoLoadMs = performance.now() - geoStart;
  const pipeline = createIngestionPipeline({
    sites: new InMemorySiteDirectory([{ id: 'site_bench', workspaceId: 'ws', hostnames: ['shop.example'] }]),
    salts: new InMemorySaltStore(),
    geo,
  });
  const start = Date.UTC(2026, 5, 1, 8);
  const requests = makeRequests(EVENTS, start);
  // Warm-up so the JIT and the user-agent cache are in their steady state.
  for (const request of makeRequests(20_000, start - 86_400_000)) await pipeline.ingest(request);

  let accepted = 0;
  const kept: Accepted[] = [];
  // CPU time too: on a shared machine wall time mostly measures the neighbours.
  const cpuStart = process.cpuUsage();
  const t = performance.now();
  for (const request of requests) {
    const result = await pipeline.ingest(request);
    if (result.ok) {
      accepted++;
      if (kept.length < 50_000) kept.push(result);
    }
  }
  const seconds = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuUsPerEvent = (cpu.user + cpu.system) / EVENTS;
  const eventsPerSecond = Math.round(EVENTS / seconds);

  // What the collect path and the loader add per accepted event: rows, the framed WAL record
  // (the JSON lines), and the loader's batches of 5,000 (lines copied into one buffer each).
  const recordRound = (seq: number) => {
    const records: WalRecord[] = [];
    for (const result of kept) {
      const rows = toRows(result);
      rows.event.walSeq = ++seq;
      records.push(encodeRecord(rows));
    }
    let bytes = 0;
    for (let i = 0; i < records.length; i += 5000) {
      const { jsonLines } = toBatch(records.slice(i, i + 5000));
      bytes += jsonLines.events.length + jsonLines.sessions.length;
    }
    return bytes;
  };
  recordRound(0);
  const recordCpuStart = process.cpuUsage();
  const recordStart = performance.now();
  const rounds = 4;
  let lineBytes = 0;
  for (let k = 0; k < rounds; k++) lineBytes = recordRound((k + 1) * kept.length);
  const recordUs = ((performance.now() - recordStart) * 1000) / (rounds * kept.length);
  const recordCpu = process.cpuUsage(recordCpuStart);
  const recordCpuUs = (recordCpu.user + recordCpu.system) / (rounds * kept.length);

  console.log('ingestion pipeline (in-process, all steps, no HTTP, no store)');
  console.log(`  events             ${EVENTS}`);
  console.log(`  accepted / dropped ${accepted} / ${EVENTS - accepted} (bots)`);
  console.log(`  throughput         ${eventsPerSecond.toLocaleString('en')} events/s`);
  console.log(
    `  per event          ${((seconds * 1e6) / EVENTS).toFixed(2)} us (CPU ${cpuUsPerEvent.toFixed(2)} us)`,
  );
  console.log(
    `  WAL record + batch ${recordUs.toFixed(2)} us per accepted event (CPU ${recordCpuUs.toFixed(2)} us; ${Math.round(lineBytes / kept.length)} bytes of JSON lines)`,
  );
  console.log(`  geo db load        ${geoLoadMs.toFixed(0)} ms`);
  console.log(`  rss                ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
  console.log(
    JSON.stringify({
      bench: 'ingest-pipeline',
      events: EVENTS,
      accepted,
      eventsPerSecond,
      usPerEvent: Number(((seconds * 1e6) / EVENTS).toFixed(2)),
      cpuUsPerEvent: Number(cpuUsPerEvent.toFixed(2)),
      recordUsPerEvent: Number(recordUs.toFixed(2)),
      recordCpuUsPerEvent: Number(recordCpuUs.toFixed(2)),
      geoLoadMs: Math.round(geoLoadMs),
      rssMb: Math.round(process.memoryUsage().rss / 1e6),
    }),
  );
}

await main();
