import { cellA1, parseCell, splitAddress } from '../engine/address';
import { headerMatches } from '../engine/model';
import { TABLES, TableName, TableSchema } from '../engine/schema';
import { TableSnapshot, WorkbookSnapshot } from '../engine/snapshot';
import { CellValue, isBlank } from '../engine/values';

/** Excel on the web refuses a request or response over 5 MB; stay well below it. */
export const PAYLOAD_BUDGET = 4 * 1024 * 1024;

/** Rough bytes per cell in a response, before any row was read. */
const VALUE_BYTES = 48;

/** The UTF-8 size of a value as JSON, which is what a response carries. */
export function jsonBytes(v: unknown): number {
  const s = JSON.stringify(v) ?? '';
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}

export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export interface FoundTable {
  schema: TableSchema;
  /** The table's name as Excel spells it. */
  name: string;
  sheet: string;
  /** 0-based position of the header row's first cell. */
  row: number;
  col: number;
  headers: CellValue[];
  rowCount: number;
  /** Schema column index → snapshot column index (or -1). */
  columnIndex: number[];
  /** Cells of the data body holding formulas / data validation / conditional formats (sheet coordinates). */
  formulaAreas: Rect[];
  validationAreas: Rect[];
  formatAreas: Rect[];
  /** Data rows (0-based) holding anything in an input column. */
  nonBlank: number[];
  /** The last data row (0-based) holding anything outside our computed columns, a user's own columns included; -1 when none. */
  lastUsed: number;
  /**
   * Computed columns (snapshot column index) whose formulas name a deleted table or column (`#REF!`):
   * seen in the first and last data rows, or in every cell where formulas are read cell by cell.
   */
  brokenColumns: Set<number>;
}

/** Round trip 1: the names of the workbook's tables (table names are workbook-wide). */
export async function findTableNames(context: Excel.RequestContext): Promise<Map<string, string>> {
  const tables = context.workbook.tables;
  tables.load('items/name');
  await context.sync();
  const byLower = new Map<string, string>();
  for (const t of tables.items) byLower.set(t.name.toLowerCase(), t.name);
  return byLower;
}

export function parseAreas(address: string): Rect[] {
  const out: Rect[] = [];
  for (const part of address.split(',')) {
    const { range } = splitAddress(part.trim());
    const [a, b] = range.split(':');
    const p = parseCell(a);
    const q = parseCell(b ?? a);
    if (p && q) out.push({ r0: Math.min(p.row, q.row), c0: Math.min(p.col, q.col), r1: Math.max(p.row, q.row), c1: Math.max(p.col, q.col) });
  }
  return out;
}

export const inAreas = (areas: Rect[], row: number, col: number): boolean =>
  areas.some((a) => row >= a.r0 && row <= a.r1 && col >= a.c0 && col <= a.c1);

/** True when a whole column span of the body is covered by the areas (e.g. every cell has validation). */
export const columnCovered = (areas: Rect[], col: number, r0: number, r1: number): boolean =>
  areas.some((a) => col >= a.c0 && col <= a.c1 && a.r0 <= r0 && a.r1 >= r1);

export interface ReadOptions {
  /** Where each computed cell holds a formula (formula-overwritten, set-up's repair). */
  formulas: boolean;
  /** Where data validation and conditional formats are (set-up's repair). */
  formats?: boolean;
  /** Called before the main round trip so the caller can queue loads of its own in it. */
  alsoLoad?: () => void;
}

/**
 * Reads our tables as engine snapshots. One round trip reads every table's headers, size, the first
 * rows that fit the payload budget and where formulas are; each further trip reads up to the budget.
 */
