import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, unauthenticated } from './errors';

export const roles = ['viewer', 'editor', 'admin', 'owner'] as const;
export type Role = (typeof roles)[number];
export const roleRank = (role: Role) => roles.indexOf(role);

export interface SignedInUser {
  id: string;
  name: string;
  email: string;
  locale: string;
}

/** Who is calling: a signed-in person (session cookie) or a workspace-scoped API key. */
export type Principal =
  | { kind: 'user'; user: SignedInUser; sessionToken: string }
  | { kind: 'apiKey'; keyId: string; workspaceId: string; role: Role };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export interface PrincipalResolvers {
  /** Resolves the session cookie; may return cookies to refresh. */
  session(
    request: FastifyRequest,
  ): Promise<{ user: SignedInUser; sessionToken: string; setCookie: string[] } | null>;
  /** Resolves `Authorization: Bearer ml_...`; null when the key is unknown or revoked. */
  apiKey(key: string): Promise<{ keyId: string; workspaceId: string; role: Role } | null>;
}

export const CSRF_COOKIE = 'ml_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Public, cookie-less collect endpoints (tracker, Plausible, Umami): no session lookup, no CSRF. */
const NO_PRINCIPAL_ROUTES = new Set(['/api/collect', '/api/event', '/api/send']);

/**
 * Resolves the principal for every /api request and enforces CSRF on cookie-authenticated writes
 * (double-submit: the readable ml_csrf cookie must be echoed in x-csrf-token).
 */
export function registerPrincipal(
  app: FastifyInstance,
  resolvers: PrincipalResolvers,
  secureCookies: boolean,
) {
  app.decorateRequest('principal', null);
  const resolve = async (request: FastifyRequest, reply: FastifyReply) => {
    const authorization = request.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const found = match ? await resolvers.apiKey(match[1]) : null;
      if (!found) throw new AppError(401, 'invalid_api_key', 'The API key is malformed, unknown or revoked.');
      request.principal = { kind: 'apiKey', ...found };
      return;
    }
    const session = await resolvers.session(request);
    if (!session) return;
    for (const cookie of session.setCookie) reply.header('set-cookie', cookie);
    request.principal = { kind: 'user', user: session.user, sessionToken: session.sessionToken };
    if (UNSAFE.has(request.method)) {
      const expected = request.cookies[CSRF_COOKIE];
      const given = request.headers[CSRF_HEADER];
      if (!expected || typeof given !== 'string' || !safeEqual(expected, given)) {
        throw new AppError(
          403,
          'csrf_failed',
          `Missing or wrong ${CSRF_HEADER} header; send the value of the ${CSRF_COOKIE} cookie.`,
        );
      }
    } else if (!request.cookies[CSRF_COOKIE]) {
      issueCsrfCookie(reply, secureCookies);
    }
  };
  // Callback style so that routes without a principal (static files, the collect endpoints) cost
  // no promise; the others run the async resolution.
  app.addHook('preHandler', (request, reply, done) => {
    if (!request.url.startsWith('/api/') || NO_PRINCIPAL_ROUTES.has(request.routeOptions.url ?? '')) {
      done();
      return;
    }
    resolve(request, reply).then(() => done(), done);
  });
}

export function issueCsrfCookie(reply: FastifyReply, secure: boolean): string {
  const token = randomBytes(24).toString('base64url');
  reply.setCookie(CSRF_COOKIE, token, { path: '/', sameSite: 'lax', httpOnly: false, secure });
  return token;
}

function safeEqual(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function requireUser(request: FastifyRequest) {
  const p = request.principal;
  if (p?.kind === 'user') return p;
  if (p?.kind === 'apiKey') {
    throw new AppError(403, 'session_required', 'This action needs a signed-in person, not an API key.');
  }
  throw unauthenticated();
}
