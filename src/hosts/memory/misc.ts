/** Defined names and charts. */
import { MAX_COLS, MAX_ROWS, quoteSheet, rectA1, splitSheet, tryParseRect } from './address';
import { invalidArgument, itemNotFound } from './errors';
import { ChartModel, DEFAULT_COLUMN_WIDTH, DEFAULT_ROW_HEIGHT, NameModel, SheetModel, WorkbookModel } from './model';
import { CollectionBase, ProxyBase, defineProps } from './proxy';
import { RangeProxy, makeRange, rangeArg } from './range';

// ---------------- names ----------------

function nAlive(m: WorkbookModel, n: NameModel): NameModel {
  if (!m.names.includes(n)) throw itemNotFound(`name '${n.name}' no longer exists`);
  return n;
}

/** Classify a name's formula like NamedItem.type / value. */
export function nameTypeAndValue(m: WorkbookModel, n: NameModel): { type: string; value: unknown } {
  const body = n.formula.replace(/^=/, '').trim();
  if (m.resolveReference(n.formula, n.sheet)) return { type: 'Range', value: body };
  if (/^[+-]?\d+$/.test(body)) return { type: 'Integer', value: Number(body) };
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(body)) return { type: 'Double', value: Number(body) };
  if (/^(TRUE|FALSE)$/i.test(body)) return { type: 'Boolean', value: body.toUpperCase() === 'TRUE' };
  const str = /^"((?:[^"]|"")*)"$/.exec(body);
  if (str) return { type: 'String', value: str[1].replace(/""/g, '"') };
  if (/^#[A-Z/0!?]+/.test(body)) return { type: 'Error', value: body };
  return { type: 'String', value: body };
}

export class NamedItemCollectionProxy extends CollectionBase<{ sheet?: SheetModel }, NameModel, NamedItemProxy> {
  declare count: number;
  _list(x: { sheet?: SheetModel }): NameModel[] {
    return this.context.model.names.filter((n) => n.sheet === x.sheet);
  }
  _wrap(n: NameModel): NamedItemProxy {
    return new NamedItemProxy(this.context, () => n);
  }

  add(name: string, reference: RangeProxy | string, comment?: string): NamedItemProxy {
    return new NamedItemProxy(
      this.context,
      () => {
        const x = this._resolve();
        if (!x) return null;
        let formula: string;
        if (reference instanceof RangeProxy) {
          const ref = rangeArg(this.context, reference, x.sheet);
          formula = `=${quoteSheet(ref.sheet.name)}!${rectA1(ref.rect, true)}`;
        } else formula = reference;
        return this.context.model.addName(name, formula, comment ?? '', x.sheet);
      },
      { desc: [this._id, 'add', name, String(reference), comment], write: true },
    );
  }
  addFormulaLocal(name: string, formula: string, comment?: string): NamedItemProxy {
    return this.add(name, formula, comment);
  }
  private _find(x: { sheet?: SheetModel }, name: string): NameModel | undefined {
    const k = String(name).toLowerCase();
    return this._list(x).find((n) => n.name.toLowerCase() === k);
  }
  getItem(name: string): NamedItemProxy {
    return new NamedItemProxy(
      this.context,
      () => {
        const x = this._resolve();
        if (!x) return null;
        const n = this._find(x, name);
        if (!n) throw itemNotFound(`name '${name}'`);
        return n;
      },
      { desc: [this._id, 'getItem', name] },
    );
  }
  getItemOrNullObject(name: string): NamedItemProxy {
    return new NamedItemProxy(
      this.context,
      () => {
        const x = this._resolve();
        return x ? (this._find(x, name) ?? null) : null;
      },
      { desc: [this._id, 'getItemOrNullObject', name] },
    );
  }
}
defineProps(NamedItemCollectionProxy, {
  count: { get: (x: { sheet?: SheetModel }, self: NamedItemCollectionProxy) => self._list(x).length },
});

