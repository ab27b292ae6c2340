import { cellA1, parseCell, splitAddress } from '../engine/address';
import { headerMatches } from '../engine/model';
import { TABLES, TableName, TableSchema } from '../engine/schema';
import { TableSnapshot, WorkbookSnapshot } from '../engine/snapshot';
import { jsonBytes } from '../engine/json-size';
import { CellValue, isBlank } from '../engine/values';

/** Excel on the web refuses a request or response over 5 MB; stay well below it. */
export const PAYLOAD_BUDGET = 4 * 1024 * 1024;

/**
 * What a cell may take in a response before any row was read, by column type: text sized for long
 * Chinese text (80 characters at 3 bytes each in UTF-8; a refused first trip is retried smaller), the rest for numbers, dates and list values.
 * After the first rows, chunks are sized from the bytes the rows actually measured.
 */
const TEXT_CELL_BYTES = 3 * 80 + 8;
const VALUE_CELL_BYTES = 40;
/** Columns of a user's own that a table may have, counted as text. */
const EXTRA_COLUMNS = 2;
/** The first trip reads at most this share of the budget (it also carries headers, areas and the caller's loads). */
const FIRST_SHARE = 0.8;
/** Sized chunks keep this much room for rows longer than those measured so far. */
const HEADROOM = 1.15;

const isPayloadError = (e: unknown): boolean => (e as { code?: string })?.code === 'RequestPayloadSizeLimitExceeded';

/** The UTF-8 bytes of one row as a JSON array (strings exactly, escapes roughly). */
function rowJsonBytes(row: readonly unknown[]): number {
  let n = 2;
  for (const v of row) {
    if (typeof v === 'string') {
      n += 3;
      for (let i = 0; i < v.length; i++) {
        const c = v.charCodeAt(i);
        if (c < 0x80) n += c === 0x22 || c === 0x5c || c < 0x20 ? 2 : 1;
        else if (c < 0x800) n += 2;
        else if (c >= 0xd800 && c <= 0xdbff) {
          n += 4;
          i++;
        } else n += 3;
      }
    } else n += String(v).length + 1;
  }
  return n;
}

