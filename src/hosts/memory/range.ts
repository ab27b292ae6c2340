/** Range and the objects hanging off it: format/fill/font, data validation, conditional formats. */
import {
  MAX_COLS,
  MAX_ROWS,
  Rect,
  contains,
  intersect,
  isValidName,
  parseRect,
  rectA1,
  splitSheet,
  tryParseRect,
  quoteSheet,
} from './address';
import { normalizeColor } from './colors';
import { invalidArgument, invalidOperation, itemNotFound } from './errors';
import { formatValue, isErrorValue } from './format';
import {
  CellStyle,
  CondFormatModel,
  DEFAULT_COLUMN_WIDTH,
  DEFAULT_ROW_HEIGHT,
  DataValidationModel,
  DataValidationRuleModel,
  SheetModel,
  STYLE_KEYS,
  WorkbookModel,
  apiValue,
  assertWritable,
  checkNoStructuredRef,
  namesTable,
  shapeOf,
  writeInput,
  shiftRows,
  shiftCols,
} from './model';
import { ClientResult, CollectionBase, Ctx, ProxyBase, defineProps } from './proxy';
import { WorksheetProxy } from './sheet';

export interface RangeRef {
  sheet: SheetModel;
  rect: Rect;
}

function alive(ref: RangeRef): RangeRef {
  if (ref.sheet.deleted) throw itemNotFound('the worksheet of this range was deleted');
  return ref;
}

export function makeRange(ctx: Ctx, desc: unknown, resolver: () => RangeRef | null, write = false): RangeProxy {
  return new RangeProxy(ctx, resolver, { desc, write });
}

/** Resolve a Range-or-address argument (used by tables.add, names.add, charts, intersections). */
export function rangeArg(ctx: Ctx, arg: unknown, defaultSheet: SheetModel | undefined): RangeRef {
  if (arg instanceof RangeProxy) {
    const r = arg._resolve();
    if (!r) throw invalidArgument('range is a null object');
    return r;
  }
  if (typeof arg !== 'string') throw invalidArgument('expected a Range or an address');
  const sp = splitSheet(arg);
  const sheet =
    sp.sheet !== undefined ? ctx.model.findSheet(sp.sheet) : (defaultSheet ?? ctx.model.activeSheet ?? undefined);
  if (!sheet) throw invalidArgument(`no worksheet for address '${arg}'`);
  const rect = tryParseRect(sp.local);
  if (rect) return { sheet, rect };
  if (sp.sheet === undefined) {
    const nm = ctx.model.findName(sp.local, sheet) ?? ctx.model.findName(sp.local);
    const res = nm && ctx.model.resolveReference(nm.formula, sheet);
    if (res) return res;
  }
  throw invalidArgument(`bad address '${arg}'`);
}

function grid<T>(rect: Rect, fn: (r: number, c: number) => T): T[][] {
  const out: T[][] = [];
  for (let r = rect.r0; r <= rect.r1; r++) {
    const row: T[] = new Array(rect.c1 - rect.c0 + 1);
    for (let c = rect.c0; c <= rect.c1; c++) row[c - rect.c0] = fn(r, c);
    out.push(row);
  }
  return out;
}

const isEntireCols = (rect: Rect): boolean => rect.r0 === 0 && rect.r1 === MAX_ROWS - 1;

/** Write content (values/formulas) into a rect with Excel's shape rules. */
function writeContent(wb: WorkbookModel, ref: RangeRef, input: unknown, what: string): void {
  const { sheet, rect } = alive(ref);
  const height = rect.r1 - rect.r0 + 1;
  const width = rect.c1 - rect.c0 + 1;
  const area = height * width;
  // Office.js defines values and formulas as 2-D arrays the size of the range; one scalar for many
  // cells is not a documented form.
  if (!Array.isArray(input) && area > 1)
    throw invalidArgument(`${what}: write a 2-D array of ${height}×${width}, not one value for ${area} cells`);
  const at = shapeOf(input, rect, what);
  if (!Array.isArray(input)) {
    wb.checkFormulas(sheet, rect.r0, rect.c0, at, height, width);
    writeInput(sheet, rect.r0, rect.c0, input);
    wb.afterWrite(sheet, rect, true);
    return;
  }
  // Validate first so a failing write leaves the sheet untouched; note whether any formula names a table
  // (checkFormulas checks those before anything is written).
  const rows = input as unknown[][];
  let structured = false;
  for (let i = 0; i < height; i++) {
    const row = rows[i];
    for (let j = 0; j < width; j++) {
      const v = row[j];
      if (typeof v === 'string') {
        if (!structured && namesTable(v)) structured = true;
        continue;
      }
      if (typeof v === 'boolean' || v === null || v === undefined) continue;
      if (typeof v !== 'number') throw invalidArgument(`${what}: unsupported value ${JSON.stringify(v)}`);
      if (!Number.isFinite(v)) throw invalidArgument(`${what}: numbers must be finite`);
    }
  }
  if (structured) wb.checkFormulas(sheet, rect.r0, rect.c0, at, height, width);
  for (let i = 0; i < height; i++) {
    const row = rows[i];
    const r = rect.r0 + i;
    for (let j = 0; j < width; j++) writeInput(sheet, r, rect.c0 + j, row[j]);
  }
  wb.afterWrite(sheet, rect, true);
}

/** Queues TableCollection.onChanged for the tables a write touched (fired after the sync, as Excel does). */
export function tablesChanged(ctx: Ctx, ref: RangeRef): void {
  if (ctx.host.tableChangedHandlers.size === 0) return;
  const hit = ctx.model.tables.filter((t) => t.sheet === ref.sheet && intersect(t.rect, ref.rect));
  if (hit.length === 0) return;
  const list = hit.map((t) => ({ id: t.id, sheetId: ref.sheet.id, address: ctx.model.address(ref.sheet, ref.rect) }));
  ctx.afterSync.push(() => {
    void ctx.host.fireTableChanged(list);
  });
}

