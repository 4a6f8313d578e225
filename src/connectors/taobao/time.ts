/**
 * TOP times are "yyyy-MM-dd HH:mm:ss" in Beijing time (GMT+8, no daylight saving), both in request
 * parameters (timestamp, start_modified) and in trade fields (created, modified).
 */
import { unreadable } from '../payload.ts';

const GMT8_OFFSET_MS = 8 * 60 * 60 * 1000;
const TOP_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

export function formatTopTime(at: Date): string {
  return new Date(at.getTime() + GMT8_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** "2024-03-01 10:20:30" → "2024-03-01T10:20:30+08:00" (ISO 8601 keeping the platform's offset). */
export function topTimeToIso(text: string, what: string): string {
  const match = TOP_TIME.exec(text);
  if (!match) throw unreadable(`${what} is not a TOP time ("${text}")`);
  return `${match[1]}T${match[2]}+08:00`;
}