/** The UTF-8 size of a value as JSON, which is what a request or a response carries. */
export { jsonBytes };

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
  /** Computed columns (snapshot column index) whose formulas name a deleted table or column (`#REF!`), seen in the first and last data rows. */
  brokenColumns: Set<number>;
  /** The formulas of the first and last data rows (when formulas are read): set-up tells an older formula of ours from the current one. */
  edgeFormulas: unknown[][];
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
    if (p && q)
      out.push({
        r0: Math.min(p.row, q.row),
        c0: Math.min(p.col, q.col),
        r1: Math.max(p.row, q.row),
        c1: Math.max(p.col, q.col),
      });
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
  const estimate = (s: TableSchema): number =>
    s.columns.reduce(
      (a, c) => a + (c.type === 'text' ? TEXT_CELL_BYTES : VALUE_CELL_BYTES),
      EXTRA_COLUMNS * TEXT_CELL_BYTES,
    );
  const totalRowBytes = schemas.reduce((a, s) => a + estimate(s), 0) || 1;
  let firstRows = Math.max(1, Math.floor((PAYLOAD_BUDGET * FIRST_SHARE) / totalRowBytes));
  const firstTrip = () =>
    schemas.map((schema) => {
      const name = names.get(schema.name.toLowerCase())!;
      const table = context.workbook.tables.getItem(name);
      const header = table.getHeaderRowRange().load('values,address');
      const body = table.getDataBodyRange();
      body.load('rowCount,address');
      // The first rows of the body, never cells below it.
      const first = body
        .getRow(0)
        .getResizedRange(firstRows - 1, 0)
        .getIntersection(body)
        .load('values');
      const areas = special
        ? {
            formulas: body.getSpecialCellsOrNullObject(Excel.SpecialCellType.formulas).load('address'),
            validation: options.formats
              ? body.getSpecialCellsOrNullObject(Excel.SpecialCellType.dataValidations).load('address')
              : null,
            formats: options.formats
              ? body.getSpecialCellsOrNullObject(Excel.SpecialCellType.conditionalFormats).load('address')
              : null,
          }
        : null;
      // A deleted table breaks every formula naming it, so the first and last rows show it.
      const edges = options.formulas ? [body.getRow(0).load('formulas'), body.getLastRow().load('formulas')] : [];
      return { schema, name, table, header, body, first, areas, edges };
    });
  let pending = firstTrip();
  options.alsoLoad?.();
  // Rows far longer than the estimate make Excel refuse the response; read fewer (nothing was written).
  for (let attempt = 0; ; attempt++) {
    try {
      await context.sync();
      break;
    } catch (e) {
      if (!isPayloadError(e) || firstRows === 1 || attempt >= 4) throw e;
      firstRows = Math.max(1, Math.floor(firstRows / 4));
      pending = firstTrip();
      options.alsoLoad?.();
    }
  }

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
      edgeFormulas: [],
    };
  });
  pending.forEach((p, i) => {
    for (const e of p.edges) {
      found[i].edgeFormulas.push(e.formulas[0] as unknown[]);
      (e.formulas[0] as unknown[]).forEach((v, c) => isBroken(v) && found[i].brokenColumns.add(c));
    }
  });
  const rows = new Map<TableName, CellValue[][]>();
  pending.forEach((p, i) => rows.set(found[i].schema.name, p.first.values as CellValue[][]));
  // Bytes a row of each table takes in a response, measured on the rows read so far: the larger of the
  // average over all of them and over the last chunk (rows may grow longer further down).
  const sizes = new Map<TableName, { bytes: number; rows: number; perRow: number }>();
  const measure = (f: FoundTable, read: CellValue[][]): void => {
    const m = sizes.get(f.schema.name) ?? { bytes: 0, rows: 0, perRow: f.headers.length * 8 + 16 };
    let bytes = 0;
    for (const r of read) bytes += rowJsonBytes(r);
    m.bytes += bytes;
    m.rows += read.length;
    if (m.rows > 0)
      m.perRow = Math.max(m.bytes / m.rows, read.length ? bytes / read.length : 0, f.headers.length * 8 + 16);
    sizes.set(f.schema.name, m);
  };
  found.forEach((f) => measure(f, rows.get(f.schema.name)!));

  // Further chunks: values beyond the first rows. Each round trip is filled up to the budget, sized from
  // the bytes rows measured so far (in UTF-8, as Excel counts them) with headroom; a response Excel
  // refuses is read again in smaller chunks.
  type Stream = { f: FoundTable; table: Excel.Table; start: number; end: number; scale: number };
  type Job = Stream & { count: number };
  const streams: Stream[] = [];
  pending.forEach((p, i) => {
    const f = found[i];
    const have = rows.get(f.schema.name)!.length;
    if (f.rowCount > have) streams.push({ f, table: p.table, start: have, end: f.rowCount, scale: 1 });
  });
  const perRow = (st: Stream): number => st.scale * sizes.get(st.f.schema.name)!.perRow * HEADROOM;
  while (streams.length > 0) {
    const batch: { job: Job; range: Excel.Range }[] = [];
    let room = PAYLOAD_BUDGET;
    while (streams.length > 0) {
      const st = streams[0];
      const fit = Math.floor(room / perRow(st));
      // Leave a sliver of room unused rather than read a handful of rows in it.
      if (fit < 1 || (batch.length > 0 && fit < 50 && fit < st.end - st.start)) break;
      const count = Math.min(fit, st.end - st.start);
      const job: Job = { ...st, count };
      room -= count * perRow(st);
      st.start += count;
      if (st.start >= st.end) streams.shift();
      batch.push({
        job,
        range: job.table
          .getDataBodyRange()
          .getRow(job.start)
          .getResizedRange(job.count - 1, 0)
          .load('values'),
      });
    }
    if (batch.length === 0) {
      // Not even one row fits at this scale: read the next row alone.
      const st = streams[0];
      st.scale = PAYLOAD_BUDGET / perRow({ ...st, scale: 1 });
      continue;
    }
    try {
      await context.sync();
    } catch (e) {
      if (!isPayloadError(e) || batch.every((b) => b.job.count === 1)) throw e;
      // Put the chunks back, in order, each to be read in halves.
      streams.unshift(
        ...batch.map(({ job }) => ({
          f: job.f,
          table: job.table,
          start: job.start,
          end: job.start + job.count,
          scale: job.scale * 2,
        })),
      );
      continue;
    }
    for (const { job, range } of batch) {
      const read = range.values as CellValue[][];
      rows.get(job.f.schema.name)!.push(...read);
      measure(job.f, read);
    }
  }

  const snapshot: WorkbookSnapshot = { tables: {} };
  for (const f of found) {
    const inputs = f.schema.columns
      .map((c, ci) => (c.type === 'computed' ? -1 : f.columnIndex[ci]))
      .filter((i) => i >= 0);
    const computed = new Set(
      f.schema.columns.map((c, ci) => (c.type === 'computed' ? f.columnIndex[ci] : -1)).filter((i) => i >= 0),
    );
    rows.get(f.schema.name)!.forEach((r, i) => {
      if (inputs.some((c) => !isBlank(r[c]))) f.nonBlank.push(i);
      if (r.some((v, c) => !computed.has(c) && !isBlank(v))) f.lastUsed = i;
    });
    const snap: TableSnapshot = {
      name: f.name,
      sheet: f.sheet,
      topLeft: cellA1(f.row, f.col),
      headers: f.headers,
      rows: rows.get(f.schema.name)!,
    };
    if (options.formulas) snap.formulas = formulaGrid(f);
    snapshot.tables[f.schema.name] = snap;
  }
  return { snapshot, found };
}

const isBroken = (v: unknown): boolean => typeof v === 'string' && v.startsWith('=') && v.includes('#REF!');

/** The engine wants formulas per cell; for computed columns we know only where formulas are. */
function formulaGrid(f: FoundTable): (string | null)[][] {
  const computed = f.schema.columns
    .map((c, ci) => (c.type === 'computed' ? f.columnIndex[ci] : -1))
    .filter((i) => i >= 0);
  const grid: (string | null)[][] = new Array(f.rowCount);
  for (let r = 0; r < f.rowCount; r++) {
    const row: (string | null)[] = new Array(f.headers.length).fill(null);
    for (const c of computed) row[c] = inAreas(f.formulaAreas, f.row + 1 + r, f.col + c) ? '=' : '';
    grid[r] = row;
  }
  return grid;
}
