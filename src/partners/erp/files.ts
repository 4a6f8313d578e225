/** File-system failures as PlatformError kinds: a folder that is not there waits for a person, a full disk does not. */
import { PlatformError } from '../../connectors/index.ts';

/** Set-up problems (a folder missing or not ours to read/write): no retry will fix them. */
const SETUP_CODES = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EISDIR', 'EROFS']);

export function fileSystemError(err: unknown, doing: string): PlatformError {
  if (err instanceof PlatformError) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code ?? null;
  const reason = err instanceof Error ? err.message : String(err);
  return new PlatformError(code !== null && SETUP_CODES.has(code) ? 'permanent' : 'transient', `${doing}: ${reason}`, null, code);
}

/** A folder named in the partner's settings; its absence is the partner's set-up. */
export function folderOf(settings: Record<string, string>, name: 'inboxDir' | 'outboxDir'): string {
  const folder = settings[name];
  if (!folder) throw new PlatformError('permanent', `the ERP partner's settings have no ${name}`);
  return folder;
}
