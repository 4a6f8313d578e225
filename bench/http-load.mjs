/**
 * A load generator in its own thread, so that the client's work does not share the hub's event loop.
 * Sends `count` POSTs of `{ref: prefix-i, lines}` to `url` with `concurrency` requests in flight,
 * over node:http with keep-alive (lighter than fetch, so the client is not what is measured).
 */
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

/** @typedef {{ url: string, token: string, count: number, concurrency: number, refPrefix: string, lines: unknown[] }} Job */
/** @type {Job} */
const job = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
const target = new URL(job.url);

/** @param {string} body @returns {Promise<number>} */
function post(body) {
  return new Promise((resolve, reject) => {
    const request = http.request({
      agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
      headers: { authorization: `Bearer ${job.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end(body);
  });
}

const statuses = new Map();
let next = 0;
const t0 = performance.now();
await Promise.all(Array.from({ length: job.concurrency }, async () => {
  while (next < job.count) {
    const i = next++;
    const status = await post(JSON.stringify({ ref: `${job.refPrefix}-${i}`, lines: job.lines }));
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
}));
agent.destroy();
parentPort.postMessage({ seconds: (performance.now() - t0) / 1000, statuses: Object.fromEntries(statuses) });
