import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
/**
 * Separate worker processes exist only on a PostgreSQL server (the embedded store belongs to one
 * process), so this check always runs against the server, whichever store the rest of the suite uses.
 */
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

test('a worker process killed while holding jobs changes nothing: orders, listings and stock end as the witnesses say', { timeout: 10 * 60_000 }, async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', main, 'demo', '--orders', '600', '--rate', '30', '--faults', 'chaos', '--kill-worker', '--exit-when-done'], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'error' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const killed = /killed worker process \d+ \(SIGKILL\) holding (\d+) jobs/.exec(err);
  assert.ok(killed, `the demo did not kill a worker:\n${err.slice(-3000)}`);
  t.diagnostic(killed[0]);
  const line = out.trim().split('\n').findLast((l) => l.startsWith('{"orders"')) ?? out;
  const result = JSON.parse(line) as Record<string, number>;
  assert.equal(result.orders, 600, line);
  for (const k of ['lost', 'duplicated', 'wrongLines', 'oversold', 'listingDrift', 'wrongStatus', 'stockDrift', 'erpMismatch', 'wmsMismatch', 'trackingMissing', 'unmappedLeft']) assert.equal(result[k], 0, `${k} in ${line}\n${err.slice(-3000)}`);
  assert.equal(code, 0, err.slice(-3000));
});
