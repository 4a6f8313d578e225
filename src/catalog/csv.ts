/**
 * RFC 4180 CSV, read incrementally: quoted fields, doubled quotes, commas and line breaks inside
 * quotes, CRLF or LF (or a lone CR) line ends, a leading UTF-8 byte order mark.
 *
 * Two leniencies, both unambiguous: a quote inside a field that did not start with one is kept
 * as a character (`12" tablet`), and lines with nothing on them are skipped. Text after a
 * closing quote (`"a"b`) is ambiguous, so that record is marked with an `error` instead.
 */

export interface CsvRecord {
  /** 1-based line of the file on which the record starts. */
  line: number;
  fields: string[];
  /** Set when the record is not well-formed CSV; `fields` then hold what could be read. */
  error?: string;
}

type State =
  | 'recordStart' // nothing of the current record read yet
  | 'fieldStart' // just after a comma
  | 'unquoted'
  | 'quoted'
  | 'quoteInQuoted'; // a quote inside a quoted field: closing, or the first of a doubled pair

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;
const BOM = '\uFEFF';

export class CsvParser {
  private state: State = 'recordStart';
  private fields: string[] = [];
  private field = '';
  private error: string | undefined;
  private line = 1;
  private recordLine = 1;
  /** The last character seen was a CR, so an LF right after it belongs to the same line end. */
  private afterCr = false;
  private sawText = false;
  private records: CsvRecord[] = [];

  /** Feeds the next piece of text; returns the records completed by it. */
  push(chunk: string): CsvRecord[] {
    let text = chunk;
    if (!this.sawText && text.length > 0) {
      this.sawText = true;
      if (text.startsWith(BOM)) text = text.slice(1);
    }
    let i = 0;
    while (i < text.length) {
      i = this.state === 'unquoted' || this.state === 'quoted' ? this.consumeRun(text, i) : this.consumeChar(text, i);
    }
    return this.takeRecords();
  }

  /** Signals the end of the input; returns the last record if the text did not end with a line break. */
  end(): CsvRecord[] {
    if (this.state === 'quoted') {
      this.error ??= 'a quoted field is not closed before the end of the file';
    }
    if (this.state !== 'recordStart') this.endRecord();
    return this.takeRecords();
  }

  /**
   * Inside a field: takes a run of ordinary characters in one slice, then the character that
   * ended it (a delimiter, a line break, or a quote in a quoted field). Returns where it stopped.
   */
  private consumeRun(text: string, start: number): number {
    const quoted = this.state === 'quoted';
    let i = start;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (quoted ? c === QUOTE : c === COMMA || c === CR || c === LF) break;
      if (c === CR || c === LF) this.countLineBreak(c);
      else this.afterCr = false;
    }
    this.field += text.slice(start, i);
    if (i === text.length) return i;
    if (quoted) {
      this.afterCr = false;
      this.state = 'quoteInQuoted';
      return i + 1;
    }
    return this.consumeChar(text, i);
  }

  /** One character outside a run: between fields, between records, or just after a quote. */
  private consumeChar(text: string, i: number): number {
    const c = text.charCodeAt(i);
    if (c === CR || c === LF) this.countLineBreak(c);
    else this.afterCr = false;

    switch (this.state) {
      case 'recordStart':
        if (c === CR || c === LF) return i + 1; // a blank line, or the LF of a CRLF that ended a record
        this.recordLine = this.line;
        return this.startField(c, i);
      case 'quoteInQuoted':
        if (c === QUOTE) {
          this.field += '"';
          this.state = 'quoted';
          return i + 1;
        }
        if (c === COMMA || c === CR || c === LF) return this.endFieldAt(c, i);
        this.error ??= `unexpected text after the closing quote of field ${this.fields.length + 1}`;
        this.state = 'unquoted';
        return i; // read on as an unquoted field, so the record keeps all its text
      case 'fieldStart':
        return this.startField(c, i);
      case 'unquoted':
        return this.endFieldAt(c, i);
      case 'quoted':
        throw new Error('CsvParser: a quoted field is read by consumeRun');
    }
  }

  /** At the first character of a field. */
  private startField(c: number, i: number): number {
    if (c === QUOTE) {
      this.state = 'quoted';
      return i + 1;
    }
    if (c === COMMA || c === CR || c === LF) return this.endFieldAt(c, i);
    this.state = 'unquoted';
    return i;
  }

  /** At the delimiter or line break that ends a field. */
  private endFieldAt(c: number, i: number): number {
    if (c === COMMA) {
      this.endField();
      this.state = 'fieldStart';
    } else {
      this.endRecord();
    }
    return i + 1;
  }

  private countLineBreak(c: number): void {
    if (c === CR || !this.afterCr) this.line++;
    this.afterCr = c === CR;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
  }

  private endRecord(): void {
    this.endField();
    const record: CsvRecord = { line: this.recordLine, fields: this.fields };
    if (this.error !== undefined) record.error = this.error;
    this.records.push(record);
    this.fields = [];
    this.error = undefined;
    this.state = 'recordStart';
  }

  private takeRecords(): CsvRecord[] {
    const done = this.records;
    this.records = [];
    return done;
  }
}

/** Every record of a complete CSV text. */
export function parseCsv(text: string): CsvRecord[] {
  const parser = new CsvParser();
  return [...parser.push(text), ...parser.end()];
}

/**
 * Records of a CSV read from text chunks or UTF-8 bytes (a file stream), one at a time, so a
 * large file never has to be held in memory. Multi-byte characters split across chunks are fine.
 */
export async function* readCsvRecords(source: string | AsyncIterable<string | Uint8Array>): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser();
  if (typeof source === 'string') {
    yield* parser.push(source);
  } else {
    // The parser strips the byte order mark itself, whether the input is text or bytes.
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    for await (const chunk of source) {
      yield* parser.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    }
    yield* parser.push(decoder.decode());
  }
  yield* parser.end();
}
