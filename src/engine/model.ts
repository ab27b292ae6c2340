import { cellA1, parseCell, quoteSheet, sheetCell } from './address';
import { Lang } from './i18n';
import { ColumnSchema, TABLES, TableName, TableSchema } from './schema';
import { TableSnapshot, WorkbookSnapshot } from './snapshot';
import { CellValue, isBlank, matchKey, startsNonBlank } from './values';

/**
 * A data row of a table: its 0-based index among the table's data rows (blank rows included in the count).
 * A number, not an object: a workbook has a quarter of a million rows, and an object per row was 40% of
 * what an analysis keeps (and of what the garbage collector copies). Branded so that a loop counter or
 * a position in `rows` is not taken for one.
 */
export type Row = number & { readonly __row: never };

export interface TableData {
  schema: TableSchema;
  snapshot: TableSnapshot | null;
  /** For each schema column, its index in the snapshot's columns, or -1 when missing. */
  columnIndex: number[];
  /** The language the headers are written in (the majority), null when no header matched. */
  headerLang: Lang | null;
  /** The non-blank data rows, in order. */
  rows: Row[];
  /** Every data row's cells in schema column order, by row (blank rows too). */
  cells: CellValue[][];
  /**
   * The project number of each row, by row: its key's index in WorkbookModel.projectKeys, -1 for a blank
   * row or ID. The engine's per-project records are arrays by this number, not maps by key: a join reads
   * an array where it hashed a string, and at 20,000 projects those maps outgrow the processor's cache.
   */
  projectOf: Int32Array;
  /** The model's project keys (WorkbookModel.projectKeys): a number's key; read a row's with projectKey. */
  projectKeys: readonly string[];
  /** Total data rows, blank ones included. */
  rowCount: number;
}

export interface WorkbookModel {
  tables: Record<TableName, TableData>;
  lang: Lang;
  /** Every project key the tables' Project IDs name, in the order first met: a project's number is its index. */
  projectKeys: string[];
}

/** Numbers the project keys of one model as the tables name them. */
class ProjectNumbers {
  readonly keys: string[] = [];
  /** The ID as typed that first named each number. */
  readonly ids: CellValue[] = [];
  private readonly byKey = new Map<string, number>();

  /** The number of the project an ID names, -1 for a blank ID. */
  ofId(id: CellValue): number {
    const k = matchKey(id);
    if (k === null) return -1;
    let o = this.byKey.get(k);
    if (o === undefined) {
      o = this.keys.length;
      this.keys.push(k);
      this.ids.push(id);
      this.byKey.set(k, o);
    }
    return o;
  }
}

const norm = (v: CellValue): string =>
  (v === null || v === undefined ? '' : String(v)).trim().replace(/\s+/g, ' ').toLowerCase();

export function headerMatches(column: ColumnSchema, header: CellValue): Lang | null {
  const h = norm(header);
  if (h === '') return null;
  if (h === column.header.zh.toLowerCase()) return 'zh';
  if (h === column.header.en.toLowerCase()) return 'en';
  return null;
}

/**
 * `items.map(f)` as a packed array of one kind, whichever tier of V8 runs it (map() gives packed or
 * holey arrays depending on its tier, and code optimized for one kind is thrown away on the other).
 */
export function packed<T, U>(items: readonly T[], f: (x: T) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < items.length; i++) out.push(f(items[i]));
  return out;
}

