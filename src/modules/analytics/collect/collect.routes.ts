import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../../../platform/http/errors';
import type { RawHandler } from '../../../platform/http/raw-routes';
import type { ZodApp } from '../../../platform/http/zod-app';
import type { Dropped, IngestRequest } from '../ingestion/pipeline';
import { DEFAULT_MAX_BODY_BYTES, parseBody } from '../ingestion/steps/parse-body';
import type { DropReason } from '../ingestion/types';
import { mapPlausibleEvent, mapUmamiSend } from './compat-mappers';
import type { AcceptOutcome, IngestionService } from './ingestion-service';

/** Paths of the unauthenticated, cross-origin collect endpoints (no session, no CSRF: no cookies are used). */
export const COLLECT_PATHS = ['/api/collect', '/api/event', '/api/send'] as const;

const EMPTY = Buffer.alloc(0);
const tags = ['Analytics collect'];

/** What an API caller gets for a drop: 4xx for bad input, 2xx for what peers also accept silently. */
function statusFor(reason: DropReason, okStatus: number): number {
  switch (reason) {
    case 'too_large':
      return 413;
    case 'unsupported_content_type':
      return 415;
    case 'bot':
    case 'no_session_for_engagement':
      return okStatus;
    default:
      return 400;
  }
}

const MESSAGES: Record<DropReason, string> = {
  unsupported_content_type: 'Send the body as application/json or text/plain.',
  too_large: `The body is larger than ${DEFAULT_MAX_BODY_BYTES} bytes.`,
  invalid_utf8: 'The body is not valid UTF-8.',
  invalid_json: 'The body is not valid JSON.',
  invalid_payload: 'The event does not match the API.',
  invalid_props:
    'The properties or revenue are invalid (at most 30 properties; keys up to 64, values up to 256 characters).',
  absurd_timestamp: 'The event time is too far from now.',
  unknown_site: 'No site has this id (or exactly this hostname).',
  hostname_not_allowed: "The page's hostname is not in the site's allowed hostnames.",
  bot: 'Dropped: the user agent is a bot.',
  no_session_for_engagement: 'Dropped: engagement without an open visit.',
};

function dropReply(
  reply: FastifyReply,
  drop: Pick<Dropped, 'reason' | 'detail'>,
  okStatus: number,
  okBody: unknown,
) {
  reply.header('x-marketloop-dropped', drop.reason);
  const status = statusFor(drop.reason, okStatus);
  if (status < 300) return reply.status(status).send(okBody);
  const message = drop.detail ? `${MESSAGES[drop.reason]} ${drop.detail}` : MESSAGES[drop.reason];
  return reply.status(status).send(errorBody(drop.reason, message.slice(0, 500)));
}

function baseRequest(request: FastifyRequest): Omit<IngestRequest, 'body'> {
  return {
    contentType: request.headers['content-type'],
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    receivedAt: Date.now(),
  };
}

const STORAGE_FAILED = errorBody('storage_unavailable', 'The event could not be stored; retry later.');
const INTERNAL = errorBody('internal', 'Something went wrong on the server; it was logged.');

function storageFailed(request: FastifyRequest, reply: FastifyReply, err: unknown) {
  request.log.error({ err }, 'analytics write-ahead log append failed');
  return reply.status(503).send(STORAGE_FAILED);
}

/**
 * `POST /api/collect` (our tracker), `POST /api/event` (Plausible Events API) and `POST /api/send`
 * (Umami): unauthenticated, CORS `*`, bodies read raw (any content type, 32 KiB cap) so the
 * pipeline decides and counts every drop.
 */
