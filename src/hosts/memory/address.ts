/** A1 address parsing/formatting. All coordinates are 0-based, rectangles inclusive. */
import { invalidArgument } from './errors';

export const MAX_ROWS = 1048576;
export const MAX_COLS = 16384;

export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export function colLetters(c: number): string {
  let s = '';
  let n = c + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Excel quotes a sheet name unless it is a plain identifier (letters incl. CJK, digits, _ and .) that does not look like a cell reference. */
export function quoteSheet(name: string): string {
  const plain = /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) && !looksLikeReference(name);
  return plain ? name : `'${name.replace(/'/g, "''")}'`;
}

export function looksLikeReference(name: string): boolean {
  if (/^[A-Za-z]{1,3}\d+$/.test(name)) {
    const m = /^([A-Za-z]{1,3})(\d+)$/.exec(name)!;
    return colIndex(m[1]) < MAX_COLS && Number(m[2]) >= 1 && Number(m[2]) <= MAX_ROWS;
  }
  return /^[Rr](\d*)([Cc](\d*))?$/.test(name) || /^[Cc]\d*$/.test(name);
}

export function cellA1(r: number, c: number, abs = false): string {
  return abs ? `$${colLetters(c)}$${r + 1}` : `${colLetters(c)}${r + 1}`;
}

/** Local part of an address: "A1", "A1:C3", "A:C", "1:3". */
export function rectA1(rect: Rect, abs = false): string {
  const d = abs ? '$' : '';
  if (rect.r0 === 0 && rect.r1 === MAX_ROWS - 1 && !(rect.c0 === 0 && rect.c1 === MAX_COLS - 1)) {
    return `${d}${colLetters(rect.c0)}:${d}${colLetters(rect.c1)}`;
  }
  if (rect.c0 === 0 && rect.c1 === MAX_COLS - 1) {
    return `${d}${rect.r0 + 1}:${d}${rect.r1 + 1}`;
  }
  if (rect.r0 === rect.r1 && rect.c0 === rect.c1) return cellA1(rect.r0, rect.c0, abs);
  return `${cellA1(rect.r0, rect.c0, abs)}:${cellA1(rect.r1, rect.c1, abs)}`;
}

export function fullAddress(sheet: string, rect: Rect, abs = false): string {
  return `${quoteSheet(sheet)}!${rectA1(rect, abs)}`;
}

/** Split "Sheet!A1:B2" / "'My Sheet'!A1" into sheet part and local part. */
export function splitSheet(address: string): { sheet?: string; local: string } {
  const a = address.trim();
  if (a.startsWith("'")) {
    const m = /^'((?:[^']|'')+)'!(.*)$/.exec(a);
    if (!m) throw invalidArgument(`bad address '${address}'`);
    return { sheet: m[1].replace(/''/g, "'"), local: m[2] };
  }
  const i = a.lastIndexOf('!');
  if (i >= 0) return { sheet: a.slice(0, i), local: a.slice(i + 1) };
  return { local: a };
}

function parsePart(p: string): { r?: number; c?: number } | null {
  const m = /^\$?([A-Za-z]{1,3})?\$?(\d+)?$/.exec(p);
  if (!m || (!m[1] && !m[2])) return null;
  const out: { r?: number; c?: number } = {};
  if (m[1]) {
    out.c = colIndex(m[1]);
    if (out.c >= MAX_COLS) return null;
  }
  if (m[2]) {
    out.r = Number(m[2]) - 1;
    if (out.r < 0 || out.r >= MAX_ROWS) return null;
  }
  return out;
}

/** Parse a local A1 reference ("A1", "$A$1:B2", "A:A", "2:5"); returns null when it is not one. */
export function tryParseRect(local: string): Rect | null {
  const parts = local.trim().split(':');
  if (parts.length > 2 || parts[0] === '') return null;
  const a = parsePart(parts[0]);
  const b = parts.length === 2 ? parsePart(parts[1]) : a;
  if (!a || !b) return null;
  if (parts.length === 1) {
    if (a.r === undefined || a.c === undefined) return null;
    return { r0: a.r, c0: a.c, r1: a.r, c1: a.c };
  }
  const aHasR = a.r !== undefined,
    aHasC = a.c !== undefined,
    bHasR = b.r !== undefined,
    bHasC = b.c !== undefined;
  if (aHasR !== bHasR || aHasC !== bHasC) return null;
  const r0 = aHasR ? a.r! : 0,
    r1 = aHasR ? b.r! : MAX_ROWS - 1;
  const c0 = aHasC ? a.c! : 0,
    c1 = aHasC ? b.c! : MAX_COLS - 1;
  return { r0: Math.min(r0, r1), r1: Math.max(r0, r1), c0: Math.min(c0, c1), c1: Math.max(c0, c1) };
}

export function parseRect(local: string): Rect {
  const r = tryParseRect(local);
  if (!r) throw invalidArgument(`bad address '${local}'`);
  return r;
}

export function intersect(a: Rect, b: Rect): Rect | null {
  const r0 = Math.max(a.r0, b.r0),
    r1 = Math.min(a.r1, b.r1),
    c0 = Math.max(a.c0, b.c0),
    c1 = Math.min(a.c1, b.c1);
  return r0 <= r1 && c0 <= c1 ? { r0, c0, r1, c1 } : null;
}

export function contains(outer: Rect, inner: Rect): boolean {
  return inner.r0 >= outer.r0 && inner.r1 <= outer.r1 && inner.c0 >= outer.c0 && inner.c1 <= outer.c1;
}

export function rectRows(r: Rect): number {
  return r.r1 - r.r0 + 1;
}
export function rectCols(r: Rect): number {
  return r.c1 - r.c0 + 1;
}

/** Rectangles covering `a` minus `b` (at most four). */
export function subtract(a: Rect, b: Rect): Rect[] {
  const i = intersect(a, b);
  if (!i) return [a];
  const out: Rect[] = [];
  if (a.r0 < i.r0) out.push({ r0: a.r0, r1: i.r0 - 1, c0: a.c0, c1: a.c1 });
  if (i.r1 < a.r1) out.push({ r0: i.r1 + 1, r1: a.r1, c0: a.c0, c1: a.c1 });
  if (a.c0 < i.c0) out.push({ r0: i.r0, r1: i.r1, c0: a.c0, c1: i.c0 - 1 });
  if (i.c1 < a.c1) out.push({ r0: i.r0, r1: i.r1, c0: i.c1 + 1, c1: a.c1 });
  return out;
}

/** Structured references (Table[Col], [@Col], [#This Row]) contain '[' outside string literals. */
export function hasStructuredReference(formula: string): boolean {
  const noStrings = formula.replace(/"(?:[^"]|"")*"/g, '""');
  return noStrings.includes('[');
}

/** Valid defined-name / table-name syntax (Excel rules, simplified). */
export function isValidName(name: string): boolean {
  if (!name || name.length > 255) return false;
  if (!/^[\p{L}_\\][\p{L}\p{N}_.]*$/u.test(name)) return false;
  if (looksLikeReference(name)) return false;
  return true;
}
