/**
 * The workbook data model behind the proxies: a sparse cell store per sheet plus the
 * workbook-level objects (tables, names, validations, conditional formats, charts).
 * Nothing here knows about batching; proxies call into it when a sync executes.
 */
import {
  MAX_COLS,
  MAX_ROWS,
  Rect,
  cellA1,
  colLetters,
  contains,
  hasStructuredReference,
  intersect,
  isValidName,
  quoteSheet,
  rectA1,
  subtract,
  tryParseRect,
  splitSheet,
} from './address';
import { accessDenied, alreadyExists, invalidArgument, invalidOperation } from './errors';
import { CellValue, isErrorValue, keepsText, parseInput } from './format';
import { breakRefs, StructuredRef, structuredRefs } from './structured';
import { CellStore } from './cell-store';

export interface CellStyle {
  nf?: string;
  fill?: string;
  fontColor?: string;
  bold?: boolean;
  italic?: boolean;
  fontName?: string;
  fontSize?: number;
  wrap?: boolean;
  hAlign?: string;
  vAlign?: string;
}
export const STYLE_KEYS: (keyof CellStyle)[] = [
  'nf',
  'fill',
  'fontColor',
  'bold',
  'italic',
  'fontName',
  'fontSize',
  'wrap',
  'hAlign',
  'vAlign',
];

/** `v` is the value, or for a formula cell (`f` set) its cached result (null when unknown). */
export interface Cell extends CellStyle {
  v: CellValue;
  f?: string;
}

export interface DataValidationRuleModel {
  list?: { inCellDropDown: boolean; source: string };
  wholeNumber?: { formula1: string | number; formula2?: string | number; operator: string };
  decimal?: { formula1: string | number; formula2?: string | number; operator: string };
  date?: { formula1: string | number; formula2?: string | number; operator: string };
  time?: { formula1: string | number; formula2?: string | number; operator: string };
  textLength?: { formula1: string | number; formula2?: string | number; operator: string };
  custom?: { formula: string };
}
export interface DataValidationModel {
  rect: Rect;
  rule: DataValidationRuleModel;
  errorAlert: { showAlert: boolean; style: string; title: string; message: string };
  prompt: { showPrompt: boolean; title: string; message: string };
  ignoreBlanks: boolean;
}
export interface CondFormatModel {
  id: string;
  rect: Rect;
  type: string; // "Custom" is the only type implemented
  formula: string;
  fill?: string;
  fontColor?: string;
  bold?: boolean;
  italic?: boolean;
  stopIfTrue: boolean;
}
export interface ChartModel {
  id: string;
  name: string;
  type: string;
  source: Rect;
  seriesBy: string;
  title: string;
  top: number;
  left: number;
  width: number;
  height: number;
}
export interface TableColumnModel {
  id: number;
  name: string;
  calc?: string;
}
export interface TableModel {
  id: string;
  name: string;
  sheet: SheetModel;
  rect: Rect;
  showHeaders: boolean;
  showTotals: boolean;
  style: string;
  columns: TableColumnModel[];
  nextColId: number;
}
export interface NameModel {
  name: string;
  formula: string;
  comment: string;
  visible: boolean;
  sheet?: SheetModel;
}

/** Zoom is either a percentage or a fit to pages wide/tall (0 tall = as many as needed), never both. */
export type PageZoom = { scale: number } | { horizontalFitToPages: number; verticalFitToPages: number };
export interface PageModel {
  orientation: 'Portrait' | 'Landscape';
  paperSize: string;
  zoom: PageZoom;
  /** Whole rows repeated at the top of every printed page. */
  printTitleRows: { r0: number; r1: number } | null;
}

export const DEFAULT_COLUMN_WIDTH = 48; // points (8.43 characters of Calibri 11)
export const DEFAULT_ROW_HEIGHT = 15; // points

/** Whether a value written to a cell is a formula that may name a table (a structured reference). */
export const namesTable = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 1 && v.charCodeAt(0) === 0x3d && v.includes('[');

