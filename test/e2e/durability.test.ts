import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../support/server-process';

type Server = Awaited<ReturnType<typeof startServerProcess>>;
const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers.reverse()) await s.stop().catch(() => {});
});

/** Acknowledged app data survives `kill -9` of the real server, and a SIGTERM stop exits cleanly. */
describe('durability of app data', () => {
  it('keeps what it acknowledged across kill -9, and shuts down cleanly on SIGTERM', async () => {
    const first = await startServerProcess();
    servers.push(first);
    const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${first.baseUrl}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const setup = await post('/api/setup', {
      name: 'Ann',
      email: 'ann@example.com',
      password: 'long enough pw',
      workspaceName: 'Acme',
      workspaceKind: 'company',
    });
    expect(setup.status).toBe(201);
    const cookies = setup.headers.getSetCookie().map((c) => c.split(';')[0]);
    const csrf = cookies.find((c) => c.startsWith('ml_csrf='))!.split('=')[1];
    const wid = (await setup.json()).workspace.id;
    const names = Array.from({ length: 20 }, (_, i) => `Company ${i}`);
    for (const name of names) {
      const res = await post(
        `/api/workspaces/${wid}/companies`,
        { name },
        { cookie: cookies.join('; '), 'x-csrf-token': csrf },
      );
      expect(res.status).toBe(201);
    }
    await first.kill9();

    const second = await startServerProcess({}, { dataDir: first.dataDir, port: first.port });
    servers.push(second);
    const list = await fetch(`${second.baseUrl}/api/workspaces/${wid}/companies`, {
      headers: { cookie: cookies.join('; ') },
    });
    expect(list.status).toBe(200);
    expect((await list.json()).items.map((c: { name: string }) => c.name).sort()).toEqual([...names].sort());
    const health = await (await fetch(`${second.baseUrl}/healthz`)).json();
    expect(health.status).toBe('ok');
    servers.pop();
    expect(await second.stop()).toBe(0);
  });
});