function readTable(schema: TableSchema, snap: TableSnapshot | undefined, numbers: ProjectNumbers): TableData {
  // packed, not map(): the code that reads it is not thrown away when the next check's kind differs.
  const columnIndex = packed(schema.columns, () => -1);
  if (!snap)
    return {
      schema,
      snapshot: null,
      columnIndex,
      headerLang: null,
      rows: [],
      cells: [],
      projectOf: NO_NUMBERS,
      projectKeys: numbers.keys,
      rowCount: 0,
    };
  let zh = 0;
  let en = 0;
  schema.columns.forEach((c, ci) => {
    for (let i = 0; i < snap.headers.length; i++) {
      const lang = headerMatches(c, snap.headers[i]);
      if (lang) {
        columnIndex[ci] = i;
        if (lang === 'zh') zh++;
        else en++;
        break;
      }
    }
  });
  const headerLang: Lang | null = zh + en === 0 ? null : zh >= en ? 'zh' : 'en';
  // A typed array: one kind of array for every table, so dataRows' optimized loop serves them all.
  const inputColList: number[] = [];
  for (let i = 0; i < schema.columns.length; i++)
    if (schema.columns[i].type !== 'computed' && columnIndex[i] >= 0) inputColList.push(columnIndex[i]);
  const inputCols = Int32Array.from(inputColList);
  // In the usual layout the sheet's columns are the schema's, in order: rows are used as they are.
  const identity = columnIndex.every((c, i) => c === i);
  const pkCol = schema.columns.findIndex((c) => c.key === 'projectId');
  const { rows, cells, projectOf } = dataRows(snap.rows, inputCols, identity, columnIndex, pkCol, numbers);
  return {
    schema,
    snapshot: snap,
    columnIndex,
    headerLang,
    rows,
    cells,
    projectOf,
    projectKeys: numbers.keys,
    rowCount: snap.rows.length,
  };
}

const NO_CELLS: CellValue[] = [];
const NO_NUMBERS = new Int32Array(0);

/**
 * The non-blank rows of a table, its cells in schema column order, and its rows' project numbers. A function
 * of its own: V8 compiles its loop alone, not with the header matching before it (a first check of a big
 * workbook waits for that compile).
 */
function dataRows(
  snapRows: CellValue[][],
  inputCols: Int32Array,
  identity: boolean,
  columnIndex: number[],
  pkCol: number,
  numbers: ProjectNumbers,
): { rows: Row[]; cells: CellValue[][]; projectOf: Int32Array } {
  const n = snapRows.length;
  const projectOf = new Int32Array(n).fill(-1);
  const ids = numbers.ids;
  // Sized once: pushing a quarter of a million rows would copy the array a dozen times as it grows.
  const rows: Row[] = new Array<Row>(n);
  // The snapshot's own rows when they are already in schema order, as in the usual layout.
  let cells = snapRows;
  let count = 0;
  let lastId: CellValue = undefined;
  let lastNumber = -1;
  for (let r = 0; r < n; r++) {
    const raw = snapRows[r] ?? NO_CELLS;
    let row = raw;
    if (!identity || raw.length < columnIndex.length) {
      if (cells === snapRows) cells = snapRows.slice();
      row = cells[r] = columnIndex.map((i) => (i >= 0 ? raw[i] : null));
    }
    let blank = true;
    for (let c = 0; c < inputCols.length; c++) {
      const v = raw[inputCols[c]];
      // A number or text starting with a visible character is not blank: no trim needed.
      if (typeof v === 'number' || (typeof v === 'string' && startsNonBlank(v.charCodeAt(0))) || !isBlank(v)) {
        blank = false;
        break;
      }
    }
    if (blank) continue;
    // A project's rows usually follow each other: the same ID as the row before needs no key lookup.
    if (pkCol >= 0) {
      const id = row[pkCol];
      if (id !== lastId || id === undefined) {
        // Tables tend to list projects in one order (the Projects table's, or month by month in it): the
        // project after the last one needs no lookup.
        const next = lastNumber + 1;
        lastNumber = next < ids.length && id === ids[next] && id !== undefined ? next : numbers.ofId(id);
        lastId = id;
      }
      projectOf[r] = lastNumber;
    }
    rows[count++] = r as Row;
  }
  rows.length = count;
  return { rows, cells, projectOf };
}

