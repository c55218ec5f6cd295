import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

// The only reader of process.env. Every setting is validated here so a typo fails at start, not at 3 a.m.
const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  CLICKHOUSE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
  CLICKHOUSE_CLUSTER: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a remote_servers cluster name (letters, digits, _)')
    .optional(),
  CLICKHOUSE_SHARD_URLS: z
    .string()
    .transform((v) => v.split(',').map((u) => u.trim()))
    .pipe(z.array(z.url({ protocol: /^https?$/, error: 'must be comma-separated http(s):// URLs' })).min(1))
    .optional(),
  DUCKDB_THREADS: z.coerce.number().int().min(1).max(256).optional(),
  SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(1024 * 1024),
  LOGIN_MAX_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  NODE_ENV: z.enum(['development', 'production', 'test']).optional(),
});

export const configKeys = Object.keys(envSchema.shape);

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  clickhouseUrl?: string;
  /** With a cluster, events go to every shard through `Distributed` tables on CLICKHOUSE_URL. */
  clickhouseCluster?: string;
  clickhouseShardUrls?: string[];
  /**
   * DuckDB's worker threads; unset = one per core. One thread loads events with ~25% less CPU on a
   * 2-core machine (its second thread mostly waits), but raw reports then take ~1.8x as long.
   */
  duckdbThreads?: number;
  secret: string;
  publicUrl: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  maxBodyBytes: number;
  loginMaxFailuresPerMinute: number;
  secureCookies: boolean;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
  }
}

/** Reads and validates the environment. Unknown MARKETLOOP_* variables are rejected as likely typos. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  for (const key of Object.keys(env)) {
    if (key.startsWith('MARKETLOOP_')) {
      throw new ConfigError(key, `is not a known setting (known: ${configKeys.join(', ')})`);
    }
  }
  const picked = Object.fromEntries(
    configKeys.filter((k) => env[k] !== undefined && env[k] !== '').map((k) => [k, env[k]]),
  );
  const parsed = envSchema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  if (e.CLICKHOUSE_CLUSTER && !e.CLICKHOUSE_URL) {
    throw new ConfigError('CLICKHOUSE_CLUSTER', 'needs CLICKHOUSE_URL (the server that queries the cluster)');
  }
  if (e.CLICKHOUSE_CLUSTER && !e.CLICKHOUSE_SHARD_URLS) {
    throw new ConfigError(
      'CLICKHOUSE_CLUSTER',
      'needs CLICKHOUSE_SHARD_URLS: the HTTP URL of one server per shard, comma-separated (tables and deletes run on each)',
    );
  }
  if (e.CLICKHOUSE_SHARD_URLS && !e.CLICKHOUSE_CLUSTER) {
    throw new ConfigError(
      'CLICKHOUSE_SHARD_URLS',
      'is only used with CLICKHOUSE_CLUSTER; set both or neither',
    );
  }
  const dataDir = path.resolve(overrides.dataDir ?? e.DATA_DIR);
  const port = overrides.port ?? e.PORT;
  const publicUrl = (overrides.publicUrl ?? e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  return {
    port,
    host: overrides.host ?? e.HOST,
    dataDir,
    databaseUrl: overrides.databaseUrl ?? e.DATABASE_URL,
    clickhouseUrl: overrides.clickhouseUrl ?? e.CLICKHOUSE_URL,
    clickhouseCluster: overrides.clickhouseCluster ?? e.CLICKHOUSE_CLUSTER,
    clickhouseShardUrls: overrides.clickhouseShardUrls ?? e.CLICKHOUSE_SHARD_URLS,
    duckdbThreads: overrides.duckdbThreads ?? e.DUCKDB_THREADS,
    secret: overrides.secret ?? e.SECRET ?? loadOrCreateSecret(dataDir),
    publicUrl,
    logLevel: overrides.logLevel ?? e.LOG_LEVEL,
    maxBodyBytes: overrides.maxBodyBytes ?? e.MAX_BODY_BYTES,
    loginMaxFailuresPerMinute: overrides.loginMaxFailuresPerMinute ?? e.LOGIN_MAX_FAILURES_PER_MINUTE,
    secureCookies: overrides.secureCookies ?? publicUrl.startsWith('https://'),
  };
}

// Generated once so sessions survive restarts without the user having to invent a secret.
function loadOrCreateSecret(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'secret');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
    throw new ConfigError(
      'SECRET',
      `stored in ${file} is shorter than 32 characters; delete the file to regenerate it`,
    );
  }
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