/** Apply one style key to every cell in rect; entire columns go to the column style. */
export function applyStyle<K extends keyof CellStyle>(
  sheet: SheetModel,
  rect: Rect,
  key: K,
  value: CellStyle[K] | undefined,
): void {
  assertWritable(sheet);
  if (isEntireCols(rect)) {
    for (let c = rect.c0; c <= rect.c1; c++) {
      const cs = sheet.colStyle.get(c) ?? {};
      if (value === undefined) delete cs[key];
      else cs[key] = value;
      sheet.colStyle.set(c, cs);
    }
    sheet.forEachIn(rect, (cell, r, c) => {
      delete cell[key];
      sheet.tidy(r, c);
    });
    return;
  }
  if (value === undefined) {
    sheet.forEachIn(rect, (cell, r, c) => {
      delete cell[key];
      sheet.tidy(r, c);
    });
    return;
  }
  for (let r = rect.r0; r <= rect.r1; r++)
    for (let c = rect.c0; c <= rect.c1; c++) (sheet.ensure(r, c) as CellStyle)[key] = value;
}

/** The common value of a style key over rect, or null when mixed (Excel reports null for mixed formats). */
function commonStyle<K extends keyof CellStyle>(sheet: SheetModel, rect: Rect, key: K, dflt: unknown): unknown {
  const area = (rect.r1 - rect.r0 + 1) * (rect.c1 - rect.c0 + 1);
  const first = sheet.styleOf(rect.r0, rect.c0, key) ?? dflt;
  if (area > 2_000_000) {
    // huge ranges: compare only explicit values
    let mixed = false;
    sheet.forEachIn(rect, (cell, r, c) => {
      if ((sheet.styleOf(r, c, key) ?? dflt) !== first) mixed = true;
    });
    return mixed ? null : first;
  }
  for (let r = rect.r0; r <= rect.r1; r++)
    for (let c = rect.c0; c <= rect.c1; c++) {
      if ((sheet.styleOf(r, c, key) ?? dflt) !== first) return null;
    }
  return first;
}

function valueType(cell: ReturnType<SheetModel['get']>): string {
  const v = cell?.v;
  if (v === null || v === undefined || v === '') return 'Empty';
  if (typeof v === 'number') return 'Double';
  if (typeof v === 'boolean') return 'Boolean';
  if (isErrorValue(v)) return 'Error';
  return 'String';
}

function textWidthChars(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u1100-\uffff]/.test(ch) ? 2 : 1;
  return n;
}

export class RangeProxy extends ProxyBase<RangeRef> {
  declare address: string;
  declare addressLocal: string;
  declare values: any[][];
  declare formulas: any[][];
  declare formulasLocal: any[][];
  declare numberFormat: any[][];
  declare numberFormatLocal: any[][];
  declare text: string[][];
  declare valueTypes: string[][];
  declare rowCount: number;
  declare columnCount: number;
  declare rowIndex: number;
  declare columnIndex: number;
  declare cellCount: number;
  declare isEntireColumn: boolean;
  declare isEntireRow: boolean;
  private _format?: RangeFormatProxy;
  private _dv?: DataValidationProxy;
  private _cfs?: ConditionalFormatCollectionProxy;
  private _ws?: WorksheetProxy;

  get format(): RangeFormatProxy {
    return (this._format ??= new RangeFormatProxy(this.context, () => this._parent()));
  }
  get dataValidation(): DataValidationProxy {
    return (this._dv ??= new DataValidationProxy(this.context, () => this._parent()));
  }
  get conditionalFormats(): ConditionalFormatCollectionProxy {
    return (this._cfs ??= new ConditionalFormatCollectionProxy(this.context, () => this._parent()));
  }
  get worksheet(): WorksheetProxy {
    return (this._ws ??= new WorksheetProxy(this.context, () => this._parent().sheet));
  }

  private _derive(name: string, args: unknown[], fn: (ref: RangeRef) => Rect | null, nullable = false): RangeProxy {
    return makeRange(this.context, [this._id, name, ...args], () => {
      const ref = this._resolve();
      if (!ref) return null;
      alive(ref);
      const rect = fn(ref);
      if (!rect) {
        if (nullable) return null;
        throw invalidArgument(`${name}: the resulting range is empty`);
      }
      if (
        rect.r0 < 0 ||
        rect.c0 < 0 ||
        rect.r1 >= MAX_ROWS ||
        rect.c1 >= MAX_COLS ||
        rect.r1 < rect.r0 ||
        rect.c1 < rect.c0
      )
        throw invalidArgument(`${name}: the resulting range is outside the sheet`);
      return { sheet: ref.sheet, rect };
    });
  }

