import { buildServer, type ApiApp } from '../../src/api/server.ts';
import { openTestHub, type TestHub } from './hub.ts';

export interface TestServer {
  hub: TestHub;
  app: ApiApp;
  url: string;
  adminToken: string;
  /** fetch against the server with the admin token (or another one) and a JSON body. */
  call(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** The real HTTP server on a free loopback port, with an admin token. */
export async function startTestServer(): Promise<TestServer> {
  const hub = await openTestHub();
  const adminToken = 'osk_test_admin_token_0123456789';
  await hub.access.ensureAdminToken(adminToken);
  const app = await buildServer(hub, { logger: false });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  async function call(method: string, path: string, body?: unknown, token: string = adminToken) {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
  return {
    hub, app, url, adminToken, call,
    async close() {
      await app.close();
      await hub.dispose();
    },
  };
}
