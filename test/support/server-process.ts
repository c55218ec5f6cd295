import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * The real built server (`node dist/server/main.js`, what `npm start` runs) on 127.0.0.1 with a
 * fresh DATA_DIR; stopped by its own pid.
 */
export async function startServerProcess(
  env: Record<string, string> = {},
  opts: { dataDir?: string; port?: number } = {},
) {
  execFileSync(process.execPath, [path.join(root, 'scripts/ensure-build.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'ml-e2e-'));
  const port = opts.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'dist/server/main.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      PUBLIC_URL: baseUrl,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not become healthy:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    dataDir,
    port,
    output: () => output,
    /** Simulates a crash: no shutdown hooks run. The data dir is kept for a restart. */
    async kill9() {
      const exited = new Promise((r) => child.once('exit', r));
      if (child.pid) process.kill(child.pid, 'SIGKILL');
      await exited;
    },
    /** SIGTERM, wait for exit, remove the data dir; resolves to the exit code. */
    async stop(): Promise<number | null> {
      let code = child.exitCode;
      if (code === null && child.pid) {
        const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
        process.kill(child.pid, 'SIGTERM');
        code = await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
