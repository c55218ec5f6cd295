import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../support/server-process';

type Server = Awaited<ReturnType<typeof startServerProcess>>;
const servers: Server[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const s of servers.reverse()) await s.stop().catch(() => {});
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

/** Sends tracker events with unique paths from `concurrency` parallel senders until `stop()`. */
function sendEvents(baseUrl: string, siteId: string, prefix: string, concurrency: number) {
  const acked: string[] = [];
  let next = 0;
  let stopped = false;
  const sender = async () => {
    while (!stopped) {
      const pathname = `/${prefix}/${next++}`;
      try {
        const res = await fetch(`${baseUrl}/api/collect`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': UA },
          body: JSON.stringify({
            n: 'pageview',
            u: `https://shop.example${pathname}`,
            d: siteId,
            r: null,
            w: 1280,
          }),
        });
        await res.arrayBuffer();
        if (res.status === 202 && !res.headers.get('x-marketloop-dropped')) acked.push(pathname);
        else if (res.status !== 503)
          throw new Error(`unexpected ${res.status} ${res.headers.get('x-marketloop-dropped')}`);
      } catch (err) {
        // fetch fails with a TypeError when the server is killed under the request: never
        // acknowledged, so nothing was promised.
        if (err instanceof TypeError) return;
        throw err;
      }
    }
  };
  let failure: unknown = null;
  const done = Promise.all(
    Array.from({ length: concurrency }, () =>
      sender().catch((err) => {
        failure = err;
        stopped = true;
      }),
    ),
  );
  return {
    acked,
    failure: () => failure,
    sent: () => next,
    async stop() {
      stopped = true;
      await done;
      if (failure) throw failure;
    },
    /** Waits until `count` events are acknowledged (fails fast if a sender failed). */
    async until(count: number) {
      const deadline = Date.now() + 30_000;
      while (acked.length < count) {
        if (failure) throw failure;
        if (Date.now() > deadline) throw new Error(`only ${acked.length} of ${next} events acknowledged`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
  };
}

async function countPaths(dataDir: string) {
  const instance = await DuckDBInstance.create(path.join(dataDir, 'events.duckdb'));
  const db = await instance.connect();
  try {
    const rows = (
      await db.runAndReadAll('select pathname, count(*)::integer as n from events group by pathname')
    ).getRowObjectsJS() as { pathname: string; n: number }[];
    const seq = (await db.runAndReadAll('select loaded_wal_seq from ingest_state')).getRowObjectsJS()[0];
    return { counts: new Map(rows.map((r) => [r.pathname, r.n])), loadedWalSeq: Number(seq.loaded_wal_seq) };
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

describe('durability of analytics events', () => {
  it('keeps every acknowledged event exactly once across kill -9 and restarts, and loads all on SIGTERM', async () => {
    // The data lives in `real`; servers get a symlink to it, so stop() (which removes its
    // DATA_DIR) removes only the link and the test can read the files after a clean shutdown.
    const real = mkdtempSync(path.join(tmpdir(), 'ml-e2e-analytics-'));
    dirs.push(real);
    const link = `${real}-link`;
    symlinkSync(real, link);
    dirs.push(link);

    const first = await startServerProcess({}, { dataDir: link });
    servers.push(first);
    const setup = await fetch(`${first.baseUrl}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Ann',
        email: 'ann@example.com',
        password: 'long enough pw',
        workspaceName: 'Acme',
        workspaceKind: 'company',
      }),
    });
    expect(setup.status).toBe(201);
    const cookies = setup.headers.getSetCookie().map((c) => c.split(';')[0]);
    const csrf = cookies.find((c) => c.startsWith('ml_csrf='))!.split('=')[1];
    const wid = (await setup.json()).workspace.id;
    const created = await fetch(`${first.baseUrl}/api/workspaces/${wid}/sites`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookies.join('; '), 'x-csrf-token': csrf },
      body: JSON.stringify({ name: 'Shop', hostnames: ['shop.example'] }),
    });
    expect(created.status).toBe(201);
    const siteId = (await created.json()).id;

    // Phase 1: a stream of concurrent events, killed mid-stream.
    const one = sendEvents(first.baseUrl, siteId, 'a', 32);
    await one.until(400);
    await first.kill9();
    await one.stop();
    servers.pop();
    expect(one.sent()).toBeGreaterThan(one.acked.length);

    // Phase 2: restart (replay), more events, killed again before the loader's next tick.
    const second = await startServerProcess({}, { dataDir: link, port: first.port });
    servers.push(second);
    const two = sendEvents(second.baseUrl, siteId, 'b', 16);
    await two.until(200);
    await second.kill9();
    await two.stop();
    servers.pop();

    // Phase 3: restart, a few more events, then a clean SIGTERM stop that must load them all.
    const third = await startServerProcess({}, { dataDir: link, port: first.port });
    servers.push(third);
    const three = sendEvents(third.baseUrl, siteId, 'c', 8);
    await three.until(100);
    await three.stop();
    servers.pop();
    expect(await third.stop()).toBe(0);

    const { counts, loadedWalSeq } = await countPaths(real);
    const acked = [...one.acked, ...two.acked, ...three.acked];
    const missing = acked.filter((p) => counts.get(p) !== 1);
    expect(missing, `acknowledged but not stored exactly once: ${missing.slice(0, 5).join(', ')}`).toEqual(
      [],
    );
    // Nothing is stored twice, acknowledged or not.
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // Nothing acknowledged by phase 3 was left for a replay: SIGTERM loaded it.
    expect(loadedWalSeq).toBeGreaterThanOrEqual(counts.size);
    expect(readdirSync(path.join(real, 'wal')).length).toBeLessThanOrEqual(2);
    console.log(
      `analytics durability: acked ${one.acked.length}+${two.acked.length}+${three.acked.length}, sent ${one.sent()}+${two.sent()}+${three.sent()}, stored ${counts.size}`,
    );
  }, 300_000);
});
