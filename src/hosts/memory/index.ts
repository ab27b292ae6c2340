/// <reference types="office-js" />
/**
 * A strict in-memory Excel host: runs code written against the Office.js `Excel.*` API
 * (batched proxies, load/sync, RichApi errors) on a plain data model, for Node tests,
 * the CLI and the browser preview.
 */
import { parseRect, splitSheet } from './address';
import { RichApiError, RichApiErrorCode } from './errors';
import { CellValue, isErrorValue } from './format';
import { SheetModel, TableModel, WorkbookModel, apiValue } from './model';
import { Ctx } from './proxy';
import { ApplicationProxy, SelectionHandler, WorkbookProxy } from './sheet';

export { RichApiError } from './errors';
export type { RichApiErrorCode } from './errors';
export { WorkbookModel, SheetModel } from './model';
export type {
  Cell,
  CellStyle,
  TableModel,
  TableColumnModel,
  NameModel,
  DataValidationModel,
  CondFormatModel,
  ChartModel,
} from './model';
export { dateToSerial, serialToDate, formatValue } from './format';
export type { CellValue, ErrorValue } from './format';
export { colLetters, colIndex, quoteSheet, parseRect, rectA1, cellA1 } from './address';
export type { Rect } from './address';

/** Round trips since the last reset; `writes` counts the requests that carried at least one write operation. */
export interface RunStats {
  syncs: number;
  writes: number;
  requests: { requestBytes: number; responseBytes: number; writes: number }[];
}

export interface CellInfo {
  value: unknown;
  formula?: string;
  numberFormat?: string;
  fill?: string;
  fontColor?: string;
  bold?: boolean;
  italic?: boolean;
  valueType: 'Empty' | 'String' | 'Double' | 'Boolean' | 'Error';
}

export class MemoryWorkbook {
  /** The underlying model (sheets, cells, tables, names...). Not part of the Excel API. */
  readonly model = new WorkbookModel();
  stats: RunStats = { syncs: 0, writes: 0, requests: [] };
  payloadLimitBytes = 5 * 1024 * 1024;
  /** Optional hook run after each sync that wrote something (the preview fills computed values). */
  recalc?: (wb: MemoryWorkbook) => void;
  /** @internal */ readonly selectionHandlers = new Set<SelectionHandler>();
  /** @internal TableCollection.onChanged handlers (ExcelApi 1.7). */ readonly tableChangedHandlers =
    new Set<SelectionHandler>();
  private listeners = new Set<() => void>();
  private inRecalc = false;

  constructor(options: { empty?: boolean } = {}) {
    if (!options.empty) this.model.addSheet('Sheet1');
    // Code written for Office reads enums such as Excel.SpecialCellType at run time.
    installExcelGlobals();
  }

  /**
   * A person typing in a cell: Excel then refuses every request with InvalidOperationInCellEditMode,
   * unless the batch was started with `delayForCellEdit: true`, which waits until the edit ends.
   */
  get cellEditMode(): boolean {
    return this._cellEdit;
  }
  set cellEditMode(on: boolean) {
    this._cellEdit = on;
    if (!on) for (const w of this._editWaiters.splice(0)) w();
  }
  private _cellEdit = false;
  private _editWaiters: (() => void)[] = [];
  /** @internal */
  waitForCellEdit(): Promise<void> {
    return this._cellEdit ? new Promise((r) => this._editWaiters.push(r)) : Promise.resolve();
  }

  /** Makes the next sync fail as Excel would (e.g. Conflict while co-authoring, GeneralException). */
  failNextSync(code: RichApiErrorCode, message = 'The operation failed.'): void {
    this.nextFailure = new RichApiError(code, message);
  }
  /** @internal */ nextFailure: RichApiError | null = null;

