import type { FastifyReply, FastifyRequest } from 'fastify';
import { roleAllows, type AccessService, type Principal, type Role } from '../access/index.ts';
import { errorBody } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Role the route needs; default viewer for GET/HEAD, operator otherwise. */
    role?: Role;
    /** No token needed (health only). */
    public?: boolean;
  }
}

export function requiredRole(method: string, declared: Role | undefined): Role {
  if (declared) return declared;
  return method === 'GET' || method === 'HEAD' ? 'viewer' : 'operator';
}

/** Who did it, as written into the ledger and audit records. */
export function actorOf(request: FastifyRequest): string {
  const p = request.principal;
  return p ? `token:${p.name}#${p.tokenId}` : 'anonymous';
}

export function authHook(access: AccessService) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const config = request.routeOptions.config;
    const url = request.routeOptions.url;
    // Unknown routes fall through to the 404 handler; the API description holds no data.
    if (config?.public || !url || url === '/docs' || url.startsWith('/docs/')) return undefined;
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1]) {
      return reply.code(401).send(errorBody('AUTH.MISSING_TOKEN', 'Send an access token as `Authorization: Bearer <token>`.'));
    }
    const principal = await access.authenticate(match[1]);
    if (!principal) {
      return reply.code(401).send(errorBody('AUTH.INVALID_TOKEN', 'The access token is unknown or revoked.'));
    }
    const needed = requiredRole(request.method, config?.role);
    if (!roleAllows(principal.role, needed)) {
      return reply
        .code(403)
        .send(errorBody('AUTH.FORBIDDEN', `This needs the ${needed} role; the token "${principal.name}" is ${principal.role}.`, { needed, held: principal.role }));
    }
    request.principal = principal;
    return undefined;
  };
}
