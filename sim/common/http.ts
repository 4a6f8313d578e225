/** A small router and server over node:http: exactly what the simulators need, nothing shared with src/. */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stringifyJson } from './json.ts';

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Values of the :name parts of the matched route pattern. */
  params: Record<string, string>;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export type Handler = (request: SimRequest) => SimResponse | Promise<SimResponse>;

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: stringifyJson(value) };
}

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];

  /** pattern: a path where ":name" stands for one segment or part of one, e.g. "/orders/:id.json". */
  add(method: string, pattern: string, handler: Handler): this {
    const source = pattern
      .split(/(:[A-Za-z_]+)/)
      .map((part) => (part.startsWith(':') ? `(?<${part.slice(1)}>[^/]+?)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), handler });
    return this;
  }

  /** The handler for a request, with its params; null when no route has that path. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | null {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(path);
      if (found) return { handler: route.handler, params: { ...found.groups } };
    }
    return null;
  }
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;

/** Listens on host:port (port 0 = any free port) and answers every request through handler. */
export async function serve(handler: Handler, host: string, port: number): Promise<RunningServer> {
  const server = createServer((req, res) => void answer(handler, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(handler: Handler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let response: SimResponse;
  try {
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://sim.local');
    response =
      rawBody === null
        ? jsonResponse(413, { errors: 'Request body too large' })
        : await handler({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, rawBody, params: {} });
  } catch (error) {
    console.error('[sim] handler failed:', error);
    response = jsonResponse(500, { errors: 'Internal Server Error' });
  }
  if (res.destroyed) return;
  res.writeHead(response.status, response.headers ?? {});
  res.end(response.body ?? '');
}

/** The body as text, or null when it is larger than MAX_BODY_BYTES. */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
