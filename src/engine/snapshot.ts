import { CellValue } from './values';

/**
 * What the engine reads: one plain snapshot per table, the same whether it came from the live
 * workbook through Office.js or from an .xlsx file.
 */
export interface TableSnapshot {
  /** The Excel table name (ListObject). */
  name: string;
  sheet: string;
  /** Address of the first header cell, e.g. "A1". */
  topLeft: string;
  headers: CellValue[];
  rows: CellValue[][];
  /** Formulas of the data body, same shape as rows; null or '' where a cell holds a constant. Absent when not read. */
  formulas?: (string | null | undefined)[][];
}

export interface WorkbookSnapshot {
  tables: Partial<Record<string, TableSnapshot>>;
}
