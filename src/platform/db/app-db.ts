import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { packageRoot } from '../package-root';
import { type Schema, schema } from './schema';

export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface AppDb {
  engine: 'pglite' | 'postgres';
  db: Db;
  migrate(): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

// drizzle-kit writes migrations here; resolved from the package root so the built server finds them too.
export const migrationsFolder = path.join(packageRoot(), 'drizzle');

export async function openAppDb(opts: { dataDir: string; databaseUrl?: string }): Promise<AppDb> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    const db = drizzleNodePg(pool, { schema, casing: 'snake_case' });
    return {
      engine: 'postgres',
      db: db as unknown as Db,
      migrate: () => migrateNodePg(db, { migrationsFolder }),
      ping: () => ping(db as unknown as Db),
      close: () => pool.end(),
    };
  }
  const dir = path.join(opts.dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir);
  const db = drizzlePglite(client, { schema, casing: 'snake_case' });
  return {
    engine: 'pglite',
    db: db as unknown as Db,
    migrate: () => migratePglite(db, { migrationsFolder }),
    ping: () => ping(db as unknown as Db),
    close: () => client.close(),
  };
}

async function ping(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
