/** Tables (ListObjects): collection, table, columns, rows, calculated columns. */
import { Rect, contains } from './address';
import { invalidArgument, invalidOperation, itemNotFound } from './errors';
import {
  STYLE_KEYS,
  SheetModel,
  TableColumnModel,
  TableModel,
  WorkbookModel,
  apiValue,
  dataRect,
  headerRect,
  isBlank,
  shiftCols,
  shiftRows,
  writeInput,
} from './model';
import { CollectionBase, Ctx, ProxyBase, defineProps } from './proxy';
import { RangeProxy, makeRange, rangeArg } from './range';
import { EventHandlersProxy, WorksheetProxy } from './sheet';

function tAlive(model: WorkbookModel, t: TableModel): TableModel {
  if (!model.tables.includes(t)) throw itemNotFound(`table '${t.name}' no longer exists`);
  return t;
}

function grid(sheet: SheetModel, rect: Rect): unknown[][] {
  const out: unknown[][] = [];
  for (let r = rect.r0; r <= rect.r1; r++) {
    const row: unknown[] = [];
    for (let c = rect.c0; c <= rect.c1; c++) row.push(apiValue(sheet.get(r, c)));
    out.push(row);
  }
  return out;
}

export class TableCollectionProxy extends CollectionBase<{ sheet?: SheetModel }, TableModel, TableProxy> {
  declare count: number;
  _list(x: { sheet?: SheetModel }): TableModel[] {
    return this.context.model.tables.filter((t) => !x.sheet || t.sheet === x.sheet);
  }
  _wrap(t: TableModel): TableProxy {
    return new TableProxy(this.context, () => t);
  }
  private _changed?: EventHandlersProxy;
  /** ExcelApi 1.7: data changed in any table of the workbook. */
  get onChanged(): EventHandlersProxy {
    return (this._changed ??= new EventHandlersProxy(this.context, () => this.context.host.tableChangedHandlers));
  }

  add(address: RangeProxy | string, hasHeaders: boolean): TableProxy {
    return new TableProxy(
      this.context,
      () => {
        const x = this._resolve();
        if (!x) return null;
        const ref = rangeArg(this.context, address, x.sheet);
        if (x.sheet && ref.sheet !== x.sheet) throw invalidArgument('the address is on another worksheet');
        return this.context.model.addTable(ref.sheet, ref.rect, !!hasHeaders);
      },
      { desc: [this._id, 'add', String(address), hasHeaders], write: true },
    );
  }
  private _find(x: { sheet?: SheetModel }, key: string): TableModel | undefined {
    const l = this._list(x);
    const k = String(key).toLowerCase();
    return l.find((t) => t.name.toLowerCase() === k) ?? l.find((t) => t.id === String(key));
  }
  getItem(key: string): TableProxy {
    return new TableProxy(
      this.context,
      () => {
        const x = this._resolve();
        if (!x) return null;
        const t = this._find(x, key);
        if (!t) throw itemNotFound(`table '${key}'`);
        return t;
      },
      { desc: [this._id, 'getItem', key] },
    );
  }
  getItemOrNullObject(key: string): TableProxy {
    return new TableProxy(
      this.context,
      () => {
        const x = this._resolve();
        return x ? (this._find(x, key) ?? null) : null;
      },
      { desc: [this._id, 'getItemOrNullObject', key] },
    );
  }
  getItemAt(index: number): TableProxy {
    return new TableProxy(
      this.context,
      () => {
        const x = this._resolve();
        if (!x) return null;
        const t = this._list(x)[index];
        if (!t) throw itemNotFound(`table #${index}`);
        return t;
      },
      { desc: [this._id, 'getItemAt', index] },
    );
  }
}
defineProps(TableCollectionProxy, {
  count: { get: (x: { sheet?: SheetModel }, self: TableCollectionProxy) => self._list(x).length },
});

