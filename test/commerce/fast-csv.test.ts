// The fast CSV reader against csv-parse itself: on any text it either gives csv-parse's records and
// line numbers exactly or hands the file back, and shop files read through it give csv-parse's rows
// and error messages.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanCsv } from '../../src/commerce/fast-csv.js';
import { readCsv } from '../../src/commerce/rows.js';

const OPTIONS = { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true } as const;

/** What csv-parse reads: the records with their lines, or its error. */
function csvParse(source: string, columns: boolean) {
  try {
    const rows: unknown[] = [];
    parse(source, {
      ...OPTIONS,
      ...(columns ? { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()) } : {}),
      on_record: (record: unknown, context: { lines: number }) => {
        rows.push({ line: context.lines, fields: record });
        return null;
      },
    });
    return { rows };
  } catch (error) {
    return { error: (error as Error).message, line: (error as { lines?: number }).lines };
  }
}

function fastScan(source: string) {
  const rows: unknown[] = [];
  const read = scanCsv(source, (values, line) => rows.push({ line, fields: values }));
  return read ? { rows } : undefined;
}

// Text made of what CSV files hold, odd parts included: quotes, both line ends, lone \r, blanks,
// no-break and zero-width spaces, a BOM, Persian and Latin letters.
const piece = fc.constantFrom('"', '""', ',', '\n', '\r\n', '\r', ' ', '\t', '\u00a0', '\u200c', '\ufeff', 'a', 'id', 'Name', 'مانتو', 'x y', '12', '__proto__');
const csvLike = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));
// Well-formed files, quoted or not, with ragged rows, blank lines and multi-line quoted cells.
const cell = fc.oneof(fc.constantFrom('', ' a ', 'مانتو کتان', 'S', '12', 'x\ny', 'say "hi"', 'a,b', ' "q" '), fc.string({ maxLength: 6 }));
const quote = (v: string) => `"${v.replaceAll('"', '""')}"`;
const wellFormed = fc
  .tuple(
    fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([rows, eol, quoteAll, blankLines, bom]) =>
    (bom ? '\ufeff' : '') +
    rows
      .map((r) => r.map((v) => (quoteAll || /[",\n\r]/.test(v) ? quote(v) : v)).join(','))
      .join(blankLines ? eol + eol : eol) +
    (blankLines ? eol : ''),
  );

describe('the fast CSV reader', () => {
  it('gives csv-parse’s records and line numbers, or leaves the file to csv-parse', () => {
    let read = 0;
    fc.assert(
      fc.property(fc.oneof(csvLike, wellFormed), (source) => {
        const fast = fastScan(source);
        if (!fast) return;
        read += 1;
        expect(fast).toEqual(csvParse(source, false));
      }),
      { numRuns: 3000 },
    );
    // The well-formed half is read by the fast reader, not handed back.
    expect(read).toBeGreaterThan(1000);
  });

  it('reads multi-line quoted cells with the line csv-parse gives', () => {
    const source = 'id,description\np1,"two\nlines"\n\np2,"say ""hi"""\r';
    expect(fastScan(source)).toBeUndefined();
    const unix = 'id,description\np1,"two\nlines"\n\np2,"say ""hi"""\n';
    expect(fastScan(unix)).toEqual({ rows: [
      { line: 1, fields: ['id', 'description'] },
      { line: 3, fields: ['p1', 'two\nlines'] },
      { line: 5, fields: ['p2', 'say "hi"'] },
    ] });
    expect(fastScan(unix)).toEqual(csvParse(unix, false));
  });

  it('makes shop rows (header names, short and long rows, errors) exactly as csv-parse does', () => {
    fc.assert(
      fc.property(fc.oneof(csvLike, wellFormed), (source) => {
        const expected = csvParse(source, true);
        const read = readCsv('products.csv', source);
        if ('error' in expected) expect(read).toEqual({ rows: [], problems: [{ file: 'products.csv', line: expected.line, message: `not valid CSV: ${expected.error}` }] });
        else expect(read).toEqual({ rows: expected.rows, problems: [] });
      }),
      { numRuns: 3000 },
    );
  });
});