  getCell(row: number, column: number): RangeProxy {
    return this._derive('getCell', [row, column], ({ rect }) => ({
      r0: rect.r0 + row,
      c0: rect.c0 + column,
      r1: rect.r0 + row,
      c1: rect.c0 + column,
    }));
  }
  getOffsetRange(rowOffset: number, columnOffset: number): RangeProxy {
    return this._derive('getOffsetRange', [rowOffset, columnOffset], ({ rect }) => ({
      r0: rect.r0 + rowOffset,
      r1: rect.r1 + rowOffset,
      c0: rect.c0 + columnOffset,
      c1: rect.c1 + columnOffset,
    }));
  }
  getResizedRange(deltaRows: number, deltaColumns: number): RangeProxy {
    return this._derive('getResizedRange', [deltaRows, deltaColumns], ({ rect }) => ({
      ...rect,
      r1: rect.r1 + deltaRows,
      c1: rect.c1 + deltaColumns,
    }));
  }
  getRow(row: number): RangeProxy {
    return this._derive('getRow', [row], ({ rect }) =>
      row < 0 || rect.r0 + row > rect.r1 ? null : { ...rect, r0: rect.r0 + row, r1: rect.r0 + row },
    );
  }
  getColumn(column: number): RangeProxy {
    return this._derive('getColumn', [column], ({ rect }) =>
      column < 0 || rect.c0 + column > rect.c1 ? null : { ...rect, c0: rect.c0 + column, c1: rect.c0 + column },
    );
  }
  getLastRow(): RangeProxy {
    return this._derive('getLastRow', [], ({ rect }) => ({ ...rect, r0: rect.r1 }));
  }
  getLastColumn(): RangeProxy {
    return this._derive('getLastColumn', [], ({ rect }) => ({ ...rect, c0: rect.c1 }));
  }
  getLastCell(): RangeProxy {
    return this._derive('getLastCell', [], ({ rect }) => ({ r0: rect.r1, c0: rect.c1, r1: rect.r1, c1: rect.c1 }));
  }
  getEntireColumn(): RangeProxy {
    return this._derive('getEntireColumn', [], ({ rect }) => ({ ...rect, r0: 0, r1: MAX_ROWS - 1 }));
  }
  getEntireRow(): RangeProxy {
    return this._derive('getEntireRow', [], ({ rect }) => ({ ...rect, c0: 0, c1: MAX_COLS - 1 }));
  }
  getRowsAbove(count = 1): RangeProxy {
    return this._derive('getRowsAbove', [count], ({ rect }) => ({ ...rect, r0: rect.r0 - count, r1: rect.r0 - 1 }));
  }
  getRowsBelow(count = 1): RangeProxy {
    return this._derive('getRowsBelow', [count], ({ rect }) => ({ ...rect, r0: rect.r1 + 1, r1: rect.r1 + count }));
  }
  getColumnsAfter(count = 1): RangeProxy {
    return this._derive('getColumnsAfter', [count], ({ rect }) => ({ ...rect, c0: rect.c1 + 1, c1: rect.c1 + count }));
  }
  getColumnsBefore(count = 1): RangeProxy {
    return this._derive('getColumnsBefore', [count], ({ rect }) => ({ ...rect, c0: rect.c0 - count, c1: rect.c0 - 1 }));
  }