export class TableProxy extends ProxyBase<TableModel> {
  declare name: string;
  declare id: string;
  declare style: string;
  declare showHeaders: boolean;
  declare showTotals: boolean;
  declare showBandedRows: boolean;
  declare showFilterButton: boolean;
  private _cols?: TableColumnCollectionProxy;
  private _rows?: TableRowCollectionProxy;
  private _ws?: WorksheetProxy;
  get columns(): TableColumnCollectionProxy {
    return (this._cols ??= new TableColumnCollectionProxy(this.context, () =>
      tAlive(this.context.model, this._parent()),
    ));
  }
  get rows(): TableRowCollectionProxy {
    return (this._rows ??= new TableRowCollectionProxy(this.context, () => tAlive(this.context.model, this._parent())));
  }
  get worksheet(): WorksheetProxy {
    return (this._ws ??= new WorksheetProxy(this.context, () => this._parent().sheet));
  }

  private _rangeOf(name: string, fn: (t: TableModel) => Rect | null): RangeProxy {
    return makeRange(this.context, [this._id, name], () => {
      const t = this._resolve();
      if (!t) return null;
      tAlive(this.context.model, t);
      const rect = fn(t);
      if (!rect) throw invalidOperation(`${name}: the table has no such range`);
      return { sheet: t.sheet, rect };
    });
  }
  getRange(): RangeProxy {
    return this._rangeOf('getRange', (t) => ({ ...t.rect }));
  }
  getHeaderRowRange(): RangeProxy {
    return this._rangeOf('getHeaderRowRange', headerRect);
  }
  getDataBodyRange(): RangeProxy {
    return this._rangeOf('getDataBodyRange', dataRect);
  }
  getTotalRowRange(): RangeProxy {
    return this._rangeOf('getTotalRowRange', () => null);
  }
  delete(): void {
    this._call('delete', [], (t) => {
      const m = this.context.model;
      tAlive(m, t);
      // Deleting a table removes the table and its cells' contents; formulas naming it become #REF! for good.
      m.breakReferences(t);
      t.sheet.forEachIn(t.rect, (cell, r, c) => {
        cell.v = null;
        delete cell.f;
        for (const k of STYLE_KEYS) delete cell[k];
        t.sheet.tidy(r, c);
      });
      m.tables = m.tables.filter((x) => x !== t);
    });
  }
  convertToRange(): RangeProxy {
    return makeRange(
      this.context,
      [this._id, 'convertToRange'],
      () => {
        const t = this._resolve();
        if (!t) return null;
        const m = this.context.model;
        tAlive(m, t);
        m.tables = m.tables.filter((x) => x !== t);
        return { sheet: t.sheet, rect: { ...t.rect } };
      },
      true,
    );
  }
  clearFilters(): void {
    this._call('clearFilters', [], () => undefined);
  }
}
defineProps(
  TableProxy,
  {
    name: {
      get: (t: TableModel, self: TableProxy) => tAlive(self.context.model, t).name,
      set: (t: TableModel, v: string, self: TableProxy) => {
        const m = self.context.model;
        tAlive(m, t);
        if (t.name === v) return;
        m.validateTableName(v, t);
        renameTableRefs(m, t.name, v);
        t.name = v;
      },
    },
    id: { get: (t: TableModel) => t.id },
    style: {
      get: (t: TableModel) => t.style,
      set: (t: TableModel, v: string) => {
        if (typeof v !== 'string') throw invalidArgument('style');
        t.style = v;
      },
    },
    showHeaders: {
      get: (t: TableModel) => t.showHeaders,
      set: (_t: TableModel, v: boolean) => {
        if (!v) throw invalidOperation('hiding the header row is not supported by the memory host');
      },
    },
    showTotals: {
      get: (t: TableModel) => t.showTotals,
      set: (_t: TableModel, v: boolean) => {
        if (v) throw invalidOperation('a total row is not supported by the memory host');
      },
    },
    showBandedRows: { get: () => true, set: () => undefined },
    showFilterButton: { get: () => true, set: () => undefined },
  },
  ['columns', 'rows', 'worksheet'],
);

