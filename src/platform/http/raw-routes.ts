import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FastifyServerOptions } from 'fastify';

export type RawHandler = (request: IncomingMessage, response: ServerResponse) => void;

declare module 'fastify' {
  interface FastifyInstance {
    /** POST endpoints answered by a plain Node handler before Fastify sees the request. */
    rawRoutes: RawRoutes;
  }
}

/**
 * A fast lane for the hottest endpoint: the tracker's `POST /api/collect` arrives thousands of times
 * a second and needs none of Fastify's per-request machinery (routing, hooks, cookie parsing, a
 * logger child, the reply object), which costs as much CPU as the pipeline itself.
 *
 * Rules for a raw route: unauthenticated, no cookies, and its Fastify route stays registered with
 * the same behaviour (built from the same functions), because `app.inject` (the HTTP tests),
 * OpenAPI and any path variant the lane does not match (`/api/collect/`) go through Fastify.
 */
export class RawRoutes {
  private readonly posts = new Map<string, RawHandler>();

  post(path: string, handler: RawHandler) {
    if (this.posts.has(path)) throw new Error(`raw route POST ${path} registered twice`);
    this.posts.set(path, handler);
  }

  /** The handler for exactly this method and path (the query string ignored), if any. */
  match(request: IncomingMessage): RawHandler | undefined {
    if (request.method !== 'POST' || this.posts.size === 0) return undefined;
    const url = request.url ?? '';
    const query = url.indexOf('?');
    return this.posts.get(query < 0 ? url : url.slice(0, query));
  }

  /**
   * Fastify's `serverFactory`: the HTTP server Fastify would create (same timeouts), with the raw
   * routes in front of Fastify's handler.
   */
  serverFactory(): NonNullable<FastifyServerOptions['serverFactory']> {
    return (fastifyHandler, fastifyOptions) => {
      const options = fastifyOptions as {
        keepAliveTimeout?: number;
        requestTimeout?: number;
        connectionTimeout?: number;
      };
      const server: Server = createServer((request, response) => {
        const raw = this.match(request);
        if (raw) raw(request, response);
        else fastifyHandler(request, response);
      });
      server.keepAliveTimeout = options.keepAliveTimeout ?? 72_000;
      server.requestTimeout = options.requestTimeout ?? 0;
      server.setTimeout(options.connectionTimeout ?? 0);
      return server;
    };
  }
}
