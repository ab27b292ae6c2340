import { analyze } from '../engine/analyze';
import { colPos } from '../engine/model';
import { TABLES } from '../engine/schema';
import type { TableSnapshot, WorkbookSnapshot } from '../engine/snapshot';
import type { CellValue } from '../engine/values';
import { cellA1 } from '../engine/address';
import type { MemoryWorkbook } from '../hosts/memory';

type HostValue = number | string | boolean | { error: string } | null | undefined;

const plain = (v: HostValue): CellValue => (v !== null && typeof v === 'object' ? v.error : v);

/** A snapshot of the schema's tables straight from the in-memory model (synchronous; preview only). */
export function memorySnapshot(wb: MemoryWorkbook): WorkbookSnapshot {
  const tables: WorkbookSnapshot['tables'] = {};
  for (const schema of TABLES) {
    const t = wb.table(schema.name);
    if (!t || !t.showHeaders) continue;
    const { r0, c0, r1, c1 } = t.rect;
    const last = t.showTotals ? r1 - 1 : r1;
    const headers: CellValue[] = [];
    for (let c = c0; c <= c1; c++) headers.push(plain(t.sheet.get(r0, c)?.v as HostValue));
    const rows: CellValue[][] = [];
    const formulas: (string | null)[][] = [];
    for (let r = r0 + 1; r <= last; r++) {
      const row: CellValue[] = [];
      const frow: (string | null)[] = [];
      for (let c = c0; c <= c1; c++) {
        const cell = t.sheet.get(r, c);
        row.push(cell ? (plain(cell.v as HostValue) ?? '') : '');
        frow.push(cell?.f ?? null);
      }
      rows.push(row);
      formulas.push(frow);
    }
    const snap: TableSnapshot = { name: t.name, sheet: t.sheet.name, topLeft: cellA1(r0, c0), headers, rows, formulas };
    tables[schema.name] = snap;
  }
  return { tables };
}

/**
 * The preview's stand-in for Excel's calculation: runs the engine on the in-memory workbook and writes
 * each computed value into the cached value of the cell that holds its formula (typed-over cells are
 * left alone, as Excel would). Only for the preview grid; the add-in itself relies on Excel.
 */
export function recalcWithEngine(wb: MemoryWorkbook): void {
  const snapshot = memorySnapshot(wb);
  if (!snapshot.tables.Projects) return;
  let analysis;
  try {
    analysis = analyze(snapshot);
  } catch {
    return;
  }
  for (const [tableName, byRow] of Object.entries(analysis.cells)) {
    const data = analysis.model.tables[tableName as keyof typeof analysis.model.tables];
    const t = wb.table(tableName);
    if (!data?.snapshot || !t) continue;
    for (const [rowIndex, values] of byRow) {
      for (const [key, value] of Object.entries(values)) {
        const ci = data.columnIndex[colPos(data, key)];
        if (ci < 0) continue;
        const r = t.rect.r0 + 1 + rowIndex;
        const c = t.rect.c0 + ci;
        const cell = t.sheet.get(r, c);
        if (!cell || cell.f === undefined) continue;
        cell.v = value === null || value === undefined ? '' : value;
      }
    }
  }
  // Blank rows' formulas (e.g. IF(id="","",…)) show nothing.
  for (const schema of TABLES) {
    const t = wb.table(schema.name);
    if (!t) continue;
    for (let r = t.rect.r0 + 1; r <= t.rect.r1; r++) {
      for (let c = t.rect.c0; c <= t.rect.c1; c++) {
        const cell = t.sheet.get(r, c);
        if (cell && cell.f !== undefined && cell.v === null) cell.v = '';
      }
    }
  }
}