/** Keep structured references in formulas valid after a table rename (Excel does the same). */
function renameTableRefs(m: WorkbookModel, oldName: string, newName: string): void {
  const re = new RegExp(`(^|[^\\p{L}\\p{N}_.])${oldName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\[`, 'giu');
  const fix = (f: string): string => f.replace(re, (_m, pre) => `${pre}${newName}[`);
  for (const s of m.sheets)
    s.cells.forEachRow((row) => {
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        if (cell !== undefined && cell.f) cell.f = fix(cell.f);
      }
    });
  for (const t of m.tables) for (const c of t.columns) if (c.calc) c.calc = fix(c.calc);
  for (const n of m.names) n.formula = fix(n.formula);
}

// ---------------- columns ----------------

interface ColRef {
  table: TableModel;
  col: TableColumnModel;
}

function cAlive(m: WorkbookModel, x: ColRef): number {
  tAlive(m, x.table);
  const i = x.table.columns.indexOf(x.col);
  if (i < 0) throw itemNotFound(`table column '${x.col.name}' no longer exists`);
  return i;
}

export class TableColumnCollectionProxy extends CollectionBase<TableModel, ColRef, TableColumnProxy> {
  declare count: number;
  _list(t: TableModel): ColRef[] {
    return t.columns.map((col) => ({ table: t, col }));
  }
  _wrap(x: ColRef): TableColumnProxy {
    return new TableColumnProxy(this.context, () => x);
  }

  private _find(t: TableModel, key: string | number): ColRef | undefined {
    const col =
      typeof key === 'number'
        ? t.columns.find((c) => c.id === key)
        : (t.columns.find((c) => c.name.toLowerCase() === String(key).toLowerCase()) ??
          t.columns.find((c) => String(c.id) === String(key)));
    return col && { table: t, col };
  }
  getItem(key: string | number): TableColumnProxy {
    return new TableColumnProxy(
      this.context,
      () => {
        const t = this._resolve();
        if (!t) return null;
        const x = this._find(t, key);
        if (!x) throw itemNotFound(`table column '${key}'`);
        return x;
      },
      { desc: [this._id, 'getItem', key] },
    );
  }
  getItemOrNullObject(key: string | number): TableColumnProxy {
    return new TableColumnProxy(
      this.context,
      () => {
        const t = this._resolve();
        return t ? (this._find(t, key) ?? null) : null;
      },
      { desc: [this._id, 'getItemOrNullObject', key] },
    );
  }
  getItemAt(index: number): TableColumnProxy {
    return new TableColumnProxy(
      this.context,
      () => {
        const t = this._resolve();
        if (!t) return null;
        const col = t.columns[index];
        if (!col) throw itemNotFound(`table column #${index}`);
        return { table: t, col };
      },
      { desc: [this._id, 'getItemAt', index] },
    );
  }

