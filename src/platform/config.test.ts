import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';
import { openEventStore } from './events/open-event-store';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'ml-config-'));

describe('loadConfig', () => {
  it('defaults to port 3000 on localhost with embedded stores in ./data', () => {
    const dir = tmp();
    const c = loadConfig({ DATA_DIR: dir });
    expect(c).toMatchObject({
      port: 3000,
      host: 'localhost',
      dataDir: dir,
      publicUrl: 'http://localhost:3000',
      maxBodyBytes: 1048576,
    });
    expect(c.databaseUrl).toBeUndefined();
  });

  it('generates SECRET once and keeps it in DATA_DIR', () => {
    const dir = tmp();
    const first = loadConfig({ DATA_DIR: dir }).secret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ DATA_DIR: dir }).secret).toBe(first);
    expect(readFileSync(path.join(dir, 'secret'), 'utf8').trim()).toBe(first);
    expect(statSync(path.join(dir, 'secret')).mode & 0o077).toBe(0);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ SECRET: 'short' }, 'SECRET'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ PUBLIC_URL: 'ftp://example.com' }, 'PUBLIC_URL'],
    [{ MARKETLOOP_PROT: '3000' }, 'MARKETLOOP_PROT'],
    [{ CLICKHOUSE_URL: 'tcp://127.0.0.1:9000' }, 'CLICKHOUSE_URL'],
    [{ CLICKHOUSE_URL: 'http://127.0.0.1:8123', CLICKHOUSE_CLUSTER: 'two' }, 'CLICKHOUSE_CLUSTER'],
    [
      {
        CLICKHOUSE_URL: 'http://a:8123',
        CLICKHOUSE_CLUSTER: 'two',
        CLICKHOUSE_SHARD_URLS: 'http://a:8123,b',
      },
      'CLICKHOUSE_SHARD_URLS',
    ],
  ])('fails at start naming the variable for %o', (env, name) => {
    expect(() => loadConfig({ DATA_DIR: tmp(), ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: tmp(), ...env })).toThrow(
      new RegExp(`^Invalid configuration: ${name} `),
    );
  });

  it('reads DUCKDB_THREADS and refuses nonsense', async () => {
    expect(loadConfig({ DATA_DIR: tmp() }).duckdbThreads).toBeUndefined();
    const c = loadConfig({ DATA_DIR: tmp(), DUCKDB_THREADS: '1' });
    expect(c.duckdbThreads).toBe(1);
    for (const bad of ['0', 'two', '1.5', '-1']) {
      expect(() => loadConfig({ DATA_DIR: tmp(), DUCKDB_THREADS: bad }), bad).toThrow(/DUCKDB_THREADS/);
    }
    const store = await openEventStore({ dataDir: ':memory:', duckdbThreads: c.duckdbThreads });
    try {
      expect(await store.query("select current_setting('threads') as threads")).toEqual([{ threads: 1 }]);
    } finally {
      await store.close();
    }
  });

  it('reads the ClickHouse event store settings', () => {
    const c = loadConfig({
      DATA_DIR: tmp(),
      CLICKHOUSE_URL: 'http://127.0.0.1:8123/?database=ml',
      CLICKHOUSE_CLUSTER: 'two_shards',
      CLICKHOUSE_SHARD_URLS: 'http://127.0.0.1:8123, http://127.0.0.1:8124',
    });
    expect(c).toMatchObject({
      clickhouseUrl: 'http://127.0.0.1:8123/?database=ml',
      clickhouseCluster: 'two_shards',
      clickhouseShardUrls: ['http://127.0.0.1:8123', 'http://127.0.0.1:8124'],
    });
  });

  it('uses https cookies when PUBLIC_URL is https', () => {
    const c = loadConfig({
      DATA_DIR: tmp(),
      PUBLIC_URL: 'https://plan.example.com/',
      SECRET: 'x'.repeat(32),
    });
    expect(c.publicUrl).toBe('https://plan.example.com');
    expect(c.secureCookies).toBe(true);
  });
});
