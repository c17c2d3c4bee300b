// Lenient readers for the values shop owners type into spreadsheets: Persian digits, thousands
// separators, empty cells.
import { digitsArToEn, digitsFaToEn } from '@persian-tools/persian-tools';

export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
}

/** An integer amount or count: "1850000", "۱٬۸۵۰٬۰۰۰", "1,850,000". */
export function integer(value: unknown): number | undefined {
  const s = text(value);
  if (s === undefined) return undefined;
  // Plain ASCII digits (most cells of a large file) need no conversion.
  if (/^\d+$/.test(s)) return Number(s);
  const ascii = digitsArToEn(digitsFaToEn(s)).replace(/[,٬\s_]/g, '');
  return /^\d+$/.test(ascii) ? Number(ascii) : Number.NaN;
}

export function list(value: unknown, separator: string | RegExp = '|'): string[] {
  if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter(Boolean);
  return (text(value) ?? '')
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);
}
