import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions, LogController } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from '../config';
import { packageRoot } from '../package-root';
import { errorBody, registerErrorHandling } from './errors';
import { type PrincipalResolvers, registerPrincipal } from './principal';
import { RawRoutes } from './raw-routes';
import type { ZodApp } from './zod-app';

export const webDist = path.join(packageRoot(), 'dist/web');
export const trackerDist = path.join(packageRoot(), 'dist/tracker');

const SPA_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'", // Mantine injects CSS variables at runtime
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export async function createHttpServer(opts: {
  config: Config;
  principal: PrincipalResolvers;
  logger?: FastifyServerOptions['logger'];
}): Promise<ZodApp> {
  const { config } = opts;
  const rawRoutes = new RawRoutes();
  const app = Fastify({
    serverFactory: rawRoutes.serverFactory(),
    logger: opts.logger ?? { level: config.logLevel },
    bodyLimit: config.maxBodyBytes,
    trustProxy: false,
    // Per-request lines only at debug: the tracker endpoint would otherwise drown the log.
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  app.decorate('rawRoutes', rawRoutes);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Marketloop API',
        version: '0.1.0',
        description:
          'Plan, run, measure and adjust network marketing. Authenticate with the session cookie (and the `x-csrf-token` header on writes) or with `Authorization: Bearer ml_...` (a workspace API key). Errors are `{error: {code, message, field?}}`.',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  // Callback style: no promise per response (the collect endpoints answer thousands a second).
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    if (!request.url.startsWith('/api/docs') && !request.url.startsWith('/js/')) {
      reply.header('content-security-policy', SPA_CSP);
      reply.header('x-frame-options', 'DENY');
    }
    done(null, payload);
  });

  registerPrincipal(app, opts.principal, config.secureCookies);

  if (existsSync(trackerDist)) {
    await app.register(fastifyStatic, {
      root: trackerDist,
      prefix: '/js/',
      decorateReply: false,
      maxAge: '1h',
    });
  }
  const hasWeb = existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: false });
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url;
    const isApi = url.startsWith('/api/') || url === '/api' || url.startsWith('/healthz');
    if (request.method === 'GET' && !isApi && !url.startsWith('/js/')) {
      // Client-side routes: every other GET gets the app, which renders its own "not found".
      if (hasWeb)
        return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html', webDist);
      return reply
        .status(503)
        .type('text/plain')
        .send('The web app is not built. Run `npm run build:web` (npm start does this for you).');
    }
    return reply
      .status(404)
      .send(errorBody('not_found', `No route for ${request.method} ${url.split('?')[0]}.`));
  });
  return app;
}
