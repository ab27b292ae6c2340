import { MAX_COLS, MAX_ROWS } from '../../src/hosts/memory/address';
import { CellStore } from '../../src/hosts/memory/cell-store';
import { Cell } from '../../src/hosts/memory/model';

const key = (r: number, c: number): number => r * MAX_COLS + c;
const cell = (v: Cell['v']): Cell => ({ v });

describe('the cell store of a sheet', () => {
  test('set, get, has, delete and size as a Map of keys does', () => {
    const s = new CellStore();
    expect(s.size).toBe(0);
    expect(s.get(key(3, 2))).toBeUndefined();
    const a = cell(1);
    s.set(key(3, 2), a);
    s.set(key(3, 2), a); // the same key again is not a second cell
    s.set(key(0, 0), cell('x'));
    expect(s.size).toBe(2);
    expect(s.get(key(3, 2))).toBe(a);
    expect(s.at(3, 2)).toBe(a);
    expect(s.has(key(3, 2))).toBe(true);
    expect(s.has(key(3, 3))).toBe(false);
    expect(s.delete(key(3, 2))).toBe(true);
    expect(s.delete(key(3, 2))).toBe(false);
    expect(s.size).toBe(1);
    expect(s.get(key(3, 2))).toBeUndefined();
    s.clear();
    expect(s.size).toBe(0);
    expect([...s]).toEqual([]);
  });

  test('iterates in row order then column order, whatever the order of writing, to the last row and column', () => {
    const s = new CellStore();
    const at = [
      [5, 1],
      [MAX_ROWS - 1, MAX_COLS - 1],
      [0, 7],
      [5, 0],
      [2, 3],
      [0, 2],
    ];
    for (const [r, c] of at) s.set(key(r, c), cell(`${r}:${c}`));
    const order = [
      [0, 2],
      [0, 7],
      [2, 3],
      [5, 0],
      [5, 1],
      [MAX_ROWS - 1, MAX_COLS - 1],
    ];
    expect([...s.keys()]).toEqual(order.map(([r, c]) => key(r, c)));
    expect([...s.values()].map((x) => x.v)).toEqual(order.map(([r, c]) => `${r}:${c}`));
    expect([...s.entries()].map(([k, x]) => [k, x.v])).toEqual(order.map(([r, c]) => [key(r, c), `${r}:${c}`]));
    const seen: number[][] = [];
    s.forEachCell((x, r, c) => seen.push([r, c]));
    expect(seen).toEqual(order);
    const rows: number[] = [];
    s.forEachRow((row, r) => rows.push(r));
    expect(rows).toEqual([0, 2, 5, MAX_ROWS - 1]);
    const keys: number[] = [];
    s.forEach((x, k) => keys.push(k));
    expect(keys).toEqual(order.map(([r, c]) => key(r, c)));
    expect(s.get(key(MAX_ROWS - 1, MAX_COLS - 1))?.v).toBe(`${MAX_ROWS - 1}:${MAX_COLS - 1}`);
  });

  test('a cell deleted while iterating is not visited; someCell stops at the first hit', () => {
    const s = new CellStore();
    for (let c = 0; c < 4; c++) s.set(key(1, c), cell(c));
    const seen: unknown[] = [];
    s.forEachCell((x, r, c) => {
      seen.push(x.v);
      if (c === 0) s.delete(key(1, 2));
    });
    expect(seen).toEqual([0, 1, 3]);
    const visited: unknown[] = [];
    expect(
      s.someCell((x) => {
        visited.push(x.v);
        return x.v === 1;
      }),
    ).toBe(true);
    expect(visited).toEqual([0, 1]);
    expect(s.someCell(() => false)).toBe(false);
  });
});
