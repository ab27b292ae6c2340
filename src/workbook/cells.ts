import { CellValue } from '../engine/values';

/**
 * Text that starts like a formula would become one when written through `values`; Excel's leading
 * apostrophe keeps it text. Everything we write from user input or workbook text passes through here.
 */
export function safeValue(v: CellValue): string | number | boolean {
  if (v === null || v === undefined) return '';
  // A leading apostrophe of the text itself would be taken as that marker and dropped.
  if (typeof v === 'string' && /^[=+\-@']/.test(v)) return `'${v}`;
  return v;
}

/** A row made safe, in a loop: one kind of array whatever V8's tier (map() made packed or holey ones). */
export function safeRow(row: readonly CellValue[]): (string | number | boolean)[] {
  const out: (string | number | boolean)[] = [];
  for (let i = 0; i < row.length; i++) out.push(safeValue(row[i]));
  return out;
}
