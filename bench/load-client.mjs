/**
 * The load generators' shared client: `count` POSTs to `url`, `concurrency` in flight over
 * keep-alive node:http (lighter than fetch, so the client is not what is measured). `requestOf(i)`
 * gives the i-th body and its headers. Resolves to the elapsed seconds and a count per status.
 */
import http from 'node:http';

/** @param {{ url: string, count: number, concurrency: number, requestOf: (i: number) => { body: string, headers: Record<string, string> } }} load */
export async function postLoad(load) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: load.concurrency });
  const target = new URL(load.url);
  /** @param {number} i @returns {Promise<number>} */
  const post = (i) => new Promise((resolve, reject) => {
    const { body, headers } = load.requestOf(i);
    const request = http.request({
      agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
    }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end(body);
  });
  const statuses = new Map();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: load.concurrency }, async () => {
    while (next < load.count) {
      const status = await post(next++);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  }));
  agent.destroy();
  return { seconds: (performance.now() - t0) / 1000, statuses: Object.fromEntries(statuses) };
}