export class SheetModel {
  cells = new CellStore();
  colStyle = new Map<number, CellStyle>(); // whole-column formats (written on entire-column ranges)
  colWidth = new Map<number, number>();
  rowHeight = new Map<number, number>();
  freeze = { rows: 0, cols: 0 };
  /** Print settings (ExcelApi 1.9 pageLayout): Excel's defaults for a new sheet. */
  page: PageModel = { orientation: 'Portrait', paperSize: 'Letter', zoom: { scale: 100 }, printTitleRows: null };
  dvs: DataValidationModel[] = [];
  cfs: CondFormatModel[] = []; // index 0 = highest priority
  charts: ChartModel[] = [];
  visibility = 'Visible';
  tabColor = '';
  deleted = false;
  /** Review → Protect Sheet: Excel refuses every write to its cells, formats, validation and tables. */
  protected = false;
  constructor(
    public id: string,
    public name: string,
  ) {}

  static key(r: number, c: number): number {
    return r * MAX_COLS + c;
  }

  get(r: number, c: number): Cell | undefined {
    return this.cells.at(r, c);
  }

  ensure(r: number, c: number): Cell {
    const row = this.cells.row(r);
    let cell = row[c];
    if (!cell) {
      // Made with its number-format slot: most written cells get a format next, and a property added
      // later grew each of them (an array of properties apiece for 150,000 cells of a roll-up).
      cell = { v: null, nf: undefined };
      this.cells.put(row, c, cell);
    }
    return cell;
  }

  /** Drop a cell that holds nothing (keeps the map small after clears). */
  tidy(r: number, c: number): void {
    const k = r * MAX_COLS + c;
    const cell = this.cells.get(k);
    if (!cell) return;
    if ((cell.v === null || cell.v === '') && cell.f === undefined && STYLE_KEYS.every((s) => cell[s] === undefined))
      this.cells.delete(k);
  }

  styleOf<K extends keyof CellStyle>(r: number, c: number, key: K): CellStyle[K] | undefined {
    const v = this.get(r, c)?.[key];
    return v !== undefined ? v : this.colStyle.get(c)?.[key];
  }

  /** Visit existing cells inside rect; picks the cheaper of a coordinate walk and a map scan. */
  forEachIn(rect: Rect, fn: (cell: Cell, r: number, c: number) => void): void {
    const area = (rect.r1 - rect.r0 + 1) * (rect.c1 - rect.c0 + 1);
    if (area <= this.cells.size * 2) {
      for (let r = rect.r0; r <= rect.r1; r++)
        for (let c = rect.c0; c <= rect.c1; c++) {
          const cell = this.cells.get(r * MAX_COLS + c);
          if (cell) fn(cell, r, c);
        }
    } else {
      this.cells.forEachCell((cell, r, c) => {
        if (r >= rect.r0 && r <= rect.r1 && c >= rect.c0 && c <= rect.c1) fn(cell, r, c);
      });
    }
  }

  /** The bounding box of the cells in use (of those inside `within`, when given: Range.getUsedRange). */
  usedRect(valuesOnly: boolean, within?: Rect): Rect | null {
    let r0 = Infinity,
      c0 = Infinity,
      r1 = -1,
      c1 = -1;
    this.cells.forEachCell((cell, r, c) => {
      if (valuesOnly && (cell.v === null || cell.v === '') && cell.f === undefined) return;
      if (within && (r < within.r0 || r > within.r1 || c < within.c0 || c > within.c1)) return;
      if (r < r0) r0 = r;
      if (r > r1) r1 = r;
      if (c < c0) c0 = c;
      if (c > c1) c1 = c;
    });
    return r1 < 0 ? null : { r0, c0, r1, c1 };
  }
}

/** Excel refuses any change to a protected sheet's cells with AccessDenied. */
export function assertWritable(sheet: SheetModel): void {
  if (sheet.protected) throw accessDenied(`the worksheet '${sheet.name}' is protected`);
}

export function isBlank(cell: Cell | undefined): boolean {
  return !cell || ((cell.v === null || cell.v === '') && cell.f === undefined);
}

/** Value as Office.js reports it: "" for empty, error string for errors. */
export function apiValue(cell: Cell | undefined): number | string | boolean {
  if (!cell || cell.v === null) return '';
  return isErrorValue(cell.v) ? cell.v.error : cell.v;
}

export function checkNoStructuredRef(formula: unknown, where: string): void {
  if (typeof formula === 'string' && hasStructuredReference(formula)) {
    throw invalidArgument(
      `${where}: structured references are not allowed here; use an A1 reference or a defined name`,
    );
  }
}

