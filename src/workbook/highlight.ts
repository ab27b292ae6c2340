import { splitAddress } from '../engine/address';
import { Finding } from '../engine/findings';
import { ExcelRunner } from './types';

/** Where the original fills of highlighted cells are kept (a very hidden sheet made by set-up), so that clearing restores them. */
export const STATE_SHEET = 'PP_State';
export const COLORS = { error: '#F8CBAD', warning: '#FFE699', info: '#DDEBF7' } as const;
const MAX_HIGHLIGHTS = 5000;

/**
 * One highlighted cell. Users rename sheets, so the sheet is kept by its worksheet id, which Excel keeps
 * across a rename; a row of an older version holds the address with the sheet's name instead.
 */
interface Saved {
  /** Worksheet id, or '' for a row that names its sheet in `range`. */
  sheetId: string;
  /** The cell (A1), or for an old row the whole address. */
  range: string;
  /** '' when the cell had no fill. */
  color: string;
}

function readSaved(values: unknown[][]): Saved[] {
  return values
    .filter((r) => typeof r[0] === 'string' && r[0] !== '')
    .map((r) =>
      // An old row's address names its sheet ("Projects!A2"); a worksheet id never holds a "!".
      String(r[0]).includes('!')
        ? { sheetId: '', range: String(r[0]), color: String(r[1] ?? '') }
        : { sheetId: String(r[0]), range: String(r[1] ?? ''), color: String(r[2] ?? '') },
    );
}

const keyOf = (s: Saved): string => `${s.sheetId}|${s.range}`;

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
    const sheets = wb.worksheets.load('items/name,items/id');
    const fills = list.map((f) => {
      const { sheet, range } = splitAddress(f.cell);
      const r = wb.worksheets.getItem(sheet ?? '').getRange(range);
      r.format.fill.load('color');
      return r;
    });
    await context.sync();
    const idOf = new Map(sheets.items.map((s) => [s.name.toLowerCase(), s.id]));
    const saved = !used.isNullObject ? readSaved(used.values) : [];
    const already = new Set(saved.map(keyOf));
    const add: Saved[] = [];
    list.forEach((f, i) => {
      const { sheet, range } = splitAddress(f.cell);
      const color = fills[i].format.fill.color;
      const s: Saved = {
        sheetId: idOf.get((sheet ?? '').toLowerCase()) ?? '',
        range,
        // Excel reports "no fill" as white.
        color: !color || color.toUpperCase() === '#FFFFFF' ? '' : color,
      };
      if (!already.has(keyOf(s))) add.push(s);
      fills[i].format.fill.color = COLORS[f.severity];
    });
    if (add.length > 0) writeSaved(state, [...saved, ...add]);
    await context.sync();
    return list.length;
  });
}

/** Writes the saved rows from A1 (queued, no sync). An old row (sheet by name) keeps its form. */
function writeSaved(state: Excel.Worksheet, rows: readonly Saved[]): void {
  if (rows.length === 0) return;
  // A leading apostrophe keeps the text as typed ("'Sheet (2)'!A1" would otherwise lose its first quote).
  const text = (v: string): string => (v === '' ? '' : `'${v}`);
  state.getRangeByIndexes(0, 0, rows.length, 3).values = rows.map((s) =>
    s.sheetId ? [text(s.sheetId), text(s.range), text(s.color)] : [text(s.range), text(s.color), ''],
  );
}

/** Puts back the fill a highlight saved (queued, no sync). */
function restoreFill(r: Excel.Range, s: Saved): void {
  if (s.color === '') r.format.fill.clear();
  else r.format.fill.color = s.color;
}

/**
 * Un-highlighting single cells inside another operation's batches (a fix clears its own highlight):
 * `queueUnhighlight` queues the reads with the caller's first batch; after that sync, the returned
 * `restore` queues putting back each cell's saved fill and dropping its saved row, to go with the
 * caller's second batch. No round trip of its own. The state sheet must exist (set-up makes it);
 * the caller's first sync fails with ItemNotFound when it does not.
 */
export function queueUnhighlight(context: Excel.RequestContext, cells: readonly string[]): { restore(): number } {
  const wb = context.workbook;
  const state = wb.worksheets.getItem(STATE_SHEET);
  const used = state.getUsedRangeOrNullObject(true);
  used.load('values');
  const sheets = wb.worksheets.load('items/name,items/id');
  return {
    restore(): number {
      if (used.isNullObject) return 0;
      const idOf = new Map(sheets.items.map((s) => [s.name.toLowerCase(), s.id]));
      const wanted = new Set<string>();
      for (const c of cells) {
        const { sheet, range } = splitAddress(c);
        const id = idOf.get((sheet ?? '').toLowerCase());
        if (!id) continue;
        wanted.add(keyOf({ sheetId: id, range: range.toUpperCase(), color: '' }));
        // An old row names its sheet in the address.
        wanted.add(`|${c.toLowerCase()}`);
      }
      const matches = (s: Saved): boolean =>
        s.sheetId ? wanted.has(keyOf({ ...s, range: s.range.toUpperCase() })) : wanted.has(`|${s.range.toLowerCase()}`);
      const saved = readSaved(used.values);
      const done = saved.filter(matches);
      if (done.length === 0) return 0;
      for (const s of done) {
        if (s.sheetId) restoreFill(wb.worksheets.getItem(s.sheetId).getRange(s.range), s);
        else {
          const { sheet, range } = splitAddress(s.range);
          restoreFill(wb.worksheets.getItem(sheet ?? '').getRange(range), s);
        }
      }
      // The other highlights stay saved: the state is rewritten without the restored rows.
      used.clear();
      writeSaved(
        state,
        saved.filter((s) => !matches(s)),
      );
      return done.length;
    },
  };
}

/**
 * Puts back every fill a highlight replaced (two round trips). Cells are found by worksheet id, so a
 * renamed sheet is still cleared; a sheet deleted since is skipped.
 */
export async function clearHighlights(run: ExcelRunner): Promise<number> {
  return run(async (context) => {
    const wb = context.workbook;
    const used = wb.worksheets.getItem(STATE_SHEET).getUsedRangeOrNullObject(true);
    used.load('values');
    const sheets = wb.worksheets.load('items/name,items/id');
    await context.sync();
    if (used.isNullObject) return 0;
    const ids = new Set(sheets.items.map((s) => s.id));
    const names = new Set(sheets.items.map((s) => s.name.toLowerCase()));
    let restored = 0;
    for (const s of readSaved(used.values)) {
      let ws: Excel.Worksheet;
      let range = s.range;
      if (s.sheetId) {
        if (!ids.has(s.sheetId)) continue;
        ws = wb.worksheets.getItem(s.sheetId);
      } else {
        const { sheet, range: local } = splitAddress(s.range);
        if (!sheet || !names.has(sheet.toLowerCase())) continue;
        ws = wb.worksheets.getItem(sheet);
        range = local;
      }
      restoreFill(ws.getRange(range), s);
      restored++;
    }
    used.clear();
    await context.sync();
    return restored;
  });
}