export class NamedItemProxy extends ProxyBase<NameModel> {
  declare name: string;
  declare formula: string;
  declare type: string;
  declare value: unknown;
  declare visible: boolean;
  declare comment: string;
  declare scope: string;
  private _rangeImpl(nullable: boolean): RangeProxy {
    return makeRange(this.context, [this._id, nullable ? 'getRangeOrNullObject' : 'getRange'], () => {
      const n = this._resolve();
      if (!n) return null;
      const m = this.context.model;
      const res = m.resolveReference(nAlive(m, n).formula, n.sheet);
      if (!res) {
        if (nullable) return null;
        throw invalidArgument(`name '${n.name}' does not refer to a range`);
      }
      return res;
    });
  }
  getRange(): RangeProxy {
    return this._rangeImpl(false);
  }
  getRangeOrNullObject(): RangeProxy {
    return this._rangeImpl(true);
  }
  delete(): void {
    this._call('delete', [], (n) => {
      const m = this.context.model;
      nAlive(m, n);
      m.names = m.names.filter((x) => x !== n);
    });
  }
}
defineProps(NamedItemProxy, {
  name: { get: (n: NameModel, self: NamedItemProxy) => nAlive(self.context.model, n).name },
  formula: {
    get: (n: NameModel, self: NamedItemProxy) => nAlive(self.context.model, n).formula,
    set: (n: NameModel, v: string, self: NamedItemProxy) => {
      nAlive(self.context.model, n);
      if (typeof v !== 'string' || !v) throw invalidArgument('formula');
      n.formula = v.startsWith('=') ? v : `=${v}`;
    },
  },
  type: {
    get: (n: NameModel, self: NamedItemProxy) =>
      nameTypeAndValue(self.context.model, nAlive(self.context.model, n)).type,
  },
  value: {
    get: (n: NameModel, self: NamedItemProxy) =>
      nameTypeAndValue(self.context.model, nAlive(self.context.model, n)).value,
  },
  visible: {
    get: (n: NameModel) => n.visible,
    set: (n: NameModel, v: boolean) => {
      n.visible = !!v;
    },
  },
  comment: {
    get: (n: NameModel) => n.comment,
    set: (n: NameModel, v: string) => {
      n.comment = String(v ?? '');
    },
  },
  scope: { get: (n: NameModel) => (n.sheet ? 'Worksheet' : 'Workbook') },
});

// ---------------- charts ----------------

interface ChartRef {
  sheet: SheetModel;
  chart: ChartModel;
}
function chAlive(x: ChartRef): ChartModel {
  if (!x.sheet.charts.includes(x.chart)) throw itemNotFound(`chart '${x.chart.name}' no longer exists`);
  return x.chart;
}

function cellTopLeft(sheet: SheetModel, r: number, c: number): { top: number; left: number } {
  let top = 0,
    left = 0;
  for (let i = 0; i < r; i++) top += sheet.rowHeight.get(i) ?? DEFAULT_ROW_HEIGHT;
  for (let j = 0; j < c; j++) left += sheet.colWidth.get(j) ?? DEFAULT_COLUMN_WIDTH;
  return { top, left };
}

export class ChartCollectionProxy extends CollectionBase<SheetModel, ChartRef, ChartProxy> {
  declare count: number;
  _list(s: SheetModel): ChartRef[] {
    return s.charts.map((chart) => ({ sheet: s, chart }));
  }
  _wrap(x: ChartRef): ChartProxy {
    return new ChartProxy(this.context, () => x);
  }
  add(type: string, sourceData: RangeProxy | string, seriesBy: string = 'Auto'): ChartProxy {
    return new ChartProxy(
      this.context,
      () => {
        const s = this._resolve();
        if (!s) return null;
        if (typeof type !== 'string' || !type) throw invalidArgument('chart type');
        const ref = rangeArg(this.context, sourceData, s);
        return { sheet: s, chart: this.context.model.addChart(s, type, ref.rect, seriesBy) };
      },
      { desc: [this._id, 'add', type, String(sourceData), seriesBy], write: true },
    );
  }
  private _find(s: SheetModel, name: string): ChartRef | undefined {
    const c = s.charts.find((x) => x.name === name) ?? s.charts.find((x) => x.id === name);
    return c && { sheet: s, chart: c };
  }
  getItem(name: string): ChartProxy {
    return new ChartProxy(
      this.context,
      () => {
        const s = this._resolve();
        if (!s) return null;
        const x = this._find(s, name);
        if (!x) throw itemNotFound(`chart '${name}'`);
        return x;
      },
      { desc: [this._id, 'getItem', name] },
    );
  }
  getItemOrNullObject(name: string): ChartProxy {
    return new ChartProxy(
      this.context,
      () => {
        const s = this._resolve();
        return s ? (this._find(s, name) ?? null) : null;
      },
      { desc: [this._id, 'getItemOrNullObject', name] },
    );
  }
  getItemAt(index: number): ChartProxy {
    return new ChartProxy(
      this.context,
      () => {
        const s = this._resolve();
        if (!s) return null;
        const c = s.charts[index];
        if (!c) throw itemNotFound(`chart #${index}`);
        return { sheet: s, chart: c };
      },
      { desc: [this._id, 'getItemAt', index] },
    );
  }
}
defineProps(ChartCollectionProxy, { count: { get: (s: SheetModel) => s.charts.length } });

