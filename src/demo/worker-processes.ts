import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../main.ts', import.meta.url));

export interface WorkerProcesses {
  pids: number[];
  /** SIGKILL: the process dies holding its jobs, as a crashed or OOM-killed worker would. */
  kill(index: number): void;
  stop(): Promise<void>;
}

/** `omnisync worker` processes on the same PostgreSQL schema, for the kill-a-worker check. */
export async function startWorkerProcesses(count: number, env: NodeJS.ProcessEnv, leaseMs: number): Promise<WorkerProcesses> {
  const children: ChildProcess[] = [];
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'worker', '--lease-ms', String(leaseMs)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', () => resolve());
      child.once('exit', (code) => reject(new Error(`worker process exited (${code}) before starting`)));
    });
  }
  return {
    pids: children.map((c) => c.pid!),
    kill: (index) => void children[index]?.kill('SIGKILL'),
    async stop() {
      await Promise.all(children.filter((c) => c.exitCode === null && c.signalCode === null).map((c) => {
        const exited = new Promise((r) => c.once('exit', r));
        c.kill('SIGTERM');
        return exited;
      }));
    },
  };
}
