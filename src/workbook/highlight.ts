import { splitAddress } from '../engine/address';
import { Finding } from '../engine/findings';
import { ExcelRunner } from './types';

/** Where the original fills of highlighted cells are kept (a very hidden sheet made by set-up), so that clearing restores them. */
export const STATE_SHEET = 'PP_State';
export const COLORS = { error: '#F8CBAD', warning: '#FFE699', info: '#DDEBF7' } as const;
const MAX_HIGHLIGHTS = 5000;

interface Saved {
  address: string;
  /** '' when the cell had no fill. */
  color: string;
}

function readSaved(values: unknown[][]): Saved[] {
  return values.filter((r) => typeof r[0] === 'string' && r[0] !== '').map((r) => ({ address: String(r[0]), color: String(r[1] ?? '') }));
}

/** Colours the cells of the findings (two round trips); the fills they had are saved in a very hidden sheet. */
export async function highlightFindings(run: ExcelRunner, findings: readonly Finding[]): Promise<number> {
  const targets = new Map<string, Finding>();
  for (const f of findings) if (f.cell && !targets.has(f.cell)) targets.set(f.cell, f);
  const list = [...targets.values()].slice(0, MAX_HIGHLIGHTS);
  return run(async (context) => {
    const wb = context.workbook;
    const state = wb.worksheets.getItem(STATE_SHEET);
    const used = state.getUsedRangeOrNullObject(true);
    used.load('values');
    const fills = list.map((f) => {
      const { sheet, range } = splitAddress(f.cell);
      const r = wb.worksheets.getItem(sheet ?? '').getRange(range);
      r.format.fill.load('color');
      return r;
    });
    await context.sync();
    const saved = !used.isNullObject ? readSaved(used.values) : [];
    const already = new Set(saved.map((s) => s.address));
    const add: Saved[] = [];
    list.forEach((f, i) => {
      const color = fills[i].format.fill.color;
      // Excel reports "no fill" as white.
      if (!already.has(f.cell)) add.push({ address: f.cell, color: !color || color.toUpperCase() === '#FFFFFF' ? '' : color });
      fills[i].format.fill.color = COLORS[f.severity];
    });
    const rows = [...saved, ...add];
    // A leading apostrophe keeps the text as typed: "'Sheet (2)'!A1" would otherwise lose its first quote.
    const text = (v: string): string => (v === '' ? '' : `'${v}`);
    if (add.length > 0) state.getRangeByIndexes(0, 0, rows.length, 2).values = rows.map((s) => [text(s.address), text(s.color)]);
    await context.sync();
    return list.length;
  });
}


/** Puts back every fill a highlight replaced (two round trips). */
export async function clearHighlights(run: ExcelRunner): Promise<number> {
  return run(async (context) => {
    const wb = context.workbook;
    const used = wb.worksheets.getItem(STATE_SHEET).getUsedRangeOrNullObject(true);
    used.load('values');
    await context.sync();
    if (used.isNullObject) return 0;
    const saved = readSaved(used.values);
    for (const s of saved) {
      const { sheet, range } = splitAddress(s.address);
      const r = wb.worksheets.getItem(sheet ?? '').getRange(range);
      if (s.color === '') r.format.fill.clear();
      else r.format.fill.color = s.color;
    }
    used.clear();
    await context.sync();
    return saved.length;
  });
}