export class ChartProxy extends ProxyBase<ChartRef> {
  declare name: string;
  declare id: string;
  declare chartType: string;
  declare top: number;
  declare left: number;
  declare width: number;
  declare height: number;
  private _title?: ChartTitleProxy;
  get title(): ChartTitleProxy {
    return (this._title ??= new ChartTitleProxy(this.context, () => this._parent()));
  }
  setPosition(startCell: RangeProxy | string, endCell?: RangeProxy | string): void {
    this._call('setPosition', [String(startCell), endCell === undefined ? null : String(endCell)], (x) => {
      const ch = chAlive(x);
      const a = rangeArg(this.context, startCell, x.sheet);
      const p = cellTopLeft(x.sheet, a.rect.r0, a.rect.c0);
      ch.top = p.top;
      ch.left = p.left;
      if (endCell !== undefined && endCell !== null) {
        const b = rangeArg(this.context, endCell, x.sheet);
        const q = cellTopLeft(x.sheet, Math.min(b.rect.r1 + 1, MAX_ROWS), Math.min(b.rect.c1 + 1, MAX_COLS));
        ch.width = Math.max(0, q.left - p.left);
        ch.height = Math.max(0, q.top - p.top);
      }
    });
  }
  setData(sourceData: RangeProxy | string, seriesBy?: string): void {
    this._call('setData', [String(sourceData), seriesBy], (x) => {
      const ch = chAlive(x);
      ch.source = rangeArg(this.context, sourceData, x.sheet).rect;
      if (seriesBy) ch.seriesBy = seriesBy;
    });
  }
  delete(): void {
    this._call('delete', [], (x) => {
      chAlive(x);
      x.sheet.charts = x.sheet.charts.filter((c) => c !== x.chart);
    });
  }
}
const num = (k: 'top' | 'left' | 'width' | 'height') => ({
  get: (x: ChartRef) => chAlive(x)[k],
  set: (x: ChartRef, v: number) => {
    if (typeof v !== 'number' || v < 0) throw invalidArgument(k);
    chAlive(x)[k] = v;
  },
});
defineProps(
  ChartProxy,
  {
    name: {
      get: (x: ChartRef) => chAlive(x).name,
      set: (x: ChartRef, v: string) => {
        if (typeof v !== 'string' || !v) throw invalidArgument('chart name');
        chAlive(x).name = v;
      },
    },
    id: { get: (x: ChartRef) => chAlive(x).id },
    chartType: {
      get: (x: ChartRef) => chAlive(x).type,
      set: (x: ChartRef, v: string) => {
        chAlive(x).type = String(v);
      },
    },
    top: num('top'),
    left: num('left'),
    width: num('width'),
    height: num('height'),
  },
  ['title'],
);

export class ChartTitleProxy extends ProxyBase<ChartRef> {
  declare text: string;
  declare visible: boolean;
}
defineProps(ChartTitleProxy, {
  text: {
    get: (x: ChartRef) => chAlive(x).title,
    set: (x: ChartRef, v: string) => {
      chAlive(x).title = String(v ?? '');
    },
  },
  visible: { get: (x: ChartRef) => chAlive(x).title !== '', set: () => undefined },
});

export { splitSheet, tryParseRect };