let guidCounter = 0;
function guid(): string {
  guidCounter++;
  return `{${guidCounter.toString(16).padStart(8, '0').toUpperCase()}-0001-0000-0000-000000000000}`;
}

export class WorkbookModel {
  sheets: SheetModel[] = [];
  tables: TableModel[] = [];
  names: NameModel[] = [];
  name = 'Book1';
  selection: { sheet: SheetModel; rect: Rect } | null = null;
  activeSheet: SheetModel | null = null;
  /** Review → Protect Workbook (structure): no sheet may be added, deleted, renamed, moved, hidden or shown. */
  structureProtected = false;
  private nextTableId = 1;
  private nextCfId = 1;
  private nextChartId = 1;

  // ---------- sheets ----------
  findSheet(name: string): SheetModel | undefined {
    const n = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === n);
  }

  assertStructureWritable(what: string): void {
    if (this.structureProtected) throw accessDenied(`the workbook's structure is protected (${what})`);
  }

  validateSheetName(name: string, except?: SheetModel): void {
    if (
      typeof name !== 'string' ||
      name.length === 0 ||
      name.length > 31 ||
      /[[\]:*?/\\]/.test(name) ||
      name.startsWith("'") ||
      name.endsWith("'")
    ) {
      throw invalidArgument(`invalid sheet name '${name}'`);
    }
    const other = this.findSheet(name);
    if (other && other !== except) throw alreadyExists(`a sheet named '${name}' already exists`);
  }

  addSheet(name?: string): SheetModel {
    if (name === undefined || name === null) {
      let i = this.sheets.length + 1;
      while (this.findSheet(`Sheet${i}`)) i++;
      name = `Sheet${i}`;
    }
    this.assertStructureWritable('add a worksheet');
    this.validateSheetName(name);
    const s = new SheetModel(guid(), name);
    this.sheets.push(s);
    if (!this.activeSheet) this.activeSheet = s;
    if (!this.selection) this.selection = { sheet: s, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
    return s;
  }

  deleteSheet(s: SheetModel): void {
    this.assertStructureWritable('delete a worksheet');
    if (this.sheets.filter((x) => x.visibility === 'Visible' && x !== s).length === 0) {
      throw invalidOperation('a workbook must contain at least one visible worksheet');
    }
    this.sheets = this.sheets.filter((x) => x !== s);
    for (const t of this.tables) if (t.sheet === s) this.breakReferences(t);
    this.tables = this.tables.filter((t) => t.sheet !== s);
    this.names = this.names.filter((n) => n.sheet !== s);
    s.deleted = true;
    if (this.activeSheet === s) this.activeSheet = this.sheets.find((x) => x.visibility === 'Visible') ?? null;
    if (this.selection?.sheet === s && this.activeSheet)
      this.selection = { sheet: this.activeSheet, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
  }

  // ---------- names (tables and defined names share one namespace) ----------
  nameTaken(name: string, except?: object): boolean {
    const n = name.toLowerCase();
    return (
      this.tables.some((t) => t !== except && t.name.toLowerCase() === n) ||
      this.names.some((x) => x !== except && x.name.toLowerCase() === n)
    );
  }

  findTable(name: string): TableModel | undefined {
    const n = name.toLowerCase();
    return this.tables.find((t) => t.name.toLowerCase() === n);
  }

  findName(name: string, sheet?: SheetModel): NameModel | undefined {
    const n = name.toLowerCase();
    return this.names.find((x) => x.name.toLowerCase() === n && x.sheet === sheet);
  }

  addName(name: string, formula: string, comment: string, sheet?: SheetModel): NameModel {
    if (!isValidName(name)) throw invalidArgument(`invalid name '${name}'`);
    if (this.tables.some((t) => t.name.toLowerCase() === name.toLowerCase()) || this.findName(name, sheet))
      throw alreadyExists(`the name '${name}' is already used`);
    if (typeof formula !== 'string' || formula === '') throw invalidArgument('reference is required');
    const f = formula.startsWith('=') ? formula : `=${formula}`;
    const nm: NameModel = { name, formula: f, comment: comment ?? '', visible: true, sheet };
    this.names.push(nm);
    return nm;
  }

  /** Resolve a defined name (or "Sheet!A1" text) to a sheet rectangle if it is a plain reference. */
  resolveReference(formula: string, defaultSheet?: SheetModel): { sheet: SheetModel; rect: Rect } | null {
    const f = formula.replace(/^=/, '').trim();
    let sp: { sheet?: string; local: string };
    try {
      sp = splitSheet(f);
    } catch {
      return null;
    }
    const rect = tryParseRect(sp.local);
    if (!rect) return null;
    const sheet = sp.sheet !== undefined ? this.findSheet(sp.sheet) : defaultSheet;
    return sheet ? { sheet, rect } : null;
  }

  // ---------- tables ----------
  validateTableName(name: string, t?: TableModel): void {
    if (typeof name !== 'string' || !isValidName(name)) throw invalidArgument(`invalid table name '${name}'`);
    if (this.nameTaken(name, t)) throw alreadyExists(`the name '${name}' is already used by a table or a defined name`);
  }

  addTable(sheet: SheetModel, rect: Rect, hasHeaders: boolean): TableModel {
    assertWritable(sheet);
    if (rect.r1 - rect.r0 >= MAX_ROWS - 1 || rect.c1 - rect.c0 >= MAX_COLS - 1)
      throw invalidArgument('a table cannot span entire rows or columns');
    for (const t of this.tables) {
      if (t.sheet === sheet && intersect(t.rect, rect))
        throw invalidOperation(`a table can't overlap another table (${t.name})`);
    }
    let r = { ...rect };
    if (!hasHeaders) {
      // Excel inserts a header row above the data.
      shiftRows(this, sheet, r.c0, r.c1, r.r0, 1);
      r = { ...r, r1: r.r1 + 1 };
      for (let c = r.c0; c <= r.c1; c++) {
        const cell = sheet.ensure(r.r0, c);
        cell.v = null;
        delete cell.f;
      }
    }
    if (r.r1 === r.r0) r.r1 = r.r0 + 1; // header only: Excel adds one empty data row
    let i = 1;
    while (this.nameTaken(`Table${i}`)) i++;
    const t: TableModel = {
      id: String(this.nextTableId++),
      name: `Table${i}`,
      sheet,
      rect: r,
      showHeaders: true,
      showTotals: false,
      style: 'TableStyleMedium2',
      columns: [],
      nextColId: 1,
    };
    for (let c = r.c0; c <= r.c1; c++) t.columns.push({ id: t.nextColId++, name: '' });
    this.tables.push(t);
    this.syncHeaders(t);
    return t;
  }

  /** Re-derive column names from the header cells: empty → "ColumnN", duplicates get a number (Excel renames). */
  syncHeaders(t: TableModel): void {
    if (!t.showHeaders) return;
    const seen = new Set<string>();
    t.columns.forEach((col, j) => {
      const cell = t.sheet.get(t.rect.r0, t.rect.c0 + j);
      let name =
        cell && cell.v !== null && cell.v !== ''
          ? isErrorValue(cell.v)
            ? cell.v.error
            : typeof cell.v === 'boolean'
              ? cell.v
                ? 'TRUE'
                : 'FALSE'
              : String(cell.v)
          : '';
      if (name === '') {
        let k = j + 1;
        while (seen.has(`column${k}`)) k++;
        name = `Column${k}`;
      }
      if (seen.has(name.toLowerCase())) {
        let k = 2;
        while (seen.has(`${name}${k}`.toLowerCase())) k++;
        name = `${name}${k}`;
      }
      seen.add(name.toLowerCase());
      col.name = name;
      const hc = t.sheet.ensure(t.rect.r0, t.rect.c0 + j);
      hc.v = name;
      delete hc.f;
    });
  }

  /** After cells in rect were written: keep table headers valid and detect calculated columns. */
  afterWrite(sheet: SheetModel, rect: Rect, wroteContent: boolean): void {
    if (!wroteContent) return;
    for (const t of this.tables) {
      if (t.sheet !== sheet || !intersect(t.rect, rect)) continue;
      if (t.showHeaders && rect.r0 <= t.rect.r0 && rect.r1 >= t.rect.r0) this.syncHeaders(t);
      const body = dataRect(t);
      if (!body || rect.r0 > body.r0 || rect.r1 < body.r1) continue;
      for (let c = Math.max(rect.c0, t.rect.c0); c <= Math.min(rect.c1, t.rect.c1); c++) {
        const col = t.columns[c - t.rect.c0];
        let first: string | undefined;
        let same = true,
          anyFormula = false;
        for (let r = body.r0; r <= body.r1; r++) {
          const f = sheet.get(r, c)?.f;
          if (f !== undefined) anyFormula = true;
          if (r === body.r0) first = f;
          else if (f !== first) same = false;
        }
        if (same && first !== undefined) col.calc = first;
        else if (!anyFormula) delete col.calc;
      }
    }
  }

  // ---------- structured references ----------
  /** The table whose rectangle holds a cell, if any. */
  tableAt(sheet: SheetModel, r: number, c: number): TableModel | undefined {
    return this.tables.find(
      (t) => t.sheet === sheet && r >= t.rect.r0 && r <= t.rect.r1 && c >= t.rect.c0 && c <= t.rect.c1,
    );
  }

  /**
   * Refuses a formula naming a table or column that does not exist, as Excel does (a bare `[@Col]`
   * names the table holding the cell). `own` is that table, if any.
   */
  checkFormula(formula: string, own: TableModel | undefined): void {
    let refs: StructuredRef[];
    try {
      refs = structuredRefs(formula);
    } catch (e) {
      throw invalidArgument(`${formula}: ${(e as Error).message}`);
    }
    for (const ref of refs) {
      const t = ref.table === null ? own : this.findTable(ref.table);
      if (!t)
        throw invalidArgument(
          `the formula ${formula} names ${ref.table === null ? 'a table column outside any table' : `the table '${ref.table}', which does not exist`}`,
        );
      for (const col of ref.columns) {
        if (!t.columns.some((x) => x.name.toLowerCase() === col.toLowerCase()))
          throw invalidArgument(
            `the formula ${formula} names the column '${col}', which table '${t.name}' does not have`,
          );
      }
    }
  }

  /** Checks every formula of a 2-D input written at (r0, c0) before anything is written (one check per formula and table). */
  checkFormulas(
    sheet: SheetModel,
    r0: number,
    c0: number,
    at: (i: number, j: number) => unknown,
    rows: number,
    cols: number,
    table?: TableModel,
  ): void {
    const seen = new Set<string>();
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) {
        const v = at(i, j);
        if (!namesTable(v)) continue;
        const own = table ?? this.tableAt(sheet, r0 + i, c0 + j);
        const key = `${own?.id ?? ''}\u0000${v}`;
        if (seen.has(key)) continue;
        seen.add(key);
        this.checkFormula(v, own);
      }
  }

  /**
   * A table (or one of its columns) is going away: every formula naming it becomes #REF! for good, as in
   * Excel; the cells show #REF! until someone writes a new formula.
   */
  breakReferences(t: TableModel, column?: TableColumnModel): void {
    const name = t.name.toLowerCase();
    const hits = (ref: StructuredRef, inside: boolean): boolean => {
      const mine = ref.table === null ? inside : ref.table.toLowerCase() === name;
      if (!mine) return false;
      return !column || ref.columns.some((c) => c.toLowerCase() === column.name.toLowerCase());
    };
    for (const s of this.sheets) {
      s.cells.forEachCell((cell, r, c) => {
        if (!cell.f || !cell.f.includes('[')) return;
        const inside = s === t.sheet && r >= t.rect.r0 && r <= t.rect.r1 && c >= t.rect.c0 && c <= t.rect.c1;
        const f = breakRefs(cell.f, (ref) => hits(ref, inside));
        if (f !== null) {
          cell.f = f;
          cell.v = { error: '#REF!' };
        }
      });
    }
    for (const x of this.tables)
      for (const c of x.columns) {
        if (!c.calc) continue;
        const f = breakRefs(c.calc, (ref) => hits(ref, x === t));
        if (f !== null) c.calc = f;
      }
    for (const n of this.names) {
      const f = breakRefs(n.formula, (ref) => hits(ref, false));
      if (f !== null) n.formula = f;
    }
  }

  // ---------- validations / conditional formats ----------
  /** Make one validation record covering exactly rect (splitting overlapping ones), seeded from the one under its top-left cell. */
  dvAt(sheet: SheetModel, rect: Rect): DataValidationModel {
    assertWritable(sheet);
    const exact = sheet.dvs.find(
      (d) => d.rect.r0 === rect.r0 && d.rect.r1 === rect.r1 && d.rect.c0 === rect.c0 && d.rect.c1 === rect.c1,
    );
    if (exact) return exact;
    const seed = sheet.dvs.find((d) => contains(d.rect, { r0: rect.r0, c0: rect.c0, r1: rect.r0, c1: rect.c0 }));
    this.clearDv(sheet, rect);
    const dv: DataValidationModel = seed
      ? {
          rect,
          rule: JSON.parse(JSON.stringify(seed.rule)),
          errorAlert: { ...seed.errorAlert },
          prompt: { ...seed.prompt },
          ignoreBlanks: seed.ignoreBlanks,
        }
      : {
          rect,
          rule: {},
          errorAlert: { showAlert: true, style: 'Stop', title: '', message: '' },
          prompt: { showPrompt: false, title: '', message: '' },
          ignoreBlanks: true,
        };
    sheet.dvs.push(dv);
    return dv;
  }

  clearDv(sheet: SheetModel, rect: Rect): void {
    const out: DataValidationModel[] = [];
    for (const d of sheet.dvs) {
      if (!intersect(d.rect, rect)) {
        out.push(d);
        continue;
      }
      for (const piece of subtract(d.rect, rect)) out.push({ ...d, rect: piece });
    }
    sheet.dvs = out;
  }

  addCf(sheet: SheetModel, rect: Rect, type: string): CondFormatModel {
    assertWritable(sheet);
    const cf: CondFormatModel = { id: `CF${this.nextCfId++}`, rect, type, formula: '', stopIfTrue: false };
    sheet.cfs.unshift(cf); // a new rule gets priority 0 as in Excel
    return cf;
  }

  addChart(sheet: SheetModel, type: string, source: Rect, seriesBy: string): ChartModel {
    let i = this.nextChartId++;
    while (sheet.charts.some((c) => c.name === `Chart ${i}`)) i++;
    const ch: ChartModel = {
      id: `{CHART-${i}}`,
      name: `Chart ${i}`,
      type,
      source,
      seriesBy,
      title: '',
      top: 0,
      left: 0,
      width: 360,
      height: 216,
    };
    sheet.charts.push(ch);
    return ch;
  }

  /** Address text as Office.js reports it ("Sheet1!A1:B2", "'My Sheet'!A1"). */
  address(sheet: SheetModel, rect: Rect): string {
    return `${quoteSheet(sheet.name)}!${rectA1(rect)}`;
  }
}

