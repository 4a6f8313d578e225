/**
 * Keyset paging: a query asks for one row more than the page; that extra row says whether there is
 * a next page, and the page's last id is the cursor to it.
 */
export function keysetPage<T extends { id: string }>(rows: T[], limit: number): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return { page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
