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

export const safeRow = (row: readonly CellValue[]): (string | number | boolean)[] => row.map(safeValue);
