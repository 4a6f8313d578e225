/**
 * A stand-in for `fetch` in connector unit tests: records each request and answers from a handler.
 * (End-to-end runs go against the simulators over HTTP instead.)
 */
import type { ConnectionContext } from './types.ts';

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

export type StubHandler = (request: RecordedRequest) => Response | Promise<Response>;

export function stubFetch(handler: StubHandler): { fetch: typeof fetch; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetchStub = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const recorded = { method: request.method, url: new URL(request.url), headers: request.headers, body: await request.text() };
    requests.push(recorded);
    return handler(recorded);
  };
  return { fetch: fetchStub, requests };
}

export function jsonResponse(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Response(text, { status: init.status ?? 200, headers: { 'content-type': 'application/json', ...init.headers } });
}

export function stubContext(fetchStub: typeof fetch, credentials: Record<string, string>, baseUrl: string, now = new Date('2025-04-02T16:00:00Z')): ConnectionContext {
  return { baseUrl, credentials, fetch: fetchStub, now: () => now };
}