  /** Adds a column (at the end by default), shifting cells to the right within the table's rows. */
  add(index?: number | null, values?: unknown, name?: string): TableColumnProxy {
    return new TableColumnProxy(
      this.context,
      () => {
        const t = this._resolve();
        if (!t) return null;
        const m = this.context.model;
        const n = t.columns.length;
        const at = index === null || index === undefined ? n : index;
        if (!Number.isInteger(at) || at < 0 || at > n)
          throw invalidArgument(`columns.add: index ${index} out of range`);
        const totalRows = t.rect.r1 - t.rect.r0 + 1;
        const bodyRows = totalRows - 1;
        let header: unknown = name;
        let body: unknown[] | undefined;
        if (values !== undefined && values !== null) {
          if (!Array.isArray(values) || values.some((r) => !Array.isArray(r) || r.length !== 1))
            throw invalidArgument('columns.add: values must be a 2-D array with one column');
          const flat = (values as unknown[][]).map((r) => r[0]);
          if (flat.length === totalRows) {
            if (header === undefined) header = flat[0];
            body = flat.slice(1);
          } else if (flat.length === bodyRows) body = flat;
          else throw invalidArgument(`columns.add: values must have ${totalRows} rows (with header) or ${bodyRows}`);
        }
        const abs = t.rect.c0 + at;
        const orig = { ...t.rect };
        shiftCols(m, t.sheet, t.rect.r0, t.rect.r1, abs, 1);
        t.rect = { ...orig, c1: orig.c1 + 1 };
        const col: TableColumnModel = { id: t.nextColId++, name: '' };
        t.columns.splice(at, 0, col);
        const hc = t.sheet.ensure(t.rect.r0, abs);
        hc.v = header === undefined || header === null ? null : String(header);
        m.syncHeaders(t);
        if (body) {
          m.checkFormulas(t.sheet, t.rect.r0 + 1, abs, (i) => body![i], body.length, 1, t);
          body.forEach((v, i) => writeInput(t.sheet, t.rect.r0 + 1 + i, abs, v));
        }
        m.afterWrite(t.sheet, { r0: t.rect.r0 + 1, r1: t.rect.r1, c0: abs, c1: abs }, !!body);
        return { table: t, col };
      },
      { desc: [this._id, 'add', index, values, name], write: true },
    );
  }
}
defineProps(TableColumnCollectionProxy, { count: { get: (t: TableModel) => t.columns.length } });

export class TableColumnProxy extends ProxyBase<ColRef> {
  declare name: string;
  declare index: number;
  declare id: number;
  declare values: unknown[][];
  private _range(name: string, fn: (t: TableModel, c: number) => Rect | null): RangeProxy {
    return makeRange(this.context, [this._id, name], () => {
      const x = this._resolve();
      if (!x) return null;
      const i = cAlive(this.context.model, x);
      const c = x.table.rect.c0 + i;
      const rect = fn(x.table, c);
      if (!rect) throw invalidOperation(`${name}: no such range`);
      return { sheet: x.table.sheet, rect };
    });
  }
  getRange(): RangeProxy {
    return this._range('getRange', (t, c) => ({ r0: t.rect.r0, r1: t.rect.r1, c0: c, c1: c }));
  }
  getHeaderRowRange(): RangeProxy {
    return this._range('getHeaderRowRange', (t, c) =>
      t.showHeaders ? { r0: t.rect.r0, r1: t.rect.r0, c0: c, c1: c } : null,
    );
  }
  getDataBodyRange(): RangeProxy {
    return this._range('getDataBodyRange', (t, c) => {
      const d = dataRect(t);
      return d && { ...d, c0: c, c1: c };
    });
  }
  getTotalRowRange(): RangeProxy {
    return this._range('getTotalRowRange', () => null);
  }
  delete(): void {
    this._call('delete', [], (x) => {
      const m = this.context.model;
      const i = cAlive(m, x);
      const t = x.table;
      if (t.columns.length === 1) throw invalidOperation('cannot delete the last column of a table');
      m.breakReferences(t, x.col);
      const orig = { ...t.rect };
      shiftCols(m, t.sheet, t.rect.r0, t.rect.r1, t.rect.c0 + i, -1);
      t.rect = { ...orig, c1: orig.c1 - 1 };
      t.columns.splice(i, 1);
    });
  }
}
defineProps(TableColumnProxy, {
  name: {
    get: (x: ColRef, self: TableColumnProxy) => {
      cAlive(self.context.model, x);
      return x.col.name;
    },
    set: (x: ColRef, v: string, self: TableColumnProxy) => {
      const m = self.context.model;
      const i = cAlive(m, x);
      if (typeof v !== 'string' || v === '') throw invalidArgument('column name must be a non-empty string');
      const cell = x.table.sheet.ensure(x.table.rect.r0, x.table.rect.c0 + i);
      cell.v = v;
      delete cell.f;
      m.syncHeaders(x.table);
    },
  },
  index: { get: (x: ColRef, self: TableColumnProxy) => cAlive(self.context.model, x) },
  id: { get: (x: ColRef) => x.col.id },
  values: {
    get: (x: ColRef, self: TableColumnProxy) => {
      const c = x.table.rect.c0 + cAlive(self.context.model, x);
      return grid(x.table.sheet, { r0: x.table.rect.r0, r1: x.table.rect.r1, c0: c, c1: c });
    },
  },
});