export function headerRect(t: TableModel): Rect | null {
  return t.showHeaders ? { r0: t.rect.r0, r1: t.rect.r0, c0: t.rect.c0, c1: t.rect.c1 } : null;
}

export function dataRect(t: TableModel): Rect | null {
  const r0 = t.showHeaders ? t.rect.r0 + 1 : t.rect.r0;
  const r1 = t.showTotals ? t.rect.r1 - 1 : t.rect.r1;
  return r1 >= r0 ? { r0, r1, c0: t.rect.c0, c1: t.rect.c1 } : null;
}

// ---------- writing cells ----------

/** Validate a 2-D input (or scalar broadcast) against a rect; returns an accessor. */
export function shapeOf(input: unknown, rect: Rect, what: string): (i: number, j: number) => unknown {
  const rows = rect.r1 - rect.r0 + 1,
    cols = rect.c1 - rect.c0 + 1;
  if (!Array.isArray(input)) return () => input;
  if (input.length !== rows || input.some((row) => !Array.isArray(row) || row.length !== cols)) {
    throw invalidArgument(
      `${what}: the number of rows or columns in the input array doesn't match the size or dimensions of the range`,
    );
  }
  return (i, j) => (input as unknown[][])[i][j];
}

/** Write one input value the way Range.values/formulas do. null/undefined leaves the cell unchanged. */
export function writeInput(sheet: SheetModel, r: number, c: number, raw: unknown): void {
  if (raw === null || raw === undefined) return;
  assertWritable(sheet);
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) throw invalidArgument('numbers must be finite');
    const cell = sheet.ensure(r, c);
    cell.v = raw;
    if (cell.f !== undefined) delete cell.f;
    return;
  }
  if (typeof raw === 'boolean') {
    const cell = sheet.ensure(r, c);
    cell.v = raw;
    if (cell.f !== undefined) delete cell.f;
    return;
  }
  if (typeof raw !== 'string') throw invalidArgument(`unsupported cell value of type ${typeof raw}`);
  if (raw === '') {
    const cell = sheet.get(r, c);
    if (cell) {
      cell.v = null;
      delete cell.f;
      sheet.tidy(r, c);
    }
    return;
  }
  const cell = sheet.ensure(r, c);
  if (raw.length > 1 && raw.startsWith('=')) {
    cell.f = raw;
    cell.v = null;
    return;
  }
  if (raw.length > 32767) throw invalidArgument('a cell can hold at most 32767 characters');
  if (cell.f !== undefined) delete cell.f;
  if (keepsText(raw)) {
    cell.v = raw;
    return;
  }
  const parsed = parseInput(raw, sheet.styleOf(r, c, 'nf'));
  cell.v = parsed.value;
  if (parsed.numberFormat && (!cell.nf || cell.nf === 'General')) cell.nf = parsed.numberFormat;
}

