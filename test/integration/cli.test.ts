import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config';
import { openAppDb } from '../../src/platform/db/app-db';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
let dataDir: string;

/** Runs the real `marketloop` bin (bundled server CLI) against a temp DATA_DIR. */
async function marketloop(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(root, 'bin/marketloop.mjs'), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'ml-cli-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }));

describe('marketloop CLI', () => {
  it('documents every command', async () => {
    const top = await marketloop('--help');
    expect(top.code).toBe(0);
    for (const cmd of ['start', 'migrate', 'user', 'workspace', 'forecast'])
      expect(top.stdout).toContain(cmd);
    const userCreate = await marketloop('user', 'create', '--help');
    expect(userCreate.stdout).toContain('--email');
    expect((await marketloop('workspace', 'create', '--help')).stdout).toContain('--owner');
    expect((await marketloop('migrate', '--help')).stdout).toContain('migrations');
  });

  it('migrates, creates a user and a workspace, and refuses bad input', async () => {
    expect((await marketloop('migrate')).code).toBe(0);
    const user = await marketloop(
      'user',
      'create',
      '--email',
      'Ops@Example.com',
      '--name',
      'Ops',
      '--password',
      'long enough pw',
    );
    expect(user.code, user.stderr).toBe(0);
    expect(user.stdout).toContain('ops@example.com');

    const dup = await marketloop(
      'user',
      'create',
      '--email',
      'ops@example.com',
      '--name',
      'Ops',
      '--password',
      'long enough pw',
    );
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);
    const weak = await marketloop(
      'user',
      'create',
      '--email',
      'x@example.com',
      '--name',
      'X',
      '--password',
      'short',
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/password/);

    const ws = await marketloop(
      'workspace',
      'create',
      '--name',
      'Glass Co',
      '--owner',
      'ops@example.com',
      '--kind',
      'company',
    );
    expect(ws.code, ws.stderr).toBe(0);
    const nobody = await marketloop('workspace', 'create', '--name', 'X', '--owner', 'nobody@example.com');
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(/No person with email/);

    const badEnv = await run(process.execPath, [path.join(root, 'bin/marketloop.mjs'), 'migrate'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, PORT: 'abc' },
    }).catch((e) => e);
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toMatch(/PORT/);

    const appDb = await openAppDb(loadConfig({ DATA_DIR: dataDir }));
    try {
      const rows = await appDb.db.query.organization.findMany();
      expect(rows.map((r) => r.name)).toEqual(['Glass Co']);
      const members = await appDb.db.query.member.findMany();
      expect(members.map((m) => m.role)).toEqual(['owner']);
    } finally {
      await appDb.close();
    }
  });
});
