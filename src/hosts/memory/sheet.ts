/** Workbook, Application, worksheets, freeze panes and events. */
import { MAX_COLS, MAX_ROWS, Rect, quoteSheet, splitSheet, tryParseRect } from './address';
import { normalizeColor } from './colors';
import { invalidArgument, invalidOperation, itemNotFound } from './errors';
import { SheetModel, WorkbookModel, apiValue } from './model';
import { CollectionBase, Ctx, ProxyBase, defineProps } from './proxy';
import { RangeAreasProxy, RangeProxy, makeRange, RangeRef, runsOf } from './range';
import { TableCollectionProxy } from './table';
import { NamedItemCollectionProxy, ChartCollectionProxy } from './misc';

function sheetAlive(s: SheetModel): SheetModel {
  if (s.deleted) throw itemNotFound(`worksheet '${s.name}' was deleted`);
  return s;
}

/** Rewrite "Old!A1" / "'Old'!A1" references after a sheet rename (names, formulas, rules). */
function renameSheetRefs(model: WorkbookModel, oldName: string, newName: string): void {
  const esc = oldName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const quotedOld = `'${oldName.replace(/'/g, "''")}'`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(^|[^\\p{L}\\p{N}_.'])(?:${quotedOld}|${esc})!`, 'gu');
  const fix = (f: string): string => f.replace(re, (_m, pre) => `${pre}${quoteSheet(newName)}!`);
  for (const n of model.names) n.formula = fix(n.formula);
  for (const s of model.sheets) {
    s.cells.forEachCell((cell) => {
      if (cell.f) cell.f = fix(cell.f);
    });
    for (const cf of s.cfs) cf.formula = fix(cf.formula);
    for (const dv of s.dvs) {
      if (dv.rule.list) dv.rule.list.source = fix(dv.rule.list.source);
      if (dv.rule.custom) dv.rule.custom.formula = fix(dv.rule.custom.formula);
    }
  }
  for (const t of model.tables) for (const c of t.columns) if (c.calc) c.calc = fix(c.calc);
}

export class ApplicationProxy extends ProxyBase<WorkbookModel> {
  declare calculationMode: string;
  suspendApiCalculationUntilNextSync(): void {
    this._call('suspendApiCalculationUntilNextSync', [], () => undefined, false);
  }
  suspendScreenUpdatingUntilNextSync(): void {
    this._call('suspendScreenUpdatingUntilNextSync', [], () => undefined, false);
  }
  calculate(calculationType?: string): void {
    this._call('calculate', [calculationType], () => undefined, true);
  }
}
defineProps(ApplicationProxy, { calculationMode: { get: () => 'Automatic', set: () => undefined } });

export type SelectionHandler = (args: { workbook: WorkbookProxy; type: string }) => unknown;

export class EventHandlersProxy {
  constructor(
    private ctx: Ctx,
    private registry: () => Set<SelectionHandler>,
  ) {}
  add(handler: SelectionHandler): { context: Ctx; remove(): void } {
    const ctx = this.ctx;
    ctx.enqueue({
      desc: ['event', 'add'],
      run: () => {
        this.registry().add(handler);
      },
    });
    return {
      context: ctx,
      remove: () => {
        ctx.enqueue({
          desc: ['event', 'remove'],
          run: () => {
            this.registry().delete(handler);
          },
        });
      },
    };
  }
  remove(handler: SelectionHandler): void {
    this.ctx.enqueue({
      desc: ['event', 'remove'],
      run: () => {
        this.registry().delete(handler);
      },
    });
  }
}

export class WorkbookProxy extends ProxyBase<WorkbookModel> {
  declare name: string;
  private _ws?: WorksheetCollectionProxy;
  private _tables?: TableCollectionProxy;
  private _names?: NamedItemCollectionProxy;
  private _app?: ApplicationProxy;
  private _sel?: EventHandlersProxy;
  get worksheets(): WorksheetCollectionProxy {
    return (this._ws ??= new WorksheetCollectionProxy(this.context, () => this._parent()));
  }
  get tables(): TableCollectionProxy {
    return (this._tables ??= new TableCollectionProxy(this.context, () => ({ sheet: undefined })));
  }
  get names(): NamedItemCollectionProxy {
    return (this._names ??= new NamedItemCollectionProxy(this.context, () => ({ sheet: undefined })));
  }
  get application(): ApplicationProxy {
    return (this._app ??= this.context.application ?? new ApplicationProxy(this.context, () => this.context.model));
  }
  private _protection?: WorkbookProtectionProxy;
  get protection(): WorkbookProtectionProxy {
    return (this._protection ??= new WorkbookProtectionProxy(this.context, () => this._resolve()));
  }
  get onSelectionChanged(): EventHandlersProxy {
    return (this._sel ??= new EventHandlersProxy(this.context, () => this.context.host.selectionHandlers));
  }

  getSelectedRange(): RangeProxy {
    return makeRange(this.context, [this._id, 'getSelectedRange'], () => {
      const sel = this.context.model.selection;
      if (!sel) throw itemNotFound('no selection');
      return { sheet: sel.sheet, rect: { ...sel.rect } };
    });
  }
  getActiveCell(): RangeProxy {
    return makeRange(this.context, [this._id, 'getActiveCell'], () => {
      const sel = this.context.model.selection;
      if (!sel) throw itemNotFound('no selection');
      return { sheet: sel.sheet, rect: { r0: sel.rect.r0, c0: sel.rect.c0, r1: sel.rect.r0, c1: sel.rect.c0 } };
    });
  }
}
defineProps(WorkbookProxy, { name: { get: (m: WorkbookModel) => m.name } }, [
  'worksheets',
  'tables',
  'names',
  'application',
  'protection',
]);

export class WorksheetCollectionProxy extends CollectionBase<WorkbookModel, SheetModel, WorksheetProxy> {
  declare count: number;
  _list(m: WorkbookModel): SheetModel[] {
    return m.sheets;
  }
  _wrap(s: SheetModel): WorksheetProxy {
    return new WorksheetProxy(this.context, () => s);
  }

  add(name?: string): WorksheetProxy {
    return new WorksheetProxy(this.context, () => this.context.model.addSheet(name), {
      desc: [this._id, 'add', name],
      write: true,
    });
  }
  private _find(key: string): SheetModel | undefined {
    const m = this.context.model;
    return m.findSheet(String(key)) ?? m.sheets.find((s) => s.id === key);
  }
  getItem(key: string): WorksheetProxy {
    return new WorksheetProxy(
      this.context,
      () => {
        const s = this._find(key);
        if (!s) throw itemNotFound(`worksheet '${key}'`);
        return s;
      },
      { desc: [this._id, 'getItem', key] },
    );
  }
  getItemOrNullObject(key: string): WorksheetProxy {
    return new WorksheetProxy(this.context, () => this._find(key) ?? null, {
      desc: [this._id, 'getItemOrNullObject', key],
    });
  }
  getActiveWorksheet(): WorksheetProxy {
    return new WorksheetProxy(
      this.context,
      () => {
        const s = this.context.model.activeSheet;
        if (!s) throw itemNotFound('no active worksheet');
        return s;
      },
      { desc: [this._id, 'getActiveWorksheet'] },
    );
  }
  getFirst(visibleOnly?: boolean): WorksheetProxy {
    return new WorksheetProxy(
      this.context,
      () => {
        const s = this.context.model.sheets.find((x) => !visibleOnly || x.visibility === 'Visible');
        if (!s) throw itemNotFound('no worksheet');
        return s;
      },
      { desc: [this._id, 'getFirst', visibleOnly] },
    );
  }
  getLast(visibleOnly?: boolean): WorksheetProxy {
    return new WorksheetProxy(
      this.context,
      () => {
        const s = [...this.context.model.sheets].reverse().find((x) => !visibleOnly || x.visibility === 'Visible');
        if (!s) throw itemNotFound('no worksheet');
        return s;
      },
      { desc: [this._id, 'getLast', visibleOnly] },
    );
  }
}
defineProps(WorksheetCollectionProxy, { count: { get: (m: WorkbookModel) => m.sheets.length } });

export class WorksheetProxy extends ProxyBase<SheetModel> {
  declare name: string;
  declare id: string;
  declare position: number;
  declare visibility: string;
  declare tabColor: string;
  private _tables?: TableCollectionProxy;
  private _names?: NamedItemCollectionProxy;
  private _charts?: ChartCollectionProxy;
  private _freeze?: FreezePanesProxy;
  private _page?: PageLayoutProxy;
  get tables(): TableCollectionProxy {
    return (this._tables ??= new TableCollectionProxy(this.context, () => ({ sheet: sheetAlive(this._parent()) })));
  }
  get names(): NamedItemCollectionProxy {
    return (this._names ??= new NamedItemCollectionProxy(this.context, () => ({ sheet: sheetAlive(this._parent()) })));
  }
  get charts(): ChartCollectionProxy {
    return (this._charts ??= new ChartCollectionProxy(this.context, () => sheetAlive(this._parent())));
  }
  get freezePanes(): FreezePanesProxy {
    return (this._freeze ??= new FreezePanesProxy(this.context, () => this._parent()));
  }
  get pageLayout(): PageLayoutProxy {
    return (this._page ??= new PageLayoutProxy(this.context, () => sheetAlive(this._parent())));
  }
  private _protection?: WorksheetProtectionProxy;
  get protection(): WorksheetProtectionProxy {
    return (this._protection ??= new WorksheetProtectionProxy(this.context, () => this._parent()));
  }

  private _range(name: string, args: unknown[], fn: (s: SheetModel) => Rect | null, nullable = false): RangeProxy {
    return makeRange(this.context, [this._id, name, ...args], (): RangeRef | null => {
      const s = this._resolve();
      if (!s) return null;
      sheetAlive(s);
      const rect = fn(s);
      if (!rect) {
        if (nullable) return null;
        throw invalidArgument(`${name}`);
      }
      return { sheet: s, rect };
    });
  }

  getRange(address?: string): RangeProxy {
    return this._range('getRange', [address], (s) => {
      if (address === undefined || address === null || address === '')
        return { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: MAX_COLS - 1 };
      if (typeof address !== 'string') throw invalidArgument('address must be a string');
      const sp = splitSheet(address);
      if (sp.sheet !== undefined && sp.sheet.toLowerCase() !== s.name.toLowerCase())
        throw invalidArgument(`address '${address}' is on another worksheet`);
      const rect = tryParseRect(sp.local);
      if (rect) return rect;
      const m = this.context.model;
      const nm = m.findName(sp.local, s) ?? m.findName(sp.local);
      const res = nm && m.resolveReference(nm.formula, s);
      if (res && res.sheet === s) return res.rect;
      throw invalidArgument(`bad address '${address}'`);
    });
  }
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): RangeProxy {
    return this._range('getRangeByIndexes', [startRow, startColumn, rowCount, columnCount], () => {
      if (
        ![startRow, startColumn, rowCount, columnCount].every((n) => Number.isInteger(n)) ||
        startRow < 0 ||
        startColumn < 0 ||
        rowCount < 1 ||
        columnCount < 1 ||
        startRow + rowCount > MAX_ROWS ||
        startColumn + columnCount > MAX_COLS
      ) {
        throw invalidArgument('getRangeByIndexes: indexes out of range');
      }
      return { r0: startRow, c0: startColumn, r1: startRow + rowCount - 1, c1: startColumn + columnCount - 1 };
    });
  }
  getCell(row: number, column: number): RangeProxy {
    return this._range('getCell', [row, column], () => {
      if (
        !Number.isInteger(row) ||
        !Number.isInteger(column) ||
        row < 0 ||
        column < 0 ||
        row >= MAX_ROWS ||
        column >= MAX_COLS
      )
        throw invalidArgument('getCell: out of range');
      return { r0: row, c0: column, r1: row, c1: column };
    });
  }
  getUsedRange(valuesOnly?: boolean): RangeProxy {
    // Excel returns A1 for an empty sheet.
    return this._range('getUsedRange', [valuesOnly], (s) => s.usedRect(!!valuesOnly) ?? { r0: 0, c0: 0, r1: 0, c1: 0 });
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeProxy {
    return this._range('getUsedRangeOrNullObject', [valuesOnly], (s) => s.usedRect(!!valuesOnly), true);
  }
  /**
   * Worksheet.findAll (ExcelApi 1.9): every cell whose contents match the text, as vertical runs per column.
   * Matched on the cell's value as text (Excel's documentation speaks of "the contents of the cell").
   */
  findAll(text: string, criteria: { completeMatch?: boolean; matchCase?: boolean } = {}): RangeAreasProxy {
    return this._findAll(text, criteria, false);
  }
  findAllOrNullObject(text: string, criteria: { completeMatch?: boolean; matchCase?: boolean } = {}): RangeAreasProxy {
    return this._findAll(text, criteria, true);
  }
  private _findAll(
    text: string,
    criteria: { completeMatch?: boolean; matchCase?: boolean },
    nullable: boolean,
  ): RangeAreasProxy {
    const name = nullable ? 'findAllOrNullObject' : 'findAll';
    return new RangeAreasProxy(
      this.context,
      () => {
        const s = this._resolve();
        if (!s) return null;
        sheetAlive(s);
        if (typeof text !== 'string' || text === '') throw invalidArgument(`${name}: the text to find is empty`);
        const fold = (x: string): string => (criteria.matchCase ? x : x.toLowerCase());
        const want = fold(text);
        const points: [number, number][] = [];
        s.cells.forEachCell((cell, r, c) => {
          const v = apiValue(cell);
          if (v === '') return;
          const got = fold(typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v));
          if (criteria.completeMatch ? got === want : got.includes(want)) points.push([r, c]);
        });
        if (points.length === 0) {
          if (nullable) return null;
          throw itemNotFound('No cells were found.');
        }
        return { sheet: s, rects: runsOf(points) };
      },
      { desc: [this._id, name, text, criteria.completeMatch, criteria.matchCase] },
    );
  }
  activate(): void {
    this._call('activate', [], (s) => {
      sheetAlive(s);
      if (s.visibility !== 'Visible') throw invalidOperation('a hidden worksheet cannot be activated');
      const m = this.context.model;
      m.activeSheet = s;
      m.selection = { sheet: s, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
    });
  }
  delete(): void {
    this._call('delete', [], (s) => this.context.model.deleteSheet(sheetAlive(s)));
  }
}
defineProps(
  WorksheetProxy,
  {
    name: {
      get: (s: SheetModel) => sheetAlive(s).name,
      set: (s: SheetModel, v: string, self: WorksheetProxy) => {
        const m = self.context.model;
        if (v !== s.name) m.assertStructureWritable('rename a worksheet');
        m.validateSheetName(v, sheetAlive(s));
        const old = s.name;
        s.name = v;
        if (old !== v) renameSheetRefs(m, old, v);
      },
    },
    id: { get: (s: SheetModel) => sheetAlive(s).id },
    position: {
      get: (s: SheetModel, self: WorksheetProxy) => self.context.model.sheets.indexOf(sheetAlive(s)),
      set: (s: SheetModel, v: number, self: WorksheetProxy) => {
        const m = self.context.model;
        if (!Number.isInteger(v) || v < 0 || v >= m.sheets.length) throw invalidArgument('position out of range');
        m.assertStructureWritable('move a worksheet');
        const list = m.sheets.filter((x) => x !== sheetAlive(s));
        list.splice(v, 0, s);
        m.sheets = list;
      },
    },
    visibility: {
      get: (s: SheetModel) => sheetAlive(s).visibility,
      set: (s: SheetModel, v: string, self: WorksheetProxy) => {
        const allowed = ['Visible', 'Hidden', 'VeryHidden'];
        const hit = allowed.find((a) => a.toLowerCase() === String(v).toLowerCase());
        if (!hit) throw invalidArgument(`visibility '${v}'`);
        const m = self.context.model;
        if (hit !== sheetAlive(s).visibility) m.assertStructureWritable('hide or show a worksheet');
        if (hit !== 'Visible' && !m.sheets.some((x) => x !== s && x.visibility === 'Visible'))
          throw invalidOperation('at least one worksheet must stay visible');
        sheetAlive(s).visibility = hit;
        if (hit !== 'Visible' && m.activeSheet === s) {
          m.activeSheet = m.sheets.find((x) => x.visibility === 'Visible') ?? null;
          if (m.activeSheet) m.selection = { sheet: m.activeSheet, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
        }
      },
    },
    tabColor: {
      get: (s: SheetModel) => sheetAlive(s).tabColor,
      set: (s: SheetModel, v: string) => {
        sheetAlive(s).tabColor = v === '' || v === null ? '' : normalizeColor(v);
      },
    },
  },
  ['tables', 'names', 'charts', 'pageLayout', 'protection'],
);

/**
 * Worksheet.pageLayout (ExcelApi 1.9), the parts we rely on, as strict as the documentation: orientation
 * and paper size from their enums; zoom as a scale of 10–400 or pages wide/tall, not both; print title
 * rows must span entire rows.
 */
const PAPER_SIZES = [
  'Letter',
  'LetterSmall',
  'Tabloid',
  'Ledger',
  'Legal',
  'Statement',
  'Executive',
  'A3',
  'A4',
  'A4Small',
  'A5',
  'B4',
  'B5',
  'Folio',
  'Quatro',
  'Paper10x14',
  'Paper11x17',
  'Note',
  'Envelope9',
  'Envelope10',
  'Envelope11',
  'Envelope12',
  'Envelope14',
  'Csheet',
  'Dsheet',
  'Esheet',
  'EnvelopeDL',
  'EnvelopeC5',
  'EnvelopeC3',
  'EnvelopeC4',
  'EnvelopeC6',
  'EnvelopeC65',
  'EnvelopeB4',
  'EnvelopeB5',
  'EnvelopeB6',
  'EnvelopeItaly',
  'EnvelopeMonarch',
  'EnvelopePersonal',
  'FanfoldUS',
  'FanfoldStdGerman',
  'FanfoldLegalGerman',
];
export class PageLayoutProxy extends ProxyBase<SheetModel> {
  declare orientation: string;
  declare paperSize: string;
  declare zoom: Excel.PageLayoutZoomOptions;
  setPrintTitleRows(printTitleRows: RangeProxy | string): void {
    this._call('setPrintTitleRows', [String(printTitleRows)], (s) => {
      let rect: Rect | null;
      if (printTitleRows instanceof RangeProxy) {
        const ref = printTitleRows._resolve();
        if (ref && ref.sheet !== s) throw invalidArgument('setPrintTitleRows: the range is on another worksheet');
        rect = ref?.rect ?? null;
      } else {
        if (typeof printTitleRows !== 'string') throw invalidArgument('setPrintTitleRows: a range or an address');
        const sp = splitSheet(printTitleRows);
        if (sp.sheet !== undefined && sp.sheet.toLowerCase() !== s.name.toLowerCase())
          throw invalidArgument('setPrintTitleRows: the range is on another worksheet');
        rect = tryParseRect(sp.local);
      }
      if (!rect || rect.c0 !== 0 || rect.c1 !== MAX_COLS - 1)
        throw invalidArgument('setPrintTitleRows: the range must span entire rows');
      s.page.printTitleRows = { r0: rect.r0, r1: rect.r1 };
    });
  }
  getPrintTitleRowsOrNullObject(): RangeProxy {
    return makeRange(this.context, [this._id, 'getPrintTitleRowsOrNullObject'], () => {
      const s = this._resolve();
      const t = s?.page.printTitleRows;
      return s && t ? { sheet: s, rect: { r0: t.r0, r1: t.r1, c0: 0, c1: MAX_COLS - 1 } } : null;
    });
  }
}
defineProps(PageLayoutProxy, {
  orientation: {
    get: (s: SheetModel) => s.page.orientation,
    set: (s: SheetModel, v: string) => {
      const hit = ['Portrait', 'Landscape'].find((x) => x.toLowerCase() === String(v).toLowerCase());
      if (!hit) throw invalidArgument(`orientation '${v}'`);
      s.page.orientation = hit as 'Portrait' | 'Landscape';
    },
  },
  paperSize: {
    get: (s: SheetModel) => s.page.paperSize,
    set: (s: SheetModel, v: string) => {
      const hit = PAPER_SIZES.find((x) => x.toLowerCase() === String(v).toLowerCase());
      if (!hit) throw invalidArgument(`paperSize '${v}'`);
      s.page.paperSize = hit;
    },
  },
  zoom: {
    get: (s: SheetModel) => ({ ...s.page.zoom }),
    set: (s: SheetModel, v: Excel.PageLayoutZoomOptions) => {
      if (!v || typeof v !== 'object') throw invalidArgument('zoom must be an object');
      const pages = (x: unknown): boolean =>
        x === undefined || x === null || (Number.isInteger(x) && (x as number) >= 0);
      const hasFit =
        (v.horizontalFitToPages !== undefined && v.horizontalFitToPages !== null) ||
        (v.verticalFitToPages !== undefined && v.verticalFitToPages !== null);
      const hasScale = v.scale !== undefined && v.scale !== null;
      if (hasFit === hasScale) throw invalidArgument('zoom: give either scale or pages to fit to');
      if (hasScale) {
        if (typeof v.scale !== 'number' || v.scale < 10 || v.scale > 400)
          throw invalidArgument('zoom.scale must be between 10 and 400');
        s.page.zoom = { scale: v.scale };
        return;
      }
      if (!pages(v.horizontalFitToPages) || !pages(v.verticalFitToPages))
        throw invalidArgument('zoom: pages to fit to must be whole numbers, 0 or more');
      s.page.zoom = {
        horizontalFitToPages: v.horizontalFitToPages ?? 0,
        verticalFitToPages: v.verticalFitToPages ?? 0,
      };
    },
  },
});

/** Worksheet.protection (ExcelApi 1.2): whether the sheet is protected; protect()/unprotect(). */
export class WorksheetProtectionProxy extends ProxyBase<SheetModel> {
  declare protected: boolean;
  protect(): void {
    this._call('protect', [], (s) => {
      sheetAlive(s).protected = true;
    });
  }
  unprotect(): void {
    this._call('unprotect', [], (s) => {
      sheetAlive(s).protected = false;
    });
  }
}
defineProps(WorksheetProtectionProxy, { protected: { get: (s: SheetModel) => sheetAlive(s).protected } });

/** Workbook.protection (ExcelApi 1.7): structure protection. */
export class WorkbookProtectionProxy extends ProxyBase<WorkbookModel> {
  declare protected: boolean;
  protect(): void {
    this._call('protect', [], (m) => {
      m.structureProtected = true;
    });
  }
  unprotect(): void {
    this._call('unprotect', [], (m) => {
      m.structureProtected = false;
    });
  }
}
defineProps(WorkbookProtectionProxy, { protected: { get: (m: WorkbookModel) => m.structureProtected } });

export class FreezePanesProxy extends ProxyBase<SheetModel> {
  freezeRows(count = 1): void {
    this._call('freezeRows', [count], (s) => {
      if (!Number.isInteger(count) || count < 0 || count >= MAX_ROWS) throw invalidArgument('freezeRows');
      s.freeze = { rows: count, cols: 0 };
    });
  }
  freezeColumns(count = 1): void {
    this._call('freezeColumns', [count], (s) => {
      if (!Number.isInteger(count) || count < 0 || count >= MAX_COLS) throw invalidArgument('freezeColumns');
      s.freeze = { rows: 0, cols: count };
    });
  }
  freezeAt(frozenRange: RangeProxy | string): void {
    this._call('freezeAt', [String(frozenRange)], (s) => {
      let rect: Rect | null;
      if (frozenRange instanceof RangeProxy) rect = frozenRange._resolve()?.rect ?? null;
      else rect = tryParseRect(splitSheet(frozenRange).local);
      if (!rect) throw invalidArgument('freezeAt');
      s.freeze = { rows: rect.r1 === MAX_ROWS - 1 ? 0 : rect.r1 + 1, cols: rect.c1 === MAX_COLS - 1 ? 0 : rect.c1 + 1 };
    });
  }
  unfreeze(): void {
    this._call('unfreeze', [], (s) => {
      s.freeze = { rows: 0, cols: 0 };
    });
  }
  getLocationOrNullObject(): RangeProxy {
    return makeRange(this.context, [this._id, 'getLocationOrNullObject'], () => {
      const s = this._resolve();
      if (!s) return null;
      const { rows, cols } = s.freeze;
      if (!rows && !cols) return null;
      return {
        sheet: s,
        rect: { r0: 0, c0: 0, r1: rows ? rows - 1 : MAX_ROWS - 1, c1: cols ? cols - 1 : MAX_COLS - 1 },
      };
    });
  }
  getLocation(): RangeProxy {
    return makeRange(this.context, [this._id, 'getLocation'], () => {
      const s = this._resolve();
      if (!s) return null;
      const { rows, cols } = s.freeze;
      if (!rows && !cols) throw itemNotFound('no frozen panes');
      return {
        sheet: s,
        rect: { r0: 0, c0: 0, r1: rows ? rows - 1 : MAX_ROWS - 1, c1: cols ? cols - 1 : MAX_COLS - 1 },
      };
    });
  }
}
defineProps(FreezePanesProxy, {});