// ---------- shifting (insert/delete cells) ----------

function mapIndex(i: number, at: number, n: number): number {
  if (i < at) return i;
  if (n > 0) return i + n;
  return i < at - n ? -1 : i + n;
}

function shiftSpan(a0: number, a1: number, at: number, n: number): [number, number] | null {
  if (n > 0) {
    if (a0 >= at) return [a0 + n, a1 + n];
    if (a1 >= at) return [a0, a1 + n];
    return [a0, a1];
  }
  const k = -n;
  const b0 = a0 < at ? a0 : a0 < at + k ? at : a0 - k;
  const b1 = a1 < at ? a1 : a1 < at + k ? at - 1 : a1 - k;
  return b1 < b0 ? null : [b0, b1];
}

/**
 * Insert (n>0) or delete (n<0) |n| rows or columns at index `at` along `axis`, only within the span
 * lo..hi of the other axis (cells shift down/up or right/left); validations, formats and tables follow.
 */
function shiftCells(
  wb: WorkbookModel,
  sheet: SheetModel,
  axis: 'rows' | 'cols',
  lo: number,
  hi: number,
  at: number,
  n: number,
): void {
  if (n === 0) return;
  assertWritable(sheet);
  const rows = axis === 'rows';
  const limit = rows ? MAX_ROWS : MAX_COLS;
  const moved: [number, Cell][] = [];
  sheet.cells.forEachCell((cell, r, c) => {
    const [along, across] = rows ? [r, c] : [c, r];
    if (across < lo || across > hi || along < at) return;
    moved.push([r * MAX_COLS + c, cell]);
  });
  for (const [k] of moved) sheet.cells.delete(k);
  for (const [k, cell] of moved) {
    const r = Math.floor(k / MAX_COLS),
      c = k % MAX_COLS;
    const next = mapIndex(rows ? r : c, at, n);
    if (next >= 0 && next < limit) sheet.cells.set(rows ? next * MAX_COLS + c : r * MAX_COLS + next, cell);
  }
  const adjust = <T extends { rect: Rect }>(items: T[]): T[] =>
    items.filter((it) => {
      const [a0, a1, b0, b1] = rows
        ? [it.rect.r0, it.rect.r1, it.rect.c0, it.rect.c1]
        : [it.rect.c0, it.rect.c1, it.rect.r0, it.rect.r1];
      if (b1 < lo || b0 > hi) return true;
      const s = shiftSpan(a0, a1, at, n);
      if (!s) return false;
      it.rect = rows
        ? { ...it.rect, r0: s[0], r1: Math.min(s[1], limit - 1) }
        : { ...it.rect, c0: s[0], c1: Math.min(s[1], limit - 1) };
      return true;
    });
  sheet.dvs = adjust(sheet.dvs);
  sheet.cfs = adjust(sheet.cfs);
  wb.tables = wb.tables.filter((t) => t.sheet !== sheet || adjust([t]).length > 0);
}

/** Insert (n>0) or delete (n<0) |n| rows at row `at`, only within columns c0..c1 (cells shift down/up). */
export const shiftRows = (wb: WorkbookModel, sheet: SheetModel, c0: number, c1: number, at: number, n: number): void =>
  shiftCells(wb, sheet, 'rows', c0, c1, at, n);

/** Insert (n>0) or delete (n<0) |n| columns at column `at`, only within rows r0..r1 (cells shift right/left). */
export const shiftCols = (wb: WorkbookModel, sheet: SheetModel, r0: number, r1: number, at: number, n: number): void =>
  shiftCells(wb, sheet, 'cols', r0, r1, at, n);

export { cellA1, colLetters };
