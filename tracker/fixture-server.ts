import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface CollectedRequest {
  /** The port that received it: tells the page's own origin from the `data-api` one. */
  port: number;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

export interface FixtureServer {
  origin: string;
  /** A second origin (another port) for outbound links, `data-api` and origin-scoped storage. */
  altOrigin: string;
  collected: CollectedRequest[];
  /** CORS preflights seen; the tracker's requests must never need one. */
  preflights: number;
  close(): Promise<void>;
}

const fixturesDir = join(import.meta.dirname, 'fixtures');

/**
 * Serves tracker/fixtures/*.html with `{{SITE}}` (from `?site=`) and `{{ALT_ORIGIN}}` filled in, the
 * built tracker at /js/marketloop.js, and records every `POST /api/collect`. Links to /files/* and
 * /away answer 204 so the browser stays on the page that sent the click.
 */
export async function startFixtureServer(trackerCode: string): Promise<FixtureServer> {
  const state = { origin: '', altOrigin: '', collected: [] as CollectedRequest[], preflights: 0 };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const port = (req.socket.address() as AddressInfo).port;
    if (req.method === 'OPTIONS') {
      state.preflights++;
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/api/collect') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      state.collected.push({ port, contentType: req.headers['content-type'], body: JSON.parse(text) });
      res.writeHead(202).end();
      return;
    }
    if (url.pathname === '/js/marketloop.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(trackerCode);
      return;
    }
    if (url.pathname.startsWith('/files/') || url.pathname === '/away') {
      res.writeHead(204).end();
      return;
    }
    const name = /^\/([a-z-]+\.html)$/.exec(url.pathname)?.[1];
    if (!name) {
      res.writeHead(404).end();
      return;
    }
    const site = url.searchParams.get('site') ?? 'fixture';
    const html = (await readFile(join(fixturesDir, name), 'utf8'))
      .replaceAll('{{SITE}}', /^[\w.-]{1,64}$/.test(site) ? site : 'fixture')
      .replaceAll('{{ALT_ORIGIN}}', state.altOrigin);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  }

  const listen = async () => {
    const server = createServer((req, res) => {
      handle(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return server;
  };
  const servers: Server[] = [await listen(), await listen()];
  const [origin, altOrigin] = servers.map((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`);
  state.origin = origin;
  state.altOrigin = altOrigin;

  return {
    origin,
    altOrigin,
    collected: state.collected,
    get preflights() {
      return state.preflights;
    },
    async close() {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}
