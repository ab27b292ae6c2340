/** A1 addresses: column letters, and sheet names quoted the way Excel quotes them. */
export function columnLetter(index0: number): string {
  let n = index0 + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Parses "B3" or "$B$3" into 0-based row and column. */
export function parseCell(a1: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(a1.trim());
  if (!m) return null;
  return { row: Number(m[2]) - 1, col: columnIndex(m[1]) };
}

export const cellA1 = (row0: number, col0: number): string => `${columnLetter(col0)}${row0 + 1}`;

/** Excel leaves a sheet name bare only when it is a plain identifier (letters, digits, underscore, dot, CJK). */
export function quoteSheet(name: string): string {
  if (/^[A-Za-z_\u3400-\u9fff][A-Za-z0-9_.\u3400-\u9fff]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name)) return name;
  return `'${name.replace(/'/g, "''")}'`;
}

export const sheetCell = (sheet: string, row0: number, col0: number): string =>
  `${quoteSheet(sheet)}!${cellA1(row0, col0)}`;

/** Splits "Sheet!A1" or "'My Sheet'!A1:B2" into sheet and address. */
export function splitAddress(address: string): { sheet: string | null; range: string } {
  const m = /^(?:'((?:[^']|'')+)'|([^!]+))!(.+)$/.exec(address);
  if (!m) return { sheet: null, range: address };
  return { sheet: m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2], range: m[3] };
}
