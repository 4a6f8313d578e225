import type { Role } from '../store/index.ts';

export type { Role };

export const roles: readonly Role[] = ['viewer', 'operator', 'admin'];

/** Roles are ordered: viewers read, operators also move stock and edit the catalog, admins also manage tokens. */
export function roleAllows(held: Role, needed: Role): boolean {
  return roles.indexOf(held) >= roles.indexOf(needed);
}
