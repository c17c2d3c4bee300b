// A fast reader for the plain CSV that spreadsheets export, giving exactly the records and line
// numbers csv-parse gives with the options pasokh reads shop files with (bom, trim,
// skip_empty_lines, relax_column_count, `\n` or `\r\n` line ends). csv-parse walks the file byte by
// byte and is most of a large catalog's start (a 100k-product shop file takes seconds); this scans a
// line with indexOf. Anything it is not sure to read as csv-parse would (a stray quote, a lone
// `\r`, white space other than spaces and tabs around a cell, a line of only spaces) makes it give
// up, and the caller reads the file with csv-parse: the result, and every error message, stays
// csv-parse's.

/** One record: its cells (trimmed, unquoted) and the line csv-parse reports for it. */
export type CsvVisitor = (values: string[], line: number) => void;

const QUOTE = 34; // "
const COMMA = 44;
const CR = 13;
const LF = 10;
const SPACE = 32;
const TAB = 9;

const isBlank = (c: number) => c === SPACE || c === TAB;
// What String#trim (and csv-parse's trim) may take besides spaces and tabs, and control characters:
// a cell with one of these at an edge is left to csv-parse.
const isOtherSpace = (c: number) =>
  c < SPACE || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;

/**
 * The cells of a line with no quote in it (split at commas, spaces and tabs trimmed), or undefined
 * when a cell has other white space at an edge, or the line holds only blanks.
 */
function plainCells(text: string): string[] | undefined {
  const cells = text.split(',');
  for (let i = 0; i < cells.length; i++) {
    let cell = cells[i]!;
    if (cell.length === 0) continue;
    let from = 0;
    let to = cell.length;
    while (from < to && isBlank(cell.charCodeAt(from))) from++;
    while (to > from && isBlank(cell.charCodeAt(to - 1))) to--;
    if (from > 0 || to < cell.length) cells[i] = cell = cell.slice(from, to);
    if (cell.length > 0 && (isOtherSpace(cell.charCodeAt(0)) || isOtherSpace(cell.charCodeAt(cell.length - 1)))) return undefined;
  }
  return cells.length === 1 && cells[0] === '' ? undefined : cells;
}

/**
 * Reads `source` record by record into `visit`, or returns false as soon as it meets something it
 * leaves to csv-parse (the records visited until then are to be thrown away).
 */
export function scanCsv(source: string, visit: CsvVisitor): boolean {
  let pos = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  const length = source.length;
  // csv-parse takes the first line end outside quotes as the record delimiter: `\n` or `\r\n` here.
  const firstLf = source.indexOf('\n');
  const crlf = firstLf > 0 && source.charCodeAt(firstLf - 1) === CR;
  if (!crlf && source.indexOf('\r') !== -1) return false;
  // csv-parse counts a line for each \r or \n it reads (a \r\n record delimiter is one).
  let line = 1;
  while (pos < length) {
    // Most lines hold no quote: split at commas.
    const eol = source.indexOf('\n', pos);
    const lineEnd = eol === -1 ? length : crlf ? eol - 1 : eol;
    const next = eol === -1 ? length : eol + 1;
    if (lineEnd >= pos && (eol === lineEnd || source.charCodeAt(lineEnd) === CR)) {
      if (lineEnd === pos) {
        // A line of nothing is skipped, and counted.
        line += 1;
        pos = next;
        continue;
      }
      const text = source.slice(pos, lineEnd);
      if (text.indexOf('"') === -1 && text.indexOf('\r') === -1) {
        const cells = plainCells(text);
        if (!cells) return false;
        visit(cells, line);
        line += 1;
        pos = next;
        continue;
      }
    }
    const values: string[] = [];
    const recordStart = pos;
    let quoted = false;
    let lineBreaks = 0;
    // One cell per pass; `pos` is at the cell's first character.
    for (;;) {
      let c = source.charCodeAt(pos);
      while (isBlank(c)) c = source.charCodeAt(++pos);
      if (c === QUOTE) {
        quoted = true;
        let value = '';
        let from = pos + 1;
        for (;;) {
          const close = source.indexOf('"', from);
          if (close === -1) return false;
          const chunk = source.slice(from, close);
          if (chunk.indexOf('\r') !== -1) return false;
          for (let at = chunk.indexOf('\n'); at !== -1; at = chunk.indexOf('\n', at + 1)) lineBreaks++;
          value += chunk;
          if (source.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            from = close + 2;
            continue;
          }
          pos = close + 1;
          break;
        }
        c = source.charCodeAt(pos);
        while (isBlank(c)) c = source.charCodeAt(++pos);
        values.push(value);
      } else {
        let end = pos;
        while (end < length) {
          const d = source.charCodeAt(end);
          if (d === COMMA || d === LF || d === CR) break;
          if (d === QUOTE) return false;
          end++;
        }
        let last = end;
        while (last > pos && isBlank(source.charCodeAt(last - 1))) last--;
        const value = source.slice(pos, last);
        // White space that String#trim would take and csv-parse may treat otherwise: leave it.
        if (value.length > 0 && value.trim().length !== value.length) return false;
        values.push(value);
        pos = end;
        c = source.charCodeAt(pos);
      }
      if (c === COMMA) {
        pos++;
        continue;
      }
      break;
    }
    // The record ends at a line end or at the end of the file.
    const recordEnd = pos;
    if (pos < length) {
      const c = source.charCodeAt(pos);
      if (crlf) {
        if (c !== CR || source.charCodeAt(pos + 1) !== LF) return false;
        pos += 2;
      } else {
        if (c !== LF) return false;
        pos += 1;
      }
    }
    if (values.length === 1 && values[0] === '' && !quoted) {
      // A line of nothing is skipped (and counted); one of only spaces or tabs is left to csv-parse.
      if (recordEnd > recordStart) return false;
    } else visit(values, line + lineBreaks);
    line += lineBreaks + 1;
  }
  return true;
}