export async function readTables(
  context: Excel.RequestContext,
  names: Map<string, string>,
  options: ReadOptions,
  only?: readonly TableName[],
): Promise<{ snapshot: WorkbookSnapshot; found: FoundTable[] }> {
  const schemas = TABLES.filter((s) => names.has(s.name.toLowerCase()) && (!only || only.includes(s.name)));
  // ExcelApi 1.9 (the add-in's minimum) finds formulas, validation and conditional formats in one trip.
  const special = options.formulas;
  const rowBytes = (s: TableSchema): number => (s.columns.length + 4) * VALUE_BYTES;
  const totalRowBytes = schemas.reduce((a, s) => a + rowBytes(s), 0) || 1;
  const firstRows = Math.max(50, Math.floor(PAYLOAD_BUDGET / totalRowBytes));
  const pending = schemas.map((schema) => {
    const name = names.get(schema.name.toLowerCase())!;
    const table = context.workbook.tables.getItem(name);
    const header = table.getHeaderRowRange().load('values,address');
    const body = table.getDataBodyRange();
    body.load('rowCount,address');
    const first = body.getRow(0).getResizedRange(firstRows - 1, 0).load('values');
    const areas = special
      ? {
          formulas: body.getSpecialCellsOrNullObject(Excel.SpecialCellType.formulas).load('address'),
          validation: options.formats ? body.getSpecialCellsOrNullObject(Excel.SpecialCellType.dataValidations).load('address') : null,
          formats: options.formats ? body.getSpecialCellsOrNullObject(Excel.SpecialCellType.conditionalFormats).load('address') : null,
        }
      : null;
    // A deleted table breaks every formula naming it, so the first and last rows show it.
    const edges = options.formulas ? [body.getRow(0).load('formulas'), body.getLastRow().load('formulas')] : [];
    return { schema, name, table, header, body, first, areas, edges };
  });
  options.alsoLoad?.();
  await context.sync();

  const area = (r: Excel.RangeAreas | null | undefined): Rect[] => (r && !r.isNullObject ? parseAreas(r.address) : []);
  const found: FoundTable[] = pending.map((p) => {
    const { sheet, range } = splitAddress(p.header.address);
    const top = parseCell(range.split(':')[0]) ?? { row: 0, col: 0 };
    const headers = p.header.values[0] as CellValue[];
    const columnIndex = p.schema.columns.map((c) => headers.findIndex((h) => headerMatches(c, h) !== null));
    return {
      schema: p.schema,
      name: p.name,
      sheet: sheet ?? '',
      row: top.row,
      col: top.col,
      headers,
      rowCount: p.body.rowCount,
      columnIndex,
      formulaAreas: area(p.areas?.formulas),
      validationAreas: area(p.areas?.validation),
      formatAreas: area(p.areas?.formats),
      nonBlank: [],
      lastUsed: -1,
      brokenColumns: new Set<number>(),
    };
  });
  pending.forEach((p, i) => {
    for (const e of p.edges) (e.formulas[0] as unknown[]).forEach((v, c) => isBroken(v) && found[i].brokenColumns.add(c));
  });
  const rows = new Map<TableName, CellValue[][]>();
  pending.forEach((p, i) => rows.set(found[i].schema.name, (p.first.values as CellValue[][]).slice(0, Math.min(firstRows, found[i].rowCount))));

  // Further chunks: values beyond the first rows. Each round trip is filled up to the budget, measured on the rows the first trip brought back (an
  // estimate per cell would waste a round trip per megabyte on short values).
  type Job = { f: FoundTable; table: Excel.Table; start: number; count: number };
  type Stream = { f: FoundTable; table: Excel.Table; start: number; end: number; perRow: number };
  const streams: Stream[] = [];
  pending.forEach((p, i) => {
    const f = found[i];
    if (f.rowCount > firstRows) {
      const sample = rows.get(f.schema.name)!;
      const measured = sample.length ? jsonBytes(sample) / sample.length : rowBytes(f.schema);
      // Room for rows longer than the sampled ones, and never less than a few bytes a cell.
      const perRow = Math.max(measured * 1.15, f.headers.length * 8, 16);
      streams.push({ f, table: p.table, start: firstRows, end: f.rowCount, perRow });
    }
  });
  while (streams.length > 0) {
    const batch: { job: Job; range: Excel.Range }[] = [];
    let room = PAYLOAD_BUDGET;
    while (streams.length > 0) {
      const st = streams[0];
      const fit = Math.floor(room / st.perRow);
      // Leave a sliver of room unused rather than read a handful of rows in it.
      if (fit < 1 || (batch.length > 0 && fit < 50 && fit < st.end - st.start)) break;
      const count = Math.min(fit, st.end - st.start);
      const job: Job = { f: st.f, table: st.table, start: st.start, count };
      room -= count * st.perRow;
      st.start += count;
      if (st.start >= st.end) streams.shift();
      const body = job.table.getDataBodyRange();
      batch.push({ job, range: body.getRow(job.start).getResizedRange(job.count - 1, 0).load('values') });
    }
    await context.sync();
    for (const { job, range } of batch) rows.get(job.f.schema.name)!.push(...(range.values as CellValue[][]));
  }

  const snapshot: WorkbookSnapshot = { tables: {} };
  for (const f of found) {
    const inputs = f.schema.columns.map((c, ci) => (c.type === 'computed' ? -1 : f.columnIndex[ci])).filter((i) => i >= 0);
    const computed = new Set(f.schema.columns.map((c, ci) => (c.type === 'computed' ? f.columnIndex[ci] : -1)).filter((i) => i >= 0));
    rows.get(f.schema.name)!.forEach((r, i) => {
      if (inputs.some((c) => !isBlank(r[c]))) f.nonBlank.push(i);
      if (r.some((v, c) => !computed.has(c) && !isBlank(v))) f.lastUsed = i;
    });
    const snap: TableSnapshot = { name: f.name, sheet: f.sheet, topLeft: cellA1(f.row, f.col), headers: f.headers, rows: rows.get(f.schema.name)! };
    if (options.formulas) snap.formulas = formulaGrid(f);
    snapshot.tables[f.schema.name] = snap;
  }
  return { snapshot, found };
}

const isBroken = (v: unknown): boolean => typeof v === 'string' && v.startsWith('=') && v.includes('#REF!');

/** The engine wants formulas per cell; for computed columns we know only where formulas are. */
function formulaGrid(f: FoundTable): (string | null)[][] {
  const computed = f.schema.columns.map((c, ci) => (c.type === 'computed' ? f.columnIndex[ci] : -1)).filter((i) => i >= 0);
  const grid: (string | null)[][] = new Array(f.rowCount);
  for (let r = 0; r < f.rowCount; r++) {
    const row: (string | null)[] = new Array(f.headers.length).fill(null);
    for (const c of computed) row[c] = inAreas(f.formulaAreas, f.row + 1 + r, f.col + c) ? '=' : '';
    grid[r] = row;
  }
  return grid;
}
