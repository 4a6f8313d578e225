import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { errorRegistry, httpStatusOf, OmnisyncError, type ErrorCode, type ErrorDetails, type Failure } from '../errors/index.ts';

/** The one error shape of the API. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: ErrorDetails };
}

export function errorBody(code: ErrorCode, message: string, details: ErrorDetails = {}): ErrorBody {
  return { error: { code, message, details } };
}

/** Sends an expected refusal returned by a domain function. */
export function sendFailure(reply: FastifyReply, f: Failure): FastifyReply {
  return reply.code(httpStatusOf(f.code)).send(errorBody(f.code, f.message, f.details));
}

interface FieldIssue {
  field: string;
  message: string;
}

function validationIssues(err: FastifyError): FieldIssue[] {
  const where = err.validationContext ?? 'body';
  return (err.validation ?? []).map((v) => {
    const params = v.params as { issue?: { path?: PropertyKey[] } } | undefined;
    const path = params?.issue?.path?.map(String).join('.') ?? v.instancePath.replace(/^\//, '').replaceAll('/', '.');
    return { field: path ? `${where}.${path}` : where, message: v.message ?? 'invalid' };
  });
}

export function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof OmnisyncError) {
    const status = httpStatusOf(err.code);
    if (status >= 500) request.log.error({ err }, err.message);
    return reply.code(status).send(errorBody(err.code, err.message, err.details));
  }
  if (hasZodFastifySchemaValidationErrors(err) || err.validation) {
    const fields = validationIssues(err);
    const names = fields.map((f) => f.field).join(', ');
    return reply.code(400).send(errorBody('REQUEST.INVALID', `Invalid request: check ${names}.`, { fields }));
  }
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.statusCode === 400) {
    return reply.code(400).send(errorBody('REQUEST.INVALID', err.message, { fields: [{ field: 'body', message: err.message }] }));
  }
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return reply.code(413).send(errorBody('REQUEST.TOO_LARGE', err.message));
  }
  if (isResponseSerializationError(err)) {
    request.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
  } else {
    request.log.error({ err }, 'unhandled error');
  }
  return reply.code(500).send(errorBody('INTERNAL', `${errorRegistry.INTERNAL.summary} (request ${request.id})`, { requestId: request.id }));
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.code(404).send(errorBody('REQUEST.NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`, { method: request.method }));
}

/** The response schema of any refusal, for the OpenAPI document. */
export { errorBodySchema } from './schemas.ts';