  /** Like Excel.run: hands a fresh RequestContext to the batch and syncs pending work at the end. */
  async run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  async run<T>(options: Excel.RunOptions, batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  async run<T>(
    a: Excel.RunOptions | ((context: Excel.RequestContext) => Promise<T>),
    b?: (context: Excel.RequestContext) => Promise<T>,
  ): Promise<T> {
    const batch = typeof a === 'function' ? a : b!;
    const options = typeof a === 'function' ? {} : a;
    const ctx = this.createContext();
    ctx.delayForCellEdit = options.delayForCellEdit === true;
    const result = await batch(ctx as unknown as Excel.RequestContext);
    if (ctx.queue.length > 0) await ctx.sync();
    return result;
  }

  /** A raw context (e.g. to hand to code that expects one). */
  createContext(): Ctx {
    const ctx = new Ctx(this);
    ctx.application = new ApplicationProxy(ctx, () => this.model);
    ctx.workbook = new WorkbookProxy(ctx, () => this.model);
    return ctx;
  }

  resetStats(): void {
    this.stats = { syncs: 0, writes: 0, requests: [] };
  }

  /** @internal called by Ctx.sync after a batch that wrote something */
  notifyWrite(): void {
    if (this.recalc && !this.inRecalc) {
      this.inRecalc = true;
      try {
        this.recalc(this);
      } finally {
        this.inRecalc = false;
      }
    }
    for (const l of [...this.listeners]) l();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  // ---------- direct model access (tests, preview, CLI) ----------

  sheetNames(): string[] {
    return this.model.sheets.map((s) => s.name);
  }

  sheet(name: string): SheetModel {
    const s = this.model.findSheet(name);
    if (!s) throw new RichApiError('ItemNotFound', `no worksheet named '${name}'`);
    return s;
  }

  cell(sheet: string, a1: string): CellInfo {
    const s = this.sheet(sheet);
    const rect = parseRect(a1);
    const c = s.get(rect.r0, rect.c0);
    const v = c?.v;
    const valueType =
      v === null || v === undefined || v === ''
        ? 'Empty'
        : typeof v === 'number'
          ? 'Double'
          : typeof v === 'boolean'
            ? 'Boolean'
            : isErrorValue(v)
              ? 'Error'
              : 'String';
    const out: CellInfo = { value: apiValue(c), valueType };
    if (c?.f !== undefined) out.formula = c.f;
    const nf = s.styleOf(rect.r0, rect.c0, 'nf');
    if (nf !== undefined) out.numberFormat = nf;
    const fill = s.styleOf(rect.r0, rect.c0, 'fill');
    if (fill !== undefined) out.fill = fill;
    const fc = s.styleOf(rect.r0, rect.c0, 'fontColor');
    if (fc !== undefined) out.fontColor = fc;
    const b = s.styleOf(rect.r0, rect.c0, 'bold');
    if (b !== undefined) out.bold = b;
    const it = s.styleOf(rect.r0, rect.c0, 'italic');
    if (it !== undefined) out.italic = it;
    return out;
  }

  /** Set the cached result of a formula cell (recalc hooks, xlsx import). */
  setCachedValue(sheet: string, a1: string, value: CellValue): void {
    const s = this.sheet(sheet);
    const rect = parseRect(a1);
    const c = s.ensure(rect.r0, rect.c0);
    c.v =
      typeof value === 'string' && value.startsWith('#') && /^#[A-Z/0!?_]+[!?A-Z]*$/.test(value)
        ? { error: value }
        : value;
  }

  /** Visit every formula cell: (sheet, row, col, formula). */
  forEachFormula(fn: (sheet: SheetModel, r: number, c: number, formula: string) => void): void {
    for (const s of this.model.sheets)
      s.cells.forEachCell((cell, r, c) => {
        if (cell.f !== undefined) fn(s, r, c, cell.f);
      });
  }

  table(name: string): TableModel | undefined {
    return this.model.findTable(name);
  }

  /** Simulates a user click: selects the range, activates its sheet and fires onSelectionChanged handlers. */
  setSelection(sheet: string, a1: string): Promise<void> {
    const s = this.sheet(sheet);
    const sp = splitSheet(a1);
    this.model.activeSheet = s;
    this.model.selection = { sheet: s, rect: parseRect(sp.local) };
    for (const l of [...this.listeners]) l();
    return this.fireSelectionChanged();
  }

  /** @internal */
  async fireSelectionChanged(): Promise<void> {
    const handlers = [...this.selectionHandlers];
    await Promise.all(
      handlers.map(async (h) => {
        const ctx = this.createContext();
        try {
          await h({ workbook: ctx.workbook, type: 'WorkbookSelectionChanged' });
        } catch {
          /* Excel swallows handler errors */
        }
      }),
    );
  }

  /**
   * @internal Fires TableCollection.onChanged for each table whose cells a sync wrote, after the sync
   * (Excel raises it for changes by the add-in's own code too, with source Local).
   */
  async fireTableChanged(tables: { id: string; sheetId: string; address: string }[]): Promise<void> {
    const handlers = [...this.tableChangedHandlers];
    for (const t of tables) {
      await Promise.all(
        handlers.map(async (h) => {
          const ctx = this.createContext();
          const args = {
            workbook: ctx.workbook,
            type: 'TableChanged',
            changeType: 'RangeEdited',
            source: 'Local',
            tableId: t.id,
            worksheetId: t.sheetId,
            address: t.address,
          };
          try {
            await h(args as never);
          } catch {
            /* Excel swallows handler errors */
          }
        }),
      );
    }
  }

  /** Convenience for tests: `wb.run` with the context typed loosely. */
  static isRichApiError(e: unknown): e is RichApiError {
    return e instanceof RichApiError;
  }
}

/**
 * Minimal `Excel` enum values for Node, where the real `Excel` global does not exist.
 * Call `installExcelGlobals()` before running code that reads e.g. `Excel.ConditionalFormatType.custom`.
 */
export const excelEnums = {
  ConditionalFormatType: {
    custom: 'Custom',
    dataBar: 'DataBar',
    colorScale: 'ColorScale',
    iconSet: 'IconSet',
    topBottom: 'TopBottom',
    presetCriteria: 'PresetCriteria',
    containsText: 'ContainsText',
    cellValue: 'CellValue',
  },
  ClearApplyTo: {
    all: 'All',
    formats: 'Formats',
    contents: 'Contents',
    hyperlinks: 'Hyperlinks',
    removeHyperlinks: 'RemoveHyperlinks',
  },
  DeleteShiftDirection: { up: 'Up', left: 'Left' },
  InsertShiftDirection: { down: 'Down', right: 'Right' },
  DataValidationOperator: {
    between: 'Between',
    notBetween: 'NotBetween',
    equalTo: 'EqualTo',
    notEqualTo: 'NotEqualTo',
    greaterThan: 'GreaterThan',
    lessThan: 'LessThan',
    greaterThanOrEqualTo: 'GreaterThanOrEqualTo',
    lessThanOrEqualTo: 'LessThanOrEqualTo',
  },
  DataValidationAlertStyle: { stop: 'Stop', warning: 'Warning', information: 'Information' },
  DataValidationType: {
    none: 'None',
    wholeNumber: 'WholeNumber',
    decimal: 'Decimal',
    list: 'List',
    date: 'Date',
    time: 'Time',
    textLength: 'TextLength',
    custom: 'Custom',
    inconsistent: 'Inconsistent',
    mixedCriteria: 'MixedCriteria',
  },
  SheetVisibility: { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' },
  SpecialCellType: {
    conditionalFormats: 'ConditionalFormats',
    dataValidations: 'DataValidations',
    blanks: 'Blanks',
    constants: 'Constants',
    formulas: 'Formulas',
    sameConditionalFormat: 'SameConditionalFormat',
    sameDataValidation: 'SameDataValidation',
    visible: 'Visible',
  },
  ChartType: {
    columnClustered: 'ColumnClustered',
    barClustered: 'BarClustered',
    line: 'Line',
    pie: 'Pie',
    doughnut: 'Doughnut',
    columnStacked: 'ColumnStacked',
    barStacked: 'BarStacked',
  },
  ChartSeriesBy: { auto: 'Auto', columns: 'Columns', rows: 'Rows' },
  HorizontalAlignment: {
    general: 'General',
    left: 'Left',
    center: 'Center',
    right: 'Right',
    fill: 'Fill',
    justify: 'Justify',
    centerAcrossSelection: 'CenterAcrossSelection',
    distributed: 'Distributed',
  },
  PageOrientation: { portrait: 'Portrait', landscape: 'Landscape' },
  PaperType: {
    letter: 'Letter',
    letterSmall: 'LetterSmall',
    tabloid: 'Tabloid',
    ledger: 'Ledger',
    legal: 'Legal',
    statement: 'Statement',
    executive: 'Executive',
    a3: 'A3',
    a4: 'A4',
    a4Small: 'A4Small',
    a5: 'A5',
    b4: 'B4',
    b5: 'B5',
  },
  VerticalAlignment: { top: 'Top', center: 'Center', bottom: 'Bottom', justify: 'Justify', distributed: 'Distributed' },
  CalculationType: { recalculate: 'Recalculate', full: 'Full', fullRebuild: 'FullRebuild' },
  RangeValueType: {
    unknown: 'Unknown',
    empty: 'Empty',
    string: 'String',
    integer: 'Integer',
    double: 'Double',
    boolean: 'Boolean',
    error: 'Error',
    richValue: 'RichValue',
  },
  ErrorCodes: {
    itemNotFound: 'ItemNotFound',
    invalidArgument: 'InvalidArgument',
    itemAlreadyExists: 'ItemAlreadyExists',
    invalidReference: 'InvalidReference',
    invalidOperation: 'InvalidOperation',
    propertyNotLoaded: 'PropertyNotLoaded',
    requestPayloadSizeLimitExceeded: 'RequestPayloadSizeLimitExceeded',
    accessDenied: 'AccessDenied',
    invalidOperationInCellEditMode: 'InvalidOperationInCellEditMode',
    conflict: 'Conflict',
    generalException: 'GeneralException',
  },
};

/** Define `globalThis.Excel` with the enums above when running outside Office (no-op inside Office). */
export function installExcelGlobals(host?: MemoryWorkbook): void {
  const g = globalThis as any;
  if (g.Excel && !g.Excel.__memory) return;
  g.Excel = {
    __memory: true,
    ...excelEnums,
    ...(host
      ? {
          run: <T>(
            a: Excel.RunOptions | ((c: Excel.RequestContext) => Promise<T>),
            b?: (c: Excel.RequestContext) => Promise<T>,
          ) => (typeof a === 'function' ? host.run(a) : host.run(a, b!)),
        }
      : {}),
  };
}
