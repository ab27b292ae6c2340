/**
 * Shared helpers for the Excel-integration tests: a strict in-memory workbook, a full serialisation of
 * its model (to prove "nothing changed"), per-cell snapshots of a sheet, and the synthetic pipeline
 * written through the Excel API.
 */
import { columnFormula } from '../../src/engine/formulas';
import { LISTS } from '../../src/engine/lists';
import { POLICY } from '../../src/engine/policy';
import { DEFAULT_MARKETS, TABLES } from '../../src/engine/schema';
import { serialFromYmd } from '../../src/engine/values';
import { MemoryWorkbook } from '../../src/hosts/memory';
import { SheetModel, STYLE_KEYS } from '../../src/hosts/memory/model';
import type { ExcelRunner } from '../../src/workbook';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain JS script without types
const synthetic = require('../../scripts/synthetic.js') as {
  syntheticRows: (
    engine: unknown,
    n: number,
    options: { lang?: 'zh' | 'en'; today: number },
  ) => { rows: Record<string, Record<string, unknown>[]> };
  fillWorkbook: (
    engine: unknown,
    run: ExcelRunner,
    data: { rows: Record<string, Record<string, unknown>[]> },
  ) => Promise<void>;
};

export const ENGINE = { LISTS, TABLES, DEFAULT_MARKETS, POLICY, columnFormula };

/** The fixed "today" of every test: 2026-06-01. */
export const TODAY = serialFromYmd(2026, 6, 1);
export const MB = 1024 * 1024;

export function newBook(): { wb: MemoryWorkbook; run: ExcelRunner } {
  const wb = new MemoryWorkbook();
  const run: ExcelRunner = (batch) => wb.run(batch);
  return { wb, run };
}

/** Everything in the model that a user could see or Excel would save, as plain data. */
export function serializeModel(wb: MemoryWorkbook): unknown {
  const m = wb.model;
  const sheetName = (s: SheetModel | undefined): string | null => (s ? s.name : null);
  return {
    sheets: m.sheets.map((s) => ({
      name: s.name,
      visibility: s.visibility,
      tabColor: s.tabColor,
      freeze: { ...s.freeze },
      cells: sheetCells(s),
      colStyle: [...s.colStyle].sort((a, b) => a[0] - b[0]),
      colWidth: [...s.colWidth].sort((a, b) => a[0] - b[0]),
      rowHeight: [...s.rowHeight].sort((a, b) => a[0] - b[0]),
      dvs: JSON.parse(JSON.stringify(s.dvs)),
      cfs: JSON.parse(JSON.stringify(s.cfs)),
      charts: JSON.parse(JSON.stringify(s.charts)),
    })),
    tables: m.tables.map((t) => ({
      name: t.name,
      sheet: t.sheet.name,
      rect: { ...t.rect },
      style: t.style,
      columns: t.columns.map((c) => ({ ...c })),
    })),
    names: m.names.map((n) => ({
      name: n.name,
      formula: n.formula,
      comment: n.comment,
      visible: n.visible,
      sheet: sheetName(n.sheet),
    })),
  };
}

/** Every stored cell of a sheet: address → value, formula and each format key, sorted by address. */
export function sheetCells(s: SheetModel): Record<string, Record<string, unknown>> {
  const out: [number, Record<string, unknown>][] = [];
  for (const [k, cell] of s.cells) {
    const rec: Record<string, unknown> = { v: cell.v };
    if (cell.f !== undefined) rec.f = cell.f;
    for (const key of STYLE_KEYS) if (cell[key] !== undefined) rec[key] = cell[key];
    out.push([k, rec]);
  }
  out.sort((a, b) => a[0] - b[0]);
  const res: Record<string, Record<string, unknown>> = {};
  for (const [k, rec] of out) res[`${Math.floor(k / 16384)}:${k % 16384}`] = rec;
  return res;
}

/** Formats only (fill, font, number format…) of every cell of every sheet, plus whole-column styles. */
export function formatSnapshot(wb: MemoryWorkbook): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of wb.model.sheets) {
    const cells: Record<string, unknown> = {};
    for (const [k, cell] of s.cells) {
      const rec: Record<string, unknown> = {};
      for (const key of STYLE_KEYS) if (cell[key] !== undefined) rec[key] = cell[key];
      if (Object.keys(rec).length) cells[`${Math.floor(k / 16384)}:${k % 16384}`] = rec;
    }
    out[s.name] = { cells, colStyle: [...s.colStyle].sort((a, b) => a[0] - b[0]) };
  }
  return out;
}

/** The synthetic pipeline of n projects (scripts/synthetic.js) written into a set-up workbook. */
export async function fillSynthetic(
  wb: MemoryWorkbook,
  run: ExcelRunner,
  n: number,
  lang: 'zh' | 'en' = 'zh',
): Promise<void> {
  const data = synthetic.syntheticRows(ENGINE, n, { lang, today: TODAY });
  const limit = wb.payloadLimitBytes;
  wb.payloadLimitBytes = Number.POSITIVE_INFINITY; // building the fixture is not what is measured
  try {
    await synthetic.fillWorkbook(ENGINE, run, data);
  } finally {
    wb.payloadLimitBytes = limit;
  }
}

export interface Trips {
  syncs: number;
  writes: number;
  maxRequest: number;
  maxResponse: number;
  totalResponse: number;
}

/** Runs an operation with fresh stats and reports its round trips and payloads. */
export async function measure<T>(wb: MemoryWorkbook, op: () => Promise<T>): Promise<{ result: T; trips: Trips }> {
  wb.resetStats();
  const result = await op();
  const r = wb.stats.requests;
  return {
    result,
    trips: {
      syncs: wb.stats.syncs,
      writes: wb.stats.writes,
      maxRequest: Math.max(0, ...r.map((x) => x.requestBytes)),
      maxResponse: Math.max(0, ...r.map((x) => x.responseBytes)),
      totalResponse: r.reduce((a, x) => a + x.responseBytes, 0),
    },
  };
}
