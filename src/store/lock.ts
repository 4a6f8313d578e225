import fs from 'node:fs';
import path from 'node:path';
import { OmnisyncError } from '../errors/index.ts';

export interface DataDirLock {
  release(): void;
}

interface LockContent {
  pid: number;
  startedAt: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockContent | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockContent;
  } catch {
    return undefined;
  }
}

/**
 * PGlite is one in-process Postgres: two processes opening the same folder corrupt it.
 * The lock file is created with O_EXCL; a lock left by a process that no longer exists is taken over.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'omnisync.lock');
  const content: LockContent = { pid: process.pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(content), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const held = readLock(file);
        if (held?.pid === process.pid) fs.rmSync(file, { force: true });
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(file);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new OmnisyncError(
          'STORE.LOCKED',
          `The data folder ${dataDir} is in use by process ${holder.pid} (since ${holder.startedAt}). ` +
            'Stop that hub first, point this one at another folder with OMNISYNC_DATA_DIR, ' +
            'or run CLI commands through the running hub with OMNISYNC_URL and OMNISYNC_TOKEN.',
          { dataDir, pid: holder.pid },
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new OmnisyncError('STORE.LOCKED', `Could not take the lock on ${dataDir}.`, { dataDir });
}