export async function collectRoutes(app: ZodApp, deps: { ingestion: IngestionService }) {
  const { ingestion } = deps;
  const drops = ingestion.drops;

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    // Callback style: no promise per request on the hot path.
    scope.addHook('onRequest', (_request, reply, done) => {
      reply.header('access-control-allow-origin', '*');
      done();
    });

    scope.setErrorHandler((err: FastifyError, request, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) {
        drops.count(null, 'too_large');
        if (request.url.startsWith('/api/collect')) {
          return reply.header('x-marketloop-dropped', 'too_large').status(202).send();
        }
        return dropReply(reply, { reason: 'too_large' }, 202, null);
      }
      if (err.statusCode && err.statusCode < 500) {
        return reply.status(err.statusCode).send(errorBody('invalid_request', err.message));
      }
      request.log.error({ err }, 'collect endpoint failed');
      return reply.status(500).send(INTERNAL);
    });

    for (const url of COLLECT_PATHS) {
      scope.options(url, { schema: { hide: true } }, async (_request, reply) =>
        reply
          .header('access-control-allow-methods', 'POST, OPTIONS')
          .header('access-control-allow-headers', 'content-type, x-umami-cache')
          .header('access-control-max-age', '86400')
          .status(204)
          .send(),
      );
    }

    scope.post(
      '/api/collect',
      {
        bodyLimit: DEFAULT_MAX_BODY_BYTES,
        schema: {
          tags,
          summary:
            "Marketloop tracker events (the tracker's text/plain JSON body); always 202, drops are counted per site",
        },
      },
      // Callback style (no promise per request): the reply is sent once the record is durable.
      // Over real HTTP the raw route below answers instead; `inject` and path variants come here.
      (request, reply) => {
        ingestion.acceptThen(
          collectRequest(request.raw, (request.body as Buffer) ?? EMPTY),
          (err, result) => {
            if (err || !result) {
              storageFailed(request, reply, err);
              return;
            }
            if (!result.ok) reply.header('x-marketloop-dropped', result.reason);
            reply.status(202).send();
          },
        );
      },
    );

    scope.post(
      '/api/event',
      {
        bodyLimit: DEFAULT_MAX_BODY_BYTES,
        schema: {
          tags,
          summary:
            'Plausible Events API: {name, url, domain (site id or a hostname one site lists), referrer?, props?, revenue?}',
        },
      },
      async (request, reply) => {
        const base = baseRequest(request);
        const json = parseBody({ body: (request.body as Buffer) ?? EMPTY, contentType: base.contentType });
        if (!json.ok) {
          drops.count(null, json.reason);
          return dropReply(reply, json, 202, 'ok');
        }
        const mapped = mapPlausibleEvent(json.value);
        if (!mapped.ok) {
          drops.count(null, mapped.reason);
          return dropReply(reply, mapped, 202, 'ok');
        }
        // Plausible sends one event to several sites with `domain: "a.com,b.com"`: each is judged
        // on its own; the caller hears of a drop only when no site took the event.
        let accepted = 0;
        let firstDrop: Dropped | null = null;
        for (const domain of mapped.value.domains) {
          const siteId = await ingestion.directory.resolveDomain(domain);
          let result: AcceptOutcome;
          if (!siteId) {
            drops.count(null, 'unknown_site');
            result = { ok: false, reason: 'unknown_site', step: 'site_lookup', detail: domain, siteId: null };
          } else {
            try {
              result = await ingestion.accept({
                ...base,
                body: EMPTY,
                parsed: { ...mapped.value.event, d: siteId },
              });
            } catch (err) {
              return storageFailed(request, reply, err);
            }
          }
          if (result.ok) accepted++;
          else firstDrop ??= result;
        }
        if (accepted === 0 && firstDrop) return dropReply(reply, firstDrop, 202, 'ok');
        return reply.status(202).type('text/plain').send('ok');
      },
    );

    scope.post(
      '/api/send',
      {
        bodyLimit: DEFAULT_MAX_BODY_BYTES,
        schema: {
          tags,
          summary:
            "Umami collect API: {type: 'event', payload: {website (site id), hostname, url, referrer, title, name?, data?}}",
        },
      },
      async (request, reply) => {
        const base = baseRequest(request);
        const json = parseBody({ body: (request.body as Buffer) ?? EMPTY, contentType: base.contentType });
        if (!json.ok) {
          drops.count(null, json.reason);
          return dropReply(reply, json, 200, {});
        }
        const mapped = mapUmamiSend(json.value);
        if (!mapped.ok) {
          drops.count(null, mapped.reason);
          return dropReply(reply, mapped, 200, {});
        }
        if (mapped.value.kind === 'ignored') return reply.status(200).send({});
        let result: AcceptOutcome;
        try {
          result = await ingestion.accept({
            ...base,
            body: EMPTY,
            parsed: { ...mapped.value.event, d: mapped.value.website },
            ...(mapped.value.occurredAt === undefined ? {} : { occurredAt: mapped.value.occurredAt }),
          });
        } catch (err) {
          return storageFailed(request, reply, err);
        }
        if (!result.ok) return dropReply(reply, result, 200, {});
        return reply.status(200).send({});
      },
    );
  });

  app.rawRoutes.post('/api/collect', rawCollect(ingestion, app.log));
}

