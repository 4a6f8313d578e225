/**
 * The simulated ERP's own CSV (RFC 4180): what it writes into the inbox and how it reads the hub's
 * order files. Written independently of the hub's reader on purpose (sim/ never imports src/).
 * The ERP writes the way many Windows ERPs do: a UTF-8 byte order mark and CRLF line ends.
 */

const BOM = '\uFEFF';

export function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatCsvFile(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return BOM + [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Rows of fields; throws on a quote left open or text after a closing quote. */
export function parseCsvRows(input: string): string[][] {
  const text = input.startsWith(BOM) ? input.slice(1) : input;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let fieldStarted = false;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"' && field === '' && !fieldStarted) {
      const end = closingQuote(text, i + 1);
      field = text.slice(i + 1, end).replace(/""/g, '"');
      fieldStarted = true;
      i = end + 1;
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') throw new Error(`text after a closing quote at offset ${i}`);
    } else if (ch === ',') {
      row.push(field);
      field = '';
      fieldStarted = false;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      row.push(field);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      fieldStarted = true;
      i++;
    }
  }
  if (fieldStarted || row.length > 0) rows.push([...row, field]);
  return rows;
}

function closingQuote(text: string, from: number): number {
  let i = from;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote === -1) throw new Error('a quoted field is not closed');
    if (text[quote + 1] !== '"') return quote;
    i = quote + 2;
  }
}

/** Rows as records keyed by the header's names. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsvRows(text);
  if (!header) return [];
  return rows.map((row, index) => {
    if (row.length !== header.length) throw new Error(`row ${index + 1} has ${row.length} fields, the header ${header.length}`);
    return Object.fromEntries(header.map((name, i) => [name.trim(), row[i] as string]));
  });
}
