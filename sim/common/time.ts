/** Wall-clock text in a fixed UTC offset, as the platforms write it. */

/** "yyyy-MM-dd HH:mm:ss" as the wall clock reads offsetMinutes from UTC. */
export function wallClock(ms: number, offsetMinutes: number): string {
  return new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** "2025-04-02T11:30:13-05:00": ISO 8601 with the shop's offset and whole seconds (Shopify REST). */
export function isoWithOffset(ms: number, offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${wallClock(ms, offsetMinutes).replace(' ', 'T')}${offset}`;
}

/** Parses "yyyy-MM-dd HH:mm:ss" read at offsetMinutes from UTC; null when the text is not in that form. */
export function parseWallClock(text: string, offsetMinutes: number): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  // Date.UTC rolls 2025-02-30 over into March; the platforms reject such dates.
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  return ms - offsetMinutes * 60_000;
}