/** Finds a snapshot by table name, case-insensitively (Excel table names are). */
function findSnapshot(ws: WorkbookSnapshot, name: string): TableSnapshot | undefined {
  if (ws.tables[name]) return ws.tables[name];
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(ws.tables)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** How many of a schema's input columns a header row holds (in either language). */
function inputHeaderMatches(schema: TableSchema, headers: CellValue[]): number {
  let n = 0;
  for (const c of schema.columns) if (c.type !== 'computed' && headers.some((h) => headerMatches(c, h) !== null)) n++;
  return n;
}

/** Tables the add-in writes as output (review list, roll-up): they look like ours but are not renamed ones. */
const OUTPUT_TABLES = [
  'lessons',
  'reviewlist',
  'rollupsources',
  'rollupprojects',
  'rollupreview',
  'rollupfindings',
  'rollupchartstage',
  'rollupchartcost',
  'rollupchartescalations',
];

/**
 * Our tables that a user renamed (Projects → Table1), found by their headers: for each schema table
 * missing by name, the other table holding most of its input columns' headers (at least 60% of them,
 * and two). Returns schema name → the table's own name.
 */
export function matchRenamedTables(tables: { name: string; headers: CellValue[] }[]): Map<TableName, string> {
  const ours = new Set([...TABLES.map((t) => t.name.toLowerCase()), ...OUTPUT_TABLES]);
  const present = new Set(tables.map((t) => t.name.toLowerCase()));
  const claimed = new Set<string>();
  const out = new Map<TableName, string>();
  for (const schema of TABLES) {
    if (present.has(schema.name.toLowerCase())) continue;
    const inputs = schema.columns.filter((c) => c.type !== 'computed').length;
    const need = Math.max(2, Math.ceil(inputs * 0.6));
    let best: { name: string; n: number } | null = null;
    for (const t of tables) {
      if (ours.has(t.name.toLowerCase()) || claimed.has(t.name)) continue;
      const n = inputHeaderMatches(schema, t.headers);
      if (n >= need && (!best || n > best.n)) best = { name: t.name, n };
    }
    if (best) {
      claimed.add(best.name);
      out.set(schema.name, best.name);
    }
  }
  return out;
}

export function buildModel(ws: WorkbookSnapshot, lang?: Lang): WorkbookModel {
  const tables = {} as Record<TableName, TableData>;
  const numbers = new ProjectNumbers();
  const renamed = matchRenamedTables(
    Object.entries(ws.tables).map(([k, v]) => ({ name: v?.name ?? k, headers: v?.headers ?? [] })),
  );
  for (const schema of TABLES) {
    let snap = findSnapshot(ws, schema.name);
    const other = renamed.get(schema.name);
    if (!snap && other !== undefined) snap = Object.values(ws.tables).find((v) => v?.name === other);
    tables[schema.name] = readTable(schema, snap, numbers);
  }
  return { tables, lang: lang ?? tables.Projects.headerLang ?? 'zh', projectKeys: numbers.keys };
}

/** Each schema's column positions by key, built on first use (rules look columns up per row). */
const positions = new WeakMap<TableSchema, Map<string, number>>();

/** The schema position of a column, or -1 when the table has no such column. */
export function findColPos(t: TableData, key: string): number {
  let byKey = positions.get(t.schema);
  if (!byKey) {
    byKey = new Map();
    t.schema.columns.forEach((c, i) => {
      if (!byKey!.has(c.key)) byKey!.set(c.key, i);
    });
    positions.set(t.schema, byKey);
  }
  return byKey.get(key) ?? -1;
}

export function colPos(t: TableData, key: string): number {
  const i = findColPos(t, key);
  if (i < 0) throw new Error(`no column ${t.schema.name}.${key}`);
  return i;
}

/** Where a snapshot's table starts and its sheet's name as an address writes it, parsed once per snapshot. */
const origins = new WeakMap<
  TableSnapshot,
  { topLeft: string; sheet: string; row: number; col: number; prefix: string }
>();

function originOf(snap: TableSnapshot): { row: number; col: number; prefix: string } {
  let o = origins.get(snap);
  if (!o || o.topLeft !== snap.topLeft || o.sheet !== snap.sheet) {
    const top = parseCell(snap.topLeft) ?? { row: 0, col: 0 };
    o = { topLeft: snap.topLeft, sheet: snap.sheet, row: top.row, col: top.col, prefix: `${quoteSheet(snap.sheet)}!` };
    origins.set(snap, o);
  }
  return o;
}

/** Excel address of a data cell (`Sheet!E7`), or of the row's first cell when the column is missing. */
export function cellAddress(t: TableData, rowIndex: number | null, key: string | null): string {
  const snap = t.snapshot;
  if (!snap) return '';
  const top = originOf(snap);
  const ci = key ? t.columnIndex[colPos(t, key)] : 0;
  const row = rowIndex === null ? top.row : top.row + 1 + rowIndex;
  return top.prefix + cellA1(row, top.col + Math.max(0, ci));
}

export function headerAddress(t: TableData, snapshotCol: number): string {
  const snap = t.snapshot;
  if (!snap) return '';
  const top = parseCell(snap.topLeft) ?? { row: 0, col: 0 };
  return sheetCell(snap.sheet, top.row, top.col + snapshotCol);
}

/**
 * What a Map from one table's rows to per-row results does, held in arrays by row: iterates in row order.
 */
export class RowMap<V> implements Iterable<[Row, V]> {
  private readonly vals: (V | undefined)[];
  private readonly held: Uint8Array;
  private count = 0;

  /** `rowCount`: the table's data rows (TableData.rowCount), so the arrays never grow. */
  constructor(rowCount = 0) {
    this.vals = new Array<V | undefined>(rowCount);
    this.held = new Uint8Array(rowCount);
  }

  get size(): number {
    return this.count;
  }

  get(r: Row): V | undefined {
    return this.vals[r];
  }

  has(r: Row): boolean {
    return this.held[r] === 1;
  }

  set(r: Row, v: V): this {
    // A row past the table's end would grow one array and not the other.
    if (!(r >= 0 && r < this.held.length)) throw new RangeError(`RowMap: no row ${r}`);
    if (this.held[r] === 0) {
      this.held[r] = 1;
      this.count++;
    }
    this.vals[r] = v;
    return this;
  }

  *entries(): IterableIterator<[Row, V]> {
    for (let i = 0; i < this.held.length; i++) if (this.held[i] === 1) yield [i as Row, this.vals[i] as V];
  }

  *keys(): IterableIterator<Row> {
    for (const [r] of this.entries()) yield r;
  }

  *values(): IterableIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): IterableIterator<[Row, V]> {
    return this.entries();
  }

  forEach(fn: (value: V, row: Row, map: RowMap<V>) => void): void {
    for (const [r, v] of this.entries()) fn(v, r, this);
  }
}