/** Internal: the calculated-column formula of a column (used by xlsx export and tests). */
export function calculatedColumnFormula(t: TableModel, name: string): string | undefined {
  return t.columns.find((c) => c.name.toLowerCase() === name.toLowerCase())?.calc;
}

// ---------------- rows ----------------

interface RowRef {
  table: TableModel;
  index: number;
}

function rowRect(m: WorkbookModel, x: RowRef): Rect {
  tAlive(m, x.table);
  const d = dataRect(x.table);
  if (!d || x.index < 0 || d.r0 + x.index > d.r1) throw itemNotFound(`table row #${x.index}`);
  return { ...d, r0: d.r0 + x.index, r1: d.r0 + x.index };
}

export class TableRowCollectionProxy extends CollectionBase<TableModel, RowRef, TableRowProxy> {
  declare count: number;
  _list(t: TableModel): RowRef[] {
    const d = dataRect(t);
    const n = d ? d.r1 - d.r0 + 1 : 0;
    return Array.from({ length: n }, (_, index) => ({ table: t, index }));
  }
  _wrap(x: RowRef): TableRowProxy {
    return new TableRowProxy(this.context, () => x);
  }
  getItemAt(index: number): TableRowProxy {
    return new TableRowProxy(
      this.context,
      () => {
        const t = this._resolve();
        if (!t) return null;
        const x = { table: t, index };
        rowRect(this.context.model, x);
        return x;
      },
      { desc: [this._id, 'getItemAt', index] },
    );
  }

  /**
   * Adds rows (at the end by default). Cells below the table, within its columns, shift down as
   * when Excel inserts table rows. A table whose only data row is completely empty (the row Excel
   * creates for a header-only table) gets that row filled instead of a new one appended.
   * Calculated columns fill the new rows with their formula unless a value is given for that cell.
   */
  add(index?: number | null, values?: unknown, _alwaysInsert?: boolean): TableRowProxy {
    return new TableRowProxy(
      this.context,
      () => {
        const t = this._resolve();
        if (!t) return null;
        const m = this.context.model;
        const ncols = t.columns.length;
        let rowsIn: unknown[][] | undefined;
        if (values !== undefined && values !== null) {
          if (
            !Array.isArray(values) ||
            values.length === 0 ||
            values.some((r) => !Array.isArray(r) || r.length !== ncols)
          ) {
            throw invalidArgument(`rows.add: values must be a 2-D array with ${ncols} columns`);
          }
          rowsIn = values as unknown[][];
          for (const row of rowsIn)
            for (const v of row)
              if (v !== null && v !== undefined && !['string', 'number', 'boolean'].includes(typeof v))
                throw invalidArgument(`rows.add: unsupported value ${JSON.stringify(v)}`);
        }
        const n = rowsIn ? rowsIn.length : 1;
        const body = dataRect(t)!;
        if (rowsIn) m.checkFormulas(t.sheet, body.r1 + 1, t.rect.c0, (i, j) => rowsIn![i][j], n, ncols, t);
        const bodyRows = body.r1 - body.r0 + 1;
        const at = index === null || index === undefined ? bodyRows : index;
        if (!Number.isInteger(at) || at < 0 || at > bodyRows)
          throw invalidArgument(`rows.add: index ${index} out of range`);
        let placeholder = bodyRows === 1;
        if (placeholder)
          for (let c = body.c0; c <= body.c1; c++)
            if (!isBlank(t.sheet.get(body.r0, c))) {
              placeholder = false;
              break;
            }
        const startRow = placeholder ? body.r0 : body.r0 + at;
        const extra = placeholder ? n - 1 : n;
        if (extra > 0) {
          const insertAt = placeholder ? body.r0 + 1 : startRow;
          const appending = insertAt > t.rect.r1;
          const oldR1 = t.rect.r1;
          shiftRows(m, t.sheet, t.rect.c0, t.rect.c1, insertAt, extra);
          if (appending) {
            t.rect = { ...t.rect, r1: oldR1 + extra };
            // validations / conditional formats covering the table column down to its last row grow with it
            for (const item of [...t.sheet.dvs, ...t.sheet.cfs]) {
              if (
                item.rect.r1 === oldR1 &&
                item.rect.r0 >= body.r0 &&
                contains({ ...t.rect, r0: 0 }, { ...item.rect, r0: 0 })
              )
                item.rect = { ...item.rect, r1: oldR1 + extra };
            }
          }
          // new rows take the formats of the row above (or the first data row)
          const tmpl = insertAt - 1 >= body.r0 ? insertAt - 1 : insertAt + extra;
          for (let c = t.rect.c0; c <= t.rect.c1; c++) {
            const src = t.sheet.get(tmpl, c);
            if (!src) continue;
            for (let r = insertAt; r < insertAt + extra; r++) {
              const cell = t.sheet.ensure(r, c);
              for (const k of STYLE_KEYS) if (src[k] !== undefined) (cell as any)[k] = src[k];
            }
          }
        }
        for (let i = 0; i < n; i++) {
          const r = startRow + i;
          t.columns.forEach((col, j) => {
            const v = rowsIn?.[i][j];
            const c = t.rect.c0 + j;
            if (col.calc && (v === null || v === undefined || v === '')) {
              const cell = t.sheet.ensure(r, c);
              cell.f = col.calc;
              cell.v = null;
            } else writeInput(t.sheet, r, c, v);
          });
        }
        return { table: t, index: startRow - body.r0 };
      },
      { desc: [this._id, 'add', index, values], write: true },
    );
  }
}
defineProps(TableRowCollectionProxy, {
  count: { get: (t: TableModel, self: TableRowCollectionProxy) => self._list(t).length },
});

