// Rows of a shop file with the line each came from: CSV as exported from a spreadsheet, or a JSON
// array. Line numbers make every validation message findable.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { scanCsv } from './fast-csv.js';
import type { FileProblem } from './types.js';

export interface Row {
  line: number;
  fields: Record<string, unknown>;
}

export interface ReadResult {
  rows: Row[];
  problems: FileProblem[];
}

/**
 * Where rows go as they are read, so a large file's rows need not all be held at once. `done` gives
 * what the rows made (a list of them, or the products they describe).
 */
export interface RowSink<T> {
  row(row: Row): void;
  done(): T;
}

/** A sink that keeps every row. */
export const collectRows = (): RowSink<Row[]> => {
  const rows: Row[] = [];
  return { row: (row) => rows.push(row), done: () => rows };
};

// Header names csv-parse's objects would hold otherwise than plain assignment does (or repeat):
// such a file is read by csv-parse itself.
const plainHeader = (names: readonly string[]) => names.every((n) => n !== '' && n !== '__proto__') && new Set(names).size === names.length;

/** The rows of a CSV source through the fast reader, or false where it leaves the file to csv-parse. */
function scanRows<T>(source: string, sink: RowSink<T>): { result: T } | false {
  let columns: string[] | undefined;
  let plain = true;
  const read = scanCsv(source, (values, line) => {
    if (!plain) return;
    if (!columns) {
      columns = values.map((h) => h.trim().toLowerCase());
      plain = plainHeader(columns);
      return;
    }
    const fields: Record<string, unknown> = {};
    for (let i = 0, n = Math.min(columns.length, values.length); i < n; i++) fields[columns[i]!] = values[i];
    sink.row({ line, fields });
  });
  return read && plain && { result: sink.done() };
}

/**
 * Reads CSV rows into a sink made by `makeSink` (made again when the fast reader hands the file to
 * csv-parse). On a CSV error the sink gets no rows, and the error is the one problem.
 */
export function readCsvInto<T>(file: string, makeSink: () => RowSink<T>, source = readFileSync(file, 'utf8')): { result: T; problems: FileProblem[] } {
  const fast = scanRows(source, makeSink());
  if (fast) return { result: fast.result, problems: [] };
  const sink = makeSink();
  try {
    // Each record goes to the sink as it is read: `info: true` would keep a dozen counters per row
    // beside it, which for a store's 500k variant rows is more memory than the products themselves.
    parse(source, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      bom: true,
      on_record: (record: Record<string, string>, context: { lines: number }) => {
        sink.row({ line: context.lines, fields: record });
        return null;
      },
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
    return { result: sink.done(), problems: [] };
  } catch (error) {
    const e = error as Error & { lines?: number };
    return { result: makeSink().done(), problems: [{ file, line: e.lines, message: `not valid CSV: ${e.message}` }] };
  }
}

export function readCsv(file: string, source = readFileSync(file, 'utf8')): ReadResult {
  const { result, problems } = readCsvInto(file, collectRows, source);
  return { rows: result, problems };
}

/** A JSON array of objects; YAML's parser gives each element's line (JSON is YAML). */
export function readJsonArray(file: string, source = readFileSync(file, 'utf8')): ReadResult {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines });
  const error = doc.errors[0];
  if (error) return { rows: [], problems: [{ file, line: lines.linePos(error.pos[0]).line, message: 'not valid JSON' }] };
  if (!isSeq(doc.contents)) return { rows: [], problems: [{ file, line: 1, message: 'expected a JSON array of objects' }] };
  const rows: Row[] = [];
  const problems: FileProblem[] = [];
  for (const item of doc.contents.items) {
    const line = lines.linePos(item.range?.[0] ?? 0).line;
    if (!isMap(item)) problems.push({ file, line, message: 'expected an object' });
    else rows.push({ line, fields: item.toJSON() as Record<string, unknown> });
  }
  return { rows, problems };
}

export function readRows(file: string): ReadResult {
  return file.endsWith('.json') ? readJsonArray(file) : readCsv(file);
}

/** The rows of a shop file (CSV or JSON) into a sink; the problems are the file's own (not the sink's). */
export function readRowsInto<T>(file: string, makeSink: () => RowSink<T>): { result: T; problems: FileProblem[] } {
  if (!file.endsWith('.json')) return readCsvInto(file, makeSink);
  const read = readJsonArray(file);
  const sink = makeSink();
  for (const row of read.rows) sink.row(row);
  return { result: sink.done(), problems: read.problems };
}