/**
 * Per-project records, made on first use: in an array by project number for the engine's joins, and in a
 * map by match key for everything else (`byKey`, in the order the records were made, built on first read:
 * the checks never read it, and at 20,000 projects each map outgrows the processor's cache). (A class
 * with a module-level factory, not a closure made per analysis: a new closure is a new call target to V8,
 * and its optimized callers were thrown away on every check.)
 */
export class ByProject<T> {
  /** The records by project number (undefined: none made). */
  readonly items: (T | undefined)[];
  /** The numbers of the records made, in the order they were made. */
  private readonly made: number[] = [];
  private map: Map<string, T> | undefined = undefined;

  /** `keys`: the model's project keys (WorkbookModel.projectKeys), a record's key by its number. */
  constructor(
    private readonly make: () => T,
    private readonly keys: readonly string[],
  ) {
    this.items = new Array<T | undefined>(keys.length);
  }

  /** The records by match key, in the order they were made. Read it once the records are all made. */
  get byKey(): Map<string, T> {
    if (this.map !== undefined && this.map.size === this.made.length) return this.map;
    const map = new Map<string, T>();
    for (let i = 0; i < this.made.length; i++) map.set(this.keys[this.made[i]], this.items[this.made[i]] as T);
    return (this.map = map);
  }

  /** The record of project number `o`, made on first use; null for -1 (no project). */
  of(o: number): T | null {
    if (o < 0) return null;
    let v = this.items[o];
    if (v === undefined) {
      v = this.make();
      this.items[o] = v;
      this.made.push(o);
    }
    return v;
  }

  /** The record of project number `o`, without making one. */
  peek(o: number): T | undefined {
    return projectAt(this.items, o);
  }
}

/** The entry of project number `o` in a list by project number; undefined for -1 (no project). */
export const projectAt = <T>(items: readonly (T | undefined)[], o: number): T | undefined =>
  o < 0 ? undefined : items[o];

/** The match key of a row's Project ID (as every join matches it); null for a blank row or ID. */
export function projectKey(t: TableData, r: Row): string | null {
  const o = t.projectOf[r];
  return o >= 0 ? t.projectKeys[o] : null;
}