/** What the pipeline needs from a collect request: the raw body and what the connection tells. */
function collectRequest(request: IncomingMessage, body: Buffer): IngestRequest {
  return {
    contentType: request.headers['content-type'],
    // No proxy is trusted (the server's `trustProxy: false`): the peer address, as `request.ip` gives.
    ip: request.socket.remoteAddress ?? '',
    userAgent: request.headers['user-agent'],
    receivedAt: Date.now(),
    body,
  };
}

const RAW_ACCEPTED = { 'access-control-allow-origin': '*', 'content-length': '0' };
const RAW_STORAGE_FAILED = JSON.stringify(STORAGE_FAILED);
const RAW_INTERNAL = JSON.stringify(INTERNAL);
const RAW_JSON_HEADERS = {
  'access-control-allow-origin': '*',
  'content-type': 'application/json; charset=utf-8',
};

/**
 * `POST /api/collect` over real HTTP, without Fastify (see `RawRoutes`): reads the body up to the
 * cap, runs the same `acceptThen` as the Fastify route and answers the same way: 202 once the event
 * is durable or its drop counted (the reason in `x-marketloop-dropped`), 503 when the log failed.
 */
function rawCollect(ingestion: IngestionService, log: FastifyBaseLogger): RawHandler {
  const drops = ingestion.drops;
  const dropped = (response: ServerResponse, reason: DropReason) => {
    response.writeHead(202, { ...RAW_ACCEPTED, 'x-marketloop-dropped': reason });
    response.end();
  };
  return (request, response) => {
    const declared = Number(request.headers['content-length']);
    if (declared > DEFAULT_MAX_BODY_BYTES) {
      // Answered without reading; Node discards the rest of the body.
      drops.count(null, 'too_large');
      dropped(response, 'too_large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= DEFAULT_MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      // Over the cap without saying so up front: answered at once, as Fastify does; Node discards
      // the rest of the body.
      request.removeListener('data', onData);
      request.removeListener('end', onEnd);
      chunks.length = 0;
      drops.count(null, 'too_large');
      dropped(response, 'too_large');
    };
    const onEnd = () => {
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      try {
        ingestion.acceptThen(collectRequest(request, body), (err, result) => {
          if (err || !result) {
            log.error({ err }, 'analytics write-ahead log append failed');
            response.writeHead(503, RAW_JSON_HEADERS);
            response.end(RAW_STORAGE_FAILED);
          } else if (!result.ok) dropped(response, result.reason);
          else {
            response.writeHead(202, RAW_ACCEPTED);
            response.end();
          }
        });
      } catch (err) {
        log.error({ err }, 'collect endpoint failed');
        response.writeHead(500, RAW_JSON_HEADERS);
        response.end(RAW_INTERNAL);
      }
    };
    request.on('data', onData);
    request.on('end', onEnd);
    // A client that goes away mid-body was acknowledged nothing; Node closes the socket.
    request.on('error', () => {});
  };
}