export class TableRowProxy extends ProxyBase<RowRef> {
  declare index: number;
  declare values: unknown[][];
  getRange(): RangeProxy {
    return makeRange(this.context, [this._id, 'getRange'], () => {
      const x = this._resolve();
      return x && { sheet: x.table.sheet, rect: rowRect(this.context.model, x) };
    });
  }
  delete(): void {
    this._call('delete', [], (x) => {
      const m = this.context.model;
      const rect = rowRect(m, x);
      const body = dataRect(x.table)!;
      if (body.r0 === body.r1) {
        // Excel keeps one (empty) data row
        x.table.sheet.forEachIn(rect, (cell, r, c) => {
          cell.v = null;
          delete cell.f;
          x.table.sheet.tidy(r, c);
        });
        return;
      }
      shiftRows(m, x.table.sheet, x.table.rect.c0, x.table.rect.c1, rect.r0, -1);
    });
  }
}
defineProps(TableRowProxy, {
  index: {
    get: (x: RowRef, self: TableRowProxy) => {
      rowRect(self.context.model, x);
      return x.index;
    },
  },
  values: {
    get: (x: RowRef, self: TableRowProxy) => grid(x.table.sheet, rowRect(self.context.model, x)),
    set: (x: RowRef, v: unknown, self: TableRowProxy) => {
      const rect = rowRect(self.context.model, x);
      if (!Array.isArray(v) || v.length !== 1 || !Array.isArray(v[0]) || v[0].length !== rect.c1 - rect.c0 + 1)
        throw invalidArgument('row values must be [[...]] with one entry per column');
      self.context.model.checkFormulas(
        x.table.sheet,
        rect.r0,
        rect.c0,
        (_i, j) => (v[0] as unknown[])[j],
        1,
        rect.c1 - rect.c0 + 1,
      );
      (v[0] as unknown[]).forEach((val, j) => writeInput(x.table.sheet, rect.r0, rect.c0 + j, val));
      self.context.model.afterWrite(x.table.sheet, rect, true);
    },
  },
});

export type { Ctx };
