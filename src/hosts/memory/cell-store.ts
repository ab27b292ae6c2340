import { MAX_COLS } from './address';
import type { Cell } from './model';

/**
 * A sheet's cells by key (row × MAX_COLS + column), with the part of Map's interface the host uses, kept
 * as one array per row: a roll-up writes 400,000 cells, and a Map of that size cost more to fill (each
 * growth rehashes it whole) and to look up than the writes themselves. Iteration is in row order, then
 * column order (a Map's was the order of writing); a cell deleted while iterating is not visited.
 */
export class CellStore {
  /** rows[r][c]; a row once used stays (an empty array when its cells are gone). */
  private readonly rows: (Cell | undefined)[][] = [];
  /** The used rows' indexes, sorted when `sorted`. */
  private rowIds: number[] = [];
  private sorted = true;
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(k: number): Cell | undefined {
    const r = Math.floor(k / MAX_COLS);
    const row = this.rows[r];
    return row === undefined ? undefined : row[k - r * MAX_COLS];
  }

  has(k: number): boolean {
    return this.get(k) !== undefined;
  }

  /** The cell at (r, c), if any. */
  at(r: number, c: number): Cell | undefined {
    const row = this.rows[r];
    return row === undefined ? undefined : row[c];
  }

  /** Row r's array of cells (index = column), made when absent: for writes of many cells of a row. */
  row(r: number): (Cell | undefined)[] {
    let row = this.rows[r];
    if (row === undefined) {
      row = [];
      this.rows[r] = row;
      const ids = this.rowIds;
      if (ids.length && ids[ids.length - 1] > r) this.sorted = false;
      ids.push(r);
    }
    return row;
  }

  /** Puts a cell into a row array from row(); counts it when new. */
  put(row: (Cell | undefined)[], c: number, cell: Cell): void {
    if (row[c] === undefined) this.count++;
    row[c] = cell;
  }

  set(k: number, cell: Cell): this {
    const r = Math.floor(k / MAX_COLS);
    this.put(this.row(r), k - r * MAX_COLS, cell);
    return this;
  }

  delete(k: number): boolean {
    const r = Math.floor(k / MAX_COLS);
    const row = this.rows[r];
    const c = k - r * MAX_COLS;
    if (row === undefined || row[c] === undefined) return false;
    row[c] = undefined;
    this.count--;
    return true;
  }

  clear(): void {
    this.rows.length = 0;
    this.rowIds = [];
    this.sorted = true;
    this.count = 0;
  }

  /** The used rows' indexes in ascending order. */
  private usedRows(): number[] {
    if (!this.sorted) {
      this.rowIds.sort((a, b) => a - b);
      this.sorted = true;
    }
    return this.rowIds;
  }

  /** Each used row in ascending order, as its array of cells (index = column, undefined where none). */
  forEachRow(fn: (row: readonly (Cell | undefined)[], r: number) => void): void {
    const ids = this.usedRows().slice();
    for (let i = 0; i < ids.length; i++) fn(this.rows[ids[i]], ids[i]);
  }

  /** Every cell with its row and column, in row order then column order; fn may delete cells. */
  forEachCell(fn: (cell: Cell, r: number, c: number) => void): void {
    this.someCell((cell, r, c) => {
      fn(cell, r, c);
      return false;
    });
  }

  /** Whether fn holds for some cell, visited in the order of forEachCell until it does. */
  someCell(fn: (cell: Cell, r: number, c: number) => boolean): boolean {
    const ids = this.usedRows().slice();
    for (let i = 0; i < ids.length; i++) {
      const r = ids[i];
      const row = this.rows[r];
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        if (cell !== undefined && fn(cell, r, c)) return true;
      }
    }
    return false;
  }

  forEach(fn: (cell: Cell, k: number) => void): void {
    this.forEachCell((cell, r, c) => fn(cell, r * MAX_COLS + c));
  }

  *entries(): IterableIterator<[number, Cell]> {
    const ids = this.usedRows().slice();
    for (const r of ids) {
      const row = this.rows[r];
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        if (cell !== undefined) yield [r * MAX_COLS + c, cell];
      }
    }
  }

  *keys(): IterableIterator<number> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): IterableIterator<Cell> {
    for (const [, cell] of this.entries()) yield cell;
  }

  [Symbol.iterator](): IterableIterator<[number, Cell]> {
    return this.entries();
  }
}
