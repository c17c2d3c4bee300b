// Rows of a shop file with the line each came from: CSV as exported from a spreadsheet, or a JSON
// array. Line numbers make every validation message findable.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { FileProblem } from './types.js';

export interface Row {
  line: number;
  fields: Record<string, unknown>;
}

export interface ReadResult {
  rows: Row[];
  problems: FileProblem[];
}

export function readCsv(file: string, source = readFileSync(file, 'utf8')): ReadResult {
  try {
    // Each record becomes its row as it is read: `info: true` would keep a dozen counters per row
    // beside it, which for a store's 500k variant rows is more memory than the products themselves.
    const rows = parse(source, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      bom: true,
      on_record: (record: Record<string, string>, context: { lines: number }) => ({ line: context.lines, fields: record }),
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as Row[];
    return { rows, problems: [] };
  } catch (error) {
    const e = error as Error & { lines?: number };
    return { rows: [], problems: [{ file, line: e.lines, message: `not valid CSV: ${e.message}` }] };
  }
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
