/**
 * A load generator in its own thread, so that the client's work does not share the hub's event loop.
 * Sends `count` POSTs of `{ref: prefix-i, lines}` to `url` with `concurrency` requests in flight.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { postLoad } from './load-client.mjs';

/** @type {{ url: string, token: string, count: number, concurrency: number, refPrefix: string, lines: unknown[] }} */
const job = workerData;
parentPort.postMessage(await postLoad({
  url: job.url, count: job.count, concurrency: job.concurrency,
  requestOf: (i) => ({ body: JSON.stringify({ ref: `${job.refPrefix}-${i}`, lines: job.lines }), headers: { authorization: `Bearer ${job.token}` } }),
}));