  private _other(arg: unknown, ref: RangeRef): RangeRef {
    const o = rangeArg(this.context, arg, ref.sheet);
    if (o.sheet !== ref.sheet) throw invalidArgument('the ranges are on different worksheets');
    return o;
  }
  getIntersection(anotherRange: unknown): RangeProxy {
    return this._derive('getIntersection', [String(anotherRange)], (ref) =>
      intersect(ref.rect, this._other(anotherRange, ref).rect),
    );
  }
  getIntersectionOrNullObject(anotherRange: unknown): RangeProxy {
    return this._derive(
      'getIntersectionOrNullObject',
      [String(anotherRange)],
      (ref) => intersect(ref.rect, this._other(anotherRange, ref).rect),
      true,
    );
  }
  getBoundingRect(anotherRange: unknown): RangeProxy {
    return this._derive('getBoundingRect', [String(anotherRange)], (ref) => {
      const o = this._other(anotherRange, ref).rect;
      return {
        r0: Math.min(ref.rect.r0, o.r0),
        c0: Math.min(ref.rect.c0, o.c0),
        r1: Math.max(ref.rect.r1, o.r1),
        c1: Math.max(ref.rect.c1, o.c1),
      };
    });
  }
  getUsedRange(valuesOnly?: boolean): RangeProxy {
    return this._derive('getUsedRange', [valuesOnly], (ref) => ref.sheet.usedRect(!!valuesOnly, ref.rect));
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeProxy {
    return this._derive(
      'getUsedRangeOrNullObject',
      [valuesOnly],
      (ref) => ref.sheet.usedRect(!!valuesOnly, ref.rect),
      true,
    );
  }

  /** ExcelApi 1.9: the cells of a kind (formulas, constants, validation, conditional formats) as areas. */
  getSpecialCells(cellType: string, valueType?: string): RangeAreasProxy {
    return this._special(cellType, valueType, false);
  }
  getSpecialCellsOrNullObject(cellType: string, valueType?: string): RangeAreasProxy {
    return this._special(cellType, valueType, true);
  }
  private _special(cellType: string, valueType: string | undefined, nullable: boolean): RangeAreasProxy {
    const name = nullable ? 'getSpecialCellsOrNullObject' : 'getSpecialCells';
    return new RangeAreasProxy(
      this.context,
      () => {
        const ref = this._resolve();
        if (!ref) return null;
        alive(ref);
        const rects = specialRects(ref, cellType);
        if (rects.length === 0) {
          if (nullable) return null;
          throw itemNotFound('No cells were found.');
        }
        return { sheet: ref.sheet, rects };
      },
      { desc: [this._id, name, cellType, valueType] },
    );
  }

  select(): void {
    this._call('select', [], (ref) => {
      alive(ref);
      const model = this.context.model;
      model.activeSheet = ref.sheet;
      model.selection = { sheet: ref.sheet, rect: ref.rect };
      this.context.afterSync.push(() => {
        void this.context.host.fireSelectionChanged();
      });
    });
  }

  clear(applyTo: string = 'All'): void {
    this._call('clear', [applyTo], (ref) => {
      const { sheet, rect } = alive(ref);
      assertWritable(sheet);
      const a = String(applyTo).toLowerCase();
      const contents = a === 'all' || a === 'contents';
      const formats = a === 'all' || a === 'formats';
      if (formats && isEntireCols(rect)) for (let c = rect.c0; c <= rect.c1; c++) sheet.colStyle.delete(c);
      sheet.forEachIn(rect, (cell, r, c) => {
        if (contents) {
          cell.v = null;
          delete cell.f;
        }
        if (formats) for (const k of STYLE_KEYS) delete cell[k];
        sheet.tidy(r, c);
      });
      this.context.model.afterWrite(sheet, rect, contents);
    });
  }

  delete(shift: string): void {
    this._call('delete', [shift], (ref) => {
      const { sheet, rect } = alive(ref);
      const s = String(shift).toLowerCase();
      if (s === 'up') shiftRows(this.context.model, sheet, rect.c0, rect.c1, rect.r0, -(rect.r1 - rect.r0 + 1));
      else if (s === 'left') shiftCols(this.context.model, sheet, rect.r0, rect.r1, rect.c0, -(rect.c1 - rect.c0 + 1));
      else throw invalidArgument(`shift must be Up or Left`);
    });
  }

  insert(shift: string): RangeProxy {
    const s = String(shift).toLowerCase();
    return makeRange(
      this.context,
      [this._id, 'insert', shift],
      () => {
        const ref = this._resolve();
        if (!ref) return null;
        const { sheet, rect } = alive(ref);
        if (s === 'down') shiftRows(this.context.model, sheet, rect.c0, rect.c1, rect.r0, rect.r1 - rect.r0 + 1);
        else if (s === 'right') shiftCols(this.context.model, sheet, rect.r0, rect.r1, rect.c0, rect.c1 - rect.c0 + 1);
        else throw invalidArgument(`shift must be Down or Right`);
        return { sheet, rect };
      },
      true,
    );
  }
}

defineProps(
  RangeProxy,
  {
    address: { get: (ref: RangeRef, self: RangeProxy) => self.context.model.address(alive(ref).sheet, ref.rect) },
    addressLocal: { get: (ref: RangeRef, self: RangeProxy) => self.context.model.address(alive(ref).sheet, ref.rect) },
    values: {
      get: (ref: RangeRef) => grid(alive(ref).rect, (r, c) => apiValue(ref.sheet.get(r, c))),
      set: (ref: RangeRef, v: unknown, self: RangeProxy) => {
        writeContent(self.context.model, ref, v, 'values');
        tablesChanged(self.context, ref);
      },
    },
    formulas: {
      get: (ref: RangeRef) =>
        grid(alive(ref).rect, (r, c) => {
          const cell = ref.sheet.get(r, c);
          return cell?.f ?? apiValue(cell);
        }),
      set: (ref: RangeRef, v: unknown, self: RangeProxy) => {
        writeContent(self.context.model, ref, v, 'formulas');
        tablesChanged(self.context, ref);
      },
    },
    formulasLocal: {
      get: (ref: RangeRef) =>
        grid(alive(ref).rect, (r, c) => {
          const cell = ref.sheet.get(r, c);
          return cell?.f ?? apiValue(cell);
        }),
      set: (ref: RangeRef, v: unknown, self: RangeProxy) => writeContent(self.context.model, ref, v, 'formulasLocal'),
    },
    numberFormat: {
      get: (ref: RangeRef) => grid(alive(ref).rect, (r, c) => ref.sheet.styleOf(r, c, 'nf') ?? 'General'),
      set: (ref: RangeRef, v: unknown) => writeNumberFormat(ref, v),
    },
    numberFormatLocal: {
      get: (ref: RangeRef) => grid(alive(ref).rect, (r, c) => ref.sheet.styleOf(r, c, 'nf') ?? 'General'),
      set: (ref: RangeRef, v: unknown) => writeNumberFormat(ref, v),
    },
    text: {
      get: (ref: RangeRef) =>
        grid(alive(ref).rect, (r, c) => {
          const cell = ref.sheet.get(r, c);
          return formatValue(cell ? cell.v : null, ref.sheet.styleOf(r, c, 'nf'));
        }),
    },
    valueTypes: { get: (ref: RangeRef) => grid(alive(ref).rect, (r, c) => valueType(ref.sheet.get(r, c))) },
    rowCount: { get: (ref: RangeRef) => ref.rect.r1 - ref.rect.r0 + 1 },
    columnCount: { get: (ref: RangeRef) => ref.rect.c1 - ref.rect.c0 + 1 },
    rowIndex: { get: (ref: RangeRef) => ref.rect.r0 },
    columnIndex: { get: (ref: RangeRef) => ref.rect.c0 },
    cellCount: { get: (ref: RangeRef) => (ref.rect.r1 - ref.rect.r0 + 1) * (ref.rect.c1 - ref.rect.c0 + 1) },
    isEntireColumn: { get: (ref: RangeRef) => isEntireCols(ref.rect) },
    isEntireRow: { get: (ref: RangeRef) => ref.rect.c0 === 0 && ref.rect.c1 === MAX_COLS - 1 },
  },
  ['format', 'dataValidation', 'conditionalFormats', 'worksheet'],
);

function writeNumberFormat(ref: RangeRef, v: unknown): void {
  const { sheet, rect } = alive(ref);
  assertWritable(sheet);
  if (!Array.isArray(v)) {
    if (v === null || v === undefined) return;
    if (!isEntireCols(rect) && (rect.r1 > rect.r0 || rect.c1 > rect.c0))
      throw invalidArgument('numberFormat: write a 2-D array the size of the range, not one value for many cells');
    if (typeof v !== 'string') throw invalidArgument('numberFormat must be a string');
    applyStyle(sheet, rect, 'nf', v === 'General' ? undefined : v);
    return;
  }
  shapeOf(v, rect, 'numberFormat');
  const rows = v as unknown[][];
  for (let r = rect.r0; r <= rect.r1; r++) {
    const row = rows[r - rect.r0];
    for (let c = rect.c0; c <= rect.c1; c++) {
      const f = row[c - rect.c0];
      if (f === null || f === undefined) continue;
      if (typeof f !== 'string') throw invalidArgument('numberFormat must be a string');
      if (f === 'General') {
        const cell = sheet.get(r, c);
        if (cell) {
          delete cell.nf;
          sheet.tidy(r, c);
        }
      } else sheet.ensure(r, c).nf = f;
    }
  }
}

// ---------------- format ----------------

export class RangeFormatProxy extends ProxyBase<RangeRef> {
  declare columnWidth: number;
  declare rowHeight: number;
  declare wrapText: boolean;
  declare horizontalAlignment: string;
  declare verticalAlignment: string;
  private _fill?: RangeFillProxy;
  private _font?: RangeFontProxy;
  get fill(): RangeFillProxy {
    return (this._fill ??= new RangeFillProxy(this.context, () => this._parent()));
  }
  get font(): RangeFontProxy {
    return (this._font ??= new RangeFontProxy(this.context, () => this._parent()));
  }
  autofitColumns(): void {
    this._call('autofitColumns', [], (ref) => {
      const { sheet, rect } = alive(ref);
      const widest = new Map<number, number>();
      sheet.forEachIn(rect, (cell, r, c) => {
        const text = formatValue(cell.v, sheet.styleOf(r, c, 'nf'));
        const w = (textWidthChars(text) * (cell.fontSize ?? 11)) / 11;
        widest.set(c, Math.max(widest.get(c) ?? 0, w));
      });
      for (const [c, chars] of widest)
        if (chars > 0) sheet.colWidth.set(c, Math.round((chars * 7 + 12) * 0.75 * 100) / 100);
    });
  }
  autofitRows(): void {
    this._call('autofitRows', [], (ref) => {
      const { sheet, rect } = alive(ref);
      const lines = new Map<number, number>();
      sheet.forEachIn(rect, (cell, r) => {
        const n = typeof cell.v === 'string' && cell.wrap ? cell.v.split('\n').length : 1;
        lines.set(r, Math.max(lines.get(r) ?? 1, n));
      });
      for (const [r, n] of lines) sheet.rowHeight.set(r, DEFAULT_ROW_HEIGHT * n);
    });
  }
}

function commonMap(map: Map<number, number>, a: number, b: number, dflt: number): number | null {
  const first = map.get(a) ?? dflt;
  if (b - a > 20000) return first; // entire rows/columns: report the first (cheap)
  for (let i = a + 1; i <= b; i++) if ((map.get(i) ?? dflt) !== first) return null;
  return first;
}

const H_ALIGN = ['General', 'Left', 'Center', 'Right', 'Fill', 'Justify', 'CenterAcrossSelection', 'Distributed'];
const V_ALIGN = ['Top', 'Center', 'Bottom', 'Justify', 'Distributed'];
function enumValue(v: unknown, allowed: string[], what: string): string {
  const hit = allowed.find((a) => a.toLowerCase() === String(v).toLowerCase());
  if (!hit) throw invalidArgument(`${what} '${v}'`);
  return hit;
}

defineProps(
  RangeFormatProxy,
  {
    columnWidth: {
      get: (ref: RangeRef) => commonMap(alive(ref).sheet.colWidth, ref.rect.c0, ref.rect.c1, DEFAULT_COLUMN_WIDTH),
      set: (ref: RangeRef, v: number) => {
        if (typeof v !== 'number' || v < 0) throw invalidArgument('columnWidth');
        for (let c = ref.rect.c0; c <= ref.rect.c1; c++) alive(ref).sheet.colWidth.set(c, v);
      },
    },
    rowHeight: {
      get: (ref: RangeRef) => commonMap(alive(ref).sheet.rowHeight, ref.rect.r0, ref.rect.r1, DEFAULT_ROW_HEIGHT),
      set: (ref: RangeRef, v: number) => {
        if (typeof v !== 'number' || v < 0) throw invalidArgument('rowHeight');
        if (ref.rect.r1 - ref.rect.r0 > 100000) throw invalidArgument('rowHeight on too many rows');
        for (let r = ref.rect.r0; r <= ref.rect.r1; r++) alive(ref).sheet.rowHeight.set(r, v);
      },
    },
    wrapText: {
      get: (ref: RangeRef) => commonStyle(alive(ref).sheet, ref.rect, 'wrap', false),
      set: (ref: RangeRef, v: boolean) => applyStyle(alive(ref).sheet, ref.rect, 'wrap', v ? true : undefined),
    },
    horizontalAlignment: {
      get: (ref: RangeRef) => commonStyle(alive(ref).sheet, ref.rect, 'hAlign', 'General'),
      set: (ref: RangeRef, v: string) => {
        const a = enumValue(v, H_ALIGN, 'horizontalAlignment');
        applyStyle(alive(ref).sheet, ref.rect, 'hAlign', a === 'General' ? undefined : a);
      },
    },
    verticalAlignment: {
      get: (ref: RangeRef) => commonStyle(alive(ref).sheet, ref.rect, 'vAlign', 'Bottom'),
      set: (ref: RangeRef, v: string) => {
        const a = enumValue(v, V_ALIGN, 'verticalAlignment');
        applyStyle(alive(ref).sheet, ref.rect, 'vAlign', a === 'Bottom' ? undefined : a);
      },
    },
  },
  ['fill', 'font'],
);

export class RangeFillProxy extends ProxyBase<RangeRef> {
  declare color: string;
  clear(): void {
    this._call('clear', [], (ref) => applyStyle(alive(ref).sheet, ref.rect, 'fill', undefined));
  }
}
defineProps(RangeFillProxy, {
  color: {
    get: (ref: RangeRef) => commonStyle(alive(ref).sheet, ref.rect, 'fill', '#FFFFFF'),
    set: (ref: RangeRef, v: string) =>
      applyStyle(alive(ref).sheet, ref.rect, 'fill', v === '' || v === null ? undefined : normalizeColor(v)),
  },
});

export class RangeFontProxy extends ProxyBase<RangeRef> {
  declare color: string;
  declare bold: boolean;
  declare italic: boolean;
  declare name: string;
  declare size: number;
}
defineProps(RangeFontProxy, {
  color: {
    get: (ref: RangeRef) => commonStyle(alive(ref).sheet, ref.rect, 'fontColor', '#000000'),
    set: (ref: RangeRef, v: string) => {
      const c = normalizeColor(v);
      applyStyle(alive(ref).sheet, ref.rect, 'fontColor', c === '#000000' ? undefined : c);
    },
  },
  bold: {
    get: (ref: RangeRef) => commonStyle(alive(ref).sheet, ref.rect, 'bold', false),
    set: (ref: RangeRef, v: boolean) => applyStyle(alive(ref).sheet, ref.rect, 'bold', v ? true : undefined),
  },
  italic: {
    get: (ref: RangeRef) => commonStyle(alive(ref).sheet, ref.rect, 'italic', false),
    set: (ref: RangeRef, v: boolean) => applyStyle(alive(ref).sheet, ref.rect, 'italic', v ? true : undefined),
  },
  name: {
    get: (ref: RangeRef) => commonStyle(alive(ref).sheet, ref.rect, 'fontName', 'Calibri'),
    set: (ref: RangeRef, v: string) => {
      if (typeof v !== 'string' || !v) throw invalidArgument('font name');
      applyStyle(alive(ref).sheet, ref.rect, 'fontName', v === 'Calibri' ? undefined : v);
    },
  },
  size: {
    get: (ref: RangeRef) => commonStyle(alive(ref).sheet, ref.rect, 'fontSize', 11),
    set: (ref: RangeRef, v: number) => {
      if (typeof v !== 'number' || v < 1 || v > 409) throw invalidArgument('font size');
      applyStyle(alive(ref).sheet, ref.rect, 'fontSize', v === 11 ? undefined : v);
    },
  },
});

// ---------------- data validation ----------------

const DV_KINDS: Record<string, string> = {
  list: 'List',
  wholeNumber: 'WholeNumber',
  decimal: 'Decimal',
  date: 'Date',
  time: 'Time',
  textLength: 'TextLength',
  custom: 'Custom',
};
const DV_OPERATORS = [
  'Between',
  'NotBetween',
  'EqualTo',
  'NotEqualTo',
  'GreaterThan',
  'LessThan',
  'GreaterThanOrEqualTo',
  'LessThanOrEqualTo',
];

/** The validation covering the whole range, 'none' when there is none, 'mixed' otherwise. */
function dvFor(ref: RangeRef): DataValidationModel | 'none' | 'mixed' {
  const hits = alive(ref).sheet.dvs.filter((d) => intersect(d.rect, ref.rect));
  if (hits.length === 0) return 'none';
  if (hits.length === 1 && contains(hits[0].rect, ref.rect)) return hits[0];
  return 'mixed';
}

function validateRule(ctx: Ctx, rule: any, sheet: SheetModel): DataValidationRuleModel {
  if (!rule || typeof rule !== 'object') throw invalidArgument('dataValidation.rule must be an object');
  const keys = Object.keys(rule).filter((k) => rule[k] !== undefined && rule[k] !== null);
  if (keys.length !== 1 || !DV_KINDS[keys[0]])
    throw invalidArgument(
      'dataValidation.rule must have exactly one of list, wholeNumber, decimal, date, time, textLength, custom',
    );
  const k = keys[0];
  const body = rule[k];
  if (k === 'list') {
    let source = body.source;
    if (source instanceof RangeProxy) {
      const r = source._resolve();
      if (!r) throw invalidArgument('list source range is a null object');
      source = `=${quoteSheet(r.sheet.name)}!${rectA1(r.rect, true)}`;
    }
    if (typeof source !== 'string' || source === '') throw invalidArgument('list.source is required');
    checkNoStructuredRef(source, 'data validation list source');
    // A source naming a defined name that does not exist is refused (Excel: "the source currently evaluates to an error").
    const named = /^=\s*([^\s!:$()'",]+)\s*$/.exec(source);
    if (
      named &&
      isValidName(named[1]) &&
      !tryParseRect(named[1]) &&
      !ctx.model.findName(named[1], sheet) &&
      !ctx.model.findName(named[1])
    ) {
      throw invalidArgument(`data validation list source ${source}: no defined name '${named[1]}'`);
    }
    return { list: { inCellDropDown: body.inCellDropDown !== false, source } };
  }
  if (k === 'custom') {
    if (typeof body.formula !== 'string' || body.formula === '') throw invalidArgument('custom.formula is required');
    checkNoStructuredRef(body.formula, 'data validation formula');
    return { custom: { formula: body.formula } };
  }
  const operator = enumValue(body.operator ?? 'Between', DV_OPERATORS, 'operator');
  if (body.formula1 === undefined || body.formula1 === null || body.formula1 === '')
    throw invalidArgument('formula1 is required');
  if (
    (operator === 'Between' || operator === 'NotBetween') &&
    (body.formula2 === undefined || body.formula2 === null || body.formula2 === '')
  )
    throw invalidArgument('formula2 is required for Between/NotBetween');
  checkNoStructuredRef(body.formula1, 'data validation formula1');
  checkNoStructuredRef(body.formula2, 'data validation formula2');
  void ctx;
  void sheet;
  const basic: any = { formula1: body.formula1, operator };
  if (body.formula2 !== undefined && body.formula2 !== null) basic.formula2 = body.formula2;
  return { [k]: basic } as DataValidationRuleModel;
}

export function dvType(rule: DataValidationRuleModel): string {
  const k = Object.keys(rule)[0];
  return k ? DV_KINDS[k] : 'None';
}

export class DataValidationProxy extends ProxyBase<RangeRef> {
  declare rule: any;
  declare type: string;
  declare errorAlert: any;
  declare prompt: any;
  declare ignoreBlanks: boolean;
  declare valid: boolean;
  clear(): void {
    this._call('clear', [], (ref) => this.context.model.clearDv(alive(ref).sheet, ref.rect));
  }
}
defineProps(DataValidationProxy, {
  rule: {
    get: (ref: RangeRef) => {
      const d = dvFor(ref);
      return typeof d === 'string' ? (d === 'none' ? {} : null) : d.rule;
    },
    set: (ref: RangeRef, v: any, self: DataValidationProxy) => {
      const rule = validateRule(self.context, v, ref.sheet);
      self.context.model.dvAt(alive(ref).sheet, ref.rect).rule = rule;
    },
  },
  type: {
    get: (ref: RangeRef) => {
      const d = dvFor(ref);
      return d === 'none' ? 'None' : d === 'mixed' ? 'Inconsistent' : dvType(d.rule);
    },
  },
  errorAlert: {
    get: (ref: RangeRef) => {
      const d = dvFor(ref);
      return typeof d === 'string' ? null : d.errorAlert;
    },
    set: (ref: RangeRef, v: any, self: DataValidationProxy) => {
      if (v?.style !== undefined) enumValue(v.style, ['Stop', 'Warning', 'Information'], 'errorAlert.style');
      const d = self.context.model.dvAt(alive(ref).sheet, ref.rect);
      d.errorAlert = { ...d.errorAlert, ...v };
      if (v?.style) d.errorAlert.style = enumValue(v.style, ['Stop', 'Warning', 'Information'], 'errorAlert.style');
    },
  },
  prompt: {
    get: (ref: RangeRef) => {
      const d = dvFor(ref);
      return typeof d === 'string' ? null : d.prompt;
    },
    set: (ref: RangeRef, v: any, self: DataValidationProxy) => {
      const d = self.context.model.dvAt(alive(ref).sheet, ref.rect);
      d.prompt = { ...d.prompt, ...v };
    },
  },
  ignoreBlanks: {
    get: (ref: RangeRef) => {
      const d = dvFor(ref);
      return typeof d === 'string' ? true : d.ignoreBlanks;
    },
    set: (ref: RangeRef, v: boolean, self: DataValidationProxy) => {
      self.context.model.dvAt(alive(ref).sheet, ref.rect).ignoreBlanks = !!v;
    },
  },
  valid: { get: () => true },
});

// ---------------- conditional formats ----------------

interface CfRef {
  sheet: SheetModel;
  cf: CondFormatModel;
}

function cfAlive(x: CfRef): CondFormatModel {
  if (!x.sheet.cfs.includes(x.cf)) throw itemNotFound('the conditional format was deleted');
  return x.cf;
}

export class ConditionalFormatCollectionProxy extends CollectionBase<RangeRef, CfRef, ConditionalFormatProxy> {
  declare count: number;
  _list(ref: RangeRef): CfRef[] {
    return alive(ref)
      .sheet.cfs.filter((cf) => intersect(cf.rect, ref.rect))
      .map((cf) => ({ sheet: ref.sheet, cf }));
  }
  _wrap(m: CfRef): ConditionalFormatProxy {
    return new ConditionalFormatProxy(this.context, () => m);
  }
  add(type: string): ConditionalFormatProxy {
    return new ConditionalFormatProxy(
      this.context,
      () => {
        const ref = this._resolve();
        if (!ref) return null;
        if (String(type).toLowerCase() !== 'custom')
          throw invalidArgument(`conditional format type '${type}' is not supported by the memory host (only Custom)`);
        return { sheet: ref.sheet, cf: this.context.model.addCf(alive(ref).sheet, ref.rect, 'Custom') };
      },
      { desc: [this._id, 'add', type], write: true },
    );
  }
  getItemAt(index: number): ConditionalFormatProxy {
    return new ConditionalFormatProxy(
      this.context,
      () => {
        const ref = this._resolve();
        if (!ref) return null;
        const l = this._list(ref);
        if (index < 0 || index >= l.length) throw itemNotFound(`conditional format #${index}`);
        return l[index];
      },
      { desc: [this._id, 'getItemAt', index] },
    );
  }
  getItem(id: string): ConditionalFormatProxy {
    return new ConditionalFormatProxy(
      this.context,
      () => {
        const ref = this._resolve();
        if (!ref) return null;
        const hit = this._list(ref).find((x) => x.cf.id === id);
        if (!hit) throw itemNotFound(`conditional format ${id}`);
        return hit;
      },
      { desc: [this._id, 'getItem', id] },
    );
  }
  clearAll(): void {
    this._call('clearAll', [], (ref) => {
      const s = alive(ref).sheet;
      s.cfs = s.cfs.filter((cf) => !intersect(cf.rect, ref.rect));
    });
  }
}
defineProps(ConditionalFormatCollectionProxy, {
  count: { get: (ref: RangeRef, self: ConditionalFormatCollectionProxy) => self._list(ref).length },
});

export class ConditionalFormatProxy extends ProxyBase<CfRef> {
  declare type: string;
  declare priority: number;
  declare stopIfTrue: boolean;
  declare id: string;
  private _custom?: CustomConditionalFormatProxy;
  get custom(): CustomConditionalFormatProxy {
    return (this._custom ??= new CustomConditionalFormatProxy(this.context, () => this._parent()));
  }
  getRange(): RangeProxy {
    return makeRange(this.context, [this._id, 'getRange'], () => {
      const x = this._resolve();
      return x && { sheet: x.sheet, rect: cfAlive(x).rect };
    });
  }
  getRangeOrNullObject(): RangeProxy {
    return this.getRange();
  }
  delete(): void {
    this._call('delete', [], (x) => {
      cfAlive(x);
      x.sheet.cfs = x.sheet.cfs.filter((c) => c !== x.cf);
    });
  }
}
defineProps(
  ConditionalFormatProxy,
  {
    type: { get: (x: CfRef) => cfAlive(x).type },
    id: { get: (x: CfRef) => cfAlive(x).id },
    stopIfTrue: {
      get: (x: CfRef) => cfAlive(x).stopIfTrue,
      set: (x: CfRef, v: boolean) => {
        cfAlive(x).stopIfTrue = !!v;
      },
    },
    priority: {
      get: (x: CfRef) => x.sheet.cfs.indexOf(cfAlive(x)),
      set: (x: CfRef, v: number) => {
        cfAlive(x);
        const list = x.sheet.cfs.filter((c) => c !== x.cf);
        list.splice(Math.max(0, Math.min(list.length, v)), 0, x.cf);
        x.sheet.cfs = list;
      },
    },
  },
  ['custom'],
);

export class CustomConditionalFormatProxy extends ProxyBase<CfRef> {
  private _rule?: ConditionalFormatRuleProxy;
  private _format?: ConditionalRangeFormatProxy;
  get rule(): ConditionalFormatRuleProxy {
    return (this._rule ??= new ConditionalFormatRuleProxy(this.context, () => this._parent()));
  }
  get format(): ConditionalRangeFormatProxy {
    return (this._format ??= new ConditionalRangeFormatProxy(this.context, () => this._parent()));
  }
}
defineProps(CustomConditionalFormatProxy, {}, ['rule', 'format']);

export class ConditionalFormatRuleProxy extends ProxyBase<CfRef> {
  declare formula: string;
  declare formulaLocal: string;
}
const setCfFormula = (x: CfRef, v: string): void => {
  if (typeof v !== 'string' || v === '') throw invalidArgument('rule.formula is required');
  checkNoStructuredRef(v, 'conditional format formula');
  cfAlive(x).formula = v.startsWith('=') ? v : `=${v}`;
};
defineProps(ConditionalFormatRuleProxy, {
  formula: { get: (x: CfRef) => cfAlive(x).formula, set: setCfFormula },
  formulaLocal: { get: (x: CfRef) => cfAlive(x).formula, set: setCfFormula },
});

export class ConditionalRangeFormatProxy extends ProxyBase<CfRef> {
  declare numberFormat: string;
  private _fill?: ConditionalFillProxy;
  private _font?: ConditionalFontProxy;
  get fill(): ConditionalFillProxy {
    return (this._fill ??= new ConditionalFillProxy(this.context, () => this._parent()));
  }
  get font(): ConditionalFontProxy {
    return (this._font ??= new ConditionalFontProxy(this.context, () => this._parent()));
  }
}
defineProps(ConditionalRangeFormatProxy, {}, ['fill', 'font']);

export class ConditionalFillProxy extends ProxyBase<CfRef> {
  declare color: string;
  clear(): void {
    this._call('clear', [], (x) => {
      delete cfAlive(x).fill;
    });
  }
}
defineProps(ConditionalFillProxy, {
  color: {
    get: (x: CfRef) => cfAlive(x).fill ?? null,
    set: (x: CfRef, v: string) => {
      cfAlive(x).fill = normalizeColor(v);
    },
  },
});

export class ConditionalFontProxy extends ProxyBase<CfRef> {
  declare color: string;
  declare bold: boolean;
  declare italic: boolean;
  clear(): void {
    this._call('clear', [], (x) => {
      const cf = cfAlive(x);
      delete cf.fontColor;
      delete cf.bold;
      delete cf.italic;
    });
  }
}
defineProps(ConditionalFontProxy, {
  color: {
    get: (x: CfRef) => cfAlive(x).fontColor ?? null,
    set: (x: CfRef, v: string) => {
      cfAlive(x).fontColor = normalizeColor(v);
    },
  },
  bold: {
    get: (x: CfRef) => cfAlive(x).bold ?? false,
    set: (x: CfRef, v: boolean) => {
      cfAlive(x).bold = !!v;
    },
  },
  italic: {
    get: (x: CfRef) => cfAlive(x).italic ?? false,
    set: (x: CfRef, v: boolean) => {
      cfAlive(x).italic = !!v;
    },
  },
});

export { ClientResult, parseRect, invalidOperation };

export interface AreasRef {
  sheet: SheetModel;
  rects: Rect[];
}

/** Cells as vertical runs per column, the shape table columns have. */
export function runsOf(points: [number, number][]): Rect[] {
  const byCol = new Map<number, number[]>();
  for (const [r, c] of points) {
    const rows = byCol.get(c) ?? [];
    rows.push(r);
    byCol.set(c, rows);
  }
  const out: Rect[] = [];
  for (const c of [...byCol.keys()].sort((a, b) => a - b)) {
    const rows = byCol.get(c)!.sort((a, b) => a - b);
    let start = rows[0];
    let prev = rows[0];
    for (let i = 1; i <= rows.length; i++) {
      if (i < rows.length && rows[i] === prev + 1) {
        prev = rows[i];
        continue;
      }
      out.push({ r0: start, c0: c, r1: prev, c1: c });
      if (i < rows.length) {
        start = rows[i];
        prev = rows[i];
      }
    }
  }
  return out;
}

function specialRects(ref: RangeRef, cellType: string): Rect[] {
  const { sheet, rect } = ref;
  switch (cellType) {
    case 'Formulas':
    case 'Constants': {
      const points: [number, number][] = [];
      sheet.forEachIn(rect, (cell, r, c) => {
        const isFormula = cell.f !== undefined && cell.f !== null && cell.f !== '';
        const hasValue = cell.v !== null && cell.v !== undefined && cell.v !== '';
        if (cellType === 'Formulas' ? isFormula : !isFormula && hasValue) points.push([r, c]);
      });
      return runsOf(points);
    }
    case 'DataValidations':
      return sheet.dvs
        .filter((d) => Object.keys(d.rule ?? {}).length > 0)
        .map((d) => intersect(d.rect, rect))
        .filter((x): x is Rect => !!x);
    case 'ConditionalFormats':
      return sheet.cfs.map((cf) => intersect(cf.rect, rect)).filter((x): x is Rect => !!x);
    default:
      throw invalidArgument(`getSpecialCells: cell type '${cellType}' is not supported by the memory host`);
  }
}

export class RangeAreasProxy extends ProxyBase<AreasRef> {
  declare address: string;
  declare areaCount: number;
}
defineProps(RangeAreasProxy, {
  address: {
    get: (a: AreasRef, self: RangeAreasProxy) => a.rects.map((r) => self.context.model.address(a.sheet, r)).join(','),
  },
  areaCount: { get: (a: AreasRef) => a.rects.length },
});
