import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** An error a client can act on; rendered as `{error: {code, message, field?}}`. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Extra top-level members of the response body, e.g. `current` on a 409 so the client can merge. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (what = 'Resource') => new AppError(404, 'not_found', `${what} not found.`);
export const forbidden = (message = 'Your role does not allow this action.') =>
  new AppError(403, 'forbidden', message);
export const unauthenticated = () => new AppError(401, 'unauthenticated', 'Sign in to continue.');

export const errorBody = (code: string, message: string, field?: string) => ({
  error: field ? { code, message, field } : { code, message },
});

const fastifyCodes: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json', 'The request body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json', 'The request body is empty; send a JSON object.'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'The request body is too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'Send the body as application/json.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_request', 'The Content-Length header is wrong.'],
};

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send({ ...err.extra, ...errorBody(err.code, err.message, err.field) });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0];
      const where = err.validationContext === 'body' ? '' : `${err.validationContext}.`;
      const pathParts = (first.instancePath || '').split('/').filter(Boolean);
      const unknownKeys = (first.params as { keys?: string[] }).keys;
      if (first.keyword === 'unrecognized_keys' && unknownKeys?.length) pathParts.push(unknownKeys[0]);
      const field = `${where}${pathParts.join('.')}` || undefined;
      const message = field ? `${field}: ${first.message}` : (first.message ?? 'Invalid request.');
      return reply.status(400).send(errorBody('validation_failed', message, field));
    }
    const known = err.code ? fastifyCodes[err.code] : undefined;
    if (known) return reply.status(known[0]).send(errorBody(known[1], known[2]));
    if (err instanceof SyntaxError && err.statusCode === 400) {
      return reply.status(400).send(errorBody('invalid_json', 'The request body is not valid JSON.'));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply
        .status(err.statusCode)
        .send(errorBody('invalid_request', err.message || 'The request could not be processed.'));
    }
    request.log.error({ err }, 'unhandled error');
    return reply
      .status(500)
      .send(errorBody('internal', 'Something went wrong on the server; it was logged.'));
  });
}
