/**
 * Writing RFC 4180 CSV (the reader is src/catalog/csv.ts): CRLF between records, and a field
 * quoted, with its quotes doubled, when it holds a comma, a quote or a line break. A field with
 * leading or trailing spaces is quoted too, so a reader that trims unquoted fields keeps them.
 */

export type CsvValue = string | number | null;

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function formatCsvField(value: CsvValue): string {
  const text = value === null ? '' : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatCsvRow(values: readonly CsvValue[]): string {
  const row = values.map(formatCsvField).join(',');
  // A record of one empty field would be a blank line, which readers skip: quote it to keep it.
  return row === '' && values.length > 0 ? '""' : row;
}

/** Header and rows, each record ended by CRLF (the last one too). */
export function formatCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => `${formatCsvRow(row)}\r\n`).join('');
}
