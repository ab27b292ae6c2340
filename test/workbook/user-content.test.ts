/**
 * Excel integration — nothing of the user's is overwritten or lost. A workbook with the user's own
 * content in their own columns of our tables, beside and below every table, on a hidden sheet of
 * theirs and on the review sheet goes through set-up, the sample, prefilled rows, repair, two review
 * exports, highlight and clear: afterwards every cell that is not ours holds what it held, with its
 * formats (a cell below a table moves down by the rows the table grew, as Excel shifts it).
 */
import { headerMatches } from '../../src/engine/model';
import { TABLE_BY_NAME, TABLES } from '../../src/engine/schema';
import { MemoryWorkbook } from '../../src/hosts/memory';
import { Rect } from '../../src/hosts/memory/address';
import { SheetModel, STYLE_KEYS, TableModel } from '../../src/hosts/memory/model';
import {
  addPrefilledRow,
  checkWorkbook,
  clearHighlights,
  highlightFindings,
  LISTS_TABLE,
  loadSample,
  REVIEW_TABLE,
  setUp,
  STATE_SHEET,
  writeReviewSheet,
} from '../../src/workbook';
import { REVIEW_COLUMN_COUNT } from '../../src/workbook/review-sheet';
import { newBook, TODAY } from './helpers';

/** Is this cell one of ours: in one of our columns of one of our tables, on the state sheet, or the review title? */
function ours(wb: MemoryWorkbook, s: SheetModel, r: number, c: number): boolean {
  if (s.name === STATE_SHEET) return true;
  for (const t of wb.model.tables) {
    if (t.sheet !== s || r < t.rect.r0 || r > t.rect.r1 || c < t.rect.c0 || c > t.rect.c1) continue;
    const col = t.columns[c - t.rect.c0];
    const schema = TABLES.find((x) => x.name === t.name);
    if (schema) return schema.columns.some((k) => headerMatches(k, col.name) !== null);
    if (t.name === LISTS_TABLE) return true;
    if (t.name === REVIEW_TABLE) return c - t.rect.c0 < REVIEW_COLUMN_COUNT;
  }
  const review = wb.table(REVIEW_TABLE);
  return !!review && review.sheet === s && r === review.rect.r0 - 2 && c === review.rect.c0;
}

interface Kept {
  sheet: string;
  r: number;
  c: number;
  /** The table above the cell (within its columns), whose growth moves it down. */
  below?: { table: string; r1: number };
  cell: Record<string, unknown>;
}

const describeCell = (s: SheetModel, r: number, c: number): Record<string, unknown> => {
  const cell = s.get(r, c);
  const out: Record<string, unknown> = { v: cell?.v ?? null };
  if (cell?.f !== undefined) out.f = cell.f;
  for (const k of STYLE_KEYS) if (cell?.[k] !== undefined) out[k] = cell[k];
  return out;
};

/** Every cell that is not ours, with where it should be found later. */
function userCells(wb: MemoryWorkbook, sheets?: string[]): Kept[] {
  const out: Kept[] = [];
  for (const s of wb.model.sheets) {
    if (sheets && !sheets.includes(s.name)) continue;
    for (const k of s.cells.keys()) {
      const r = Math.floor(k / 16384),
        c = k % 16384;
      if (ours(wb, s, r, c)) continue;
      const above = wb.model.tables
        .filter((t: TableModel) => t.sheet === s && c >= t.rect.c0 && c <= t.rect.c1 && r > t.rect.r1)
        .sort((a, b) => b.rect.r1 - a.rect.r1)[0];
      out.push({
        sheet: s.name,
        r,
        c,
        below: above && { table: above.name, r1: above.rect.r1 },
        cell: describeCell(s, r, c),
      });
    }
  }
  return out;
}

function expectKept(wb: MemoryWorkbook, kept: Kept[]): void {
  expect(kept.length).toBeGreaterThan(0);
  for (const k of kept) {
    const s = wb.sheet(k.sheet);
    const r = k.below ? k.r + (wb.table(k.below.table)!.rect.r1 - k.below.r1) : k.r;
    const where = `${k.sheet}!${r}:${k.c}`;
    expect({ where, cell: describeCell(s, r, k.c) }).toEqual({ where, cell: k.cell });
  }
}

/** User content beside (right, one column apart) and below (two rows apart) a rectangle, with formats. */
async function surround(run: ReturnType<typeof newBook>['run'], sheet: string, rect: Rect, tag: string): Promise<void> {
  await run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem(sheet);
    const beside = ws.getRangeByIndexes(rect.r0, rect.c1 + 2, 2, 2);
    beside.values = [
      [`${tag} beside`, 42],
      ['=1+1', `${tag} 2`],
    ];
    beside.format.fill.color = '#E2EFDA';
    const below = ws.getRangeByIndexes(rect.r1 + 3, rect.c0, 1, 2);
    below.values = [[`${tag} below`, 7]];
    below.format.font.bold = true;
    await ctx.sync();
  });
}

test('after set-up, the sample, prefilled rows, repair, review exports, highlight and clear, every user cell is unchanged', async () => {
  const { wb, run } = newBook();
  await run(async (ctx) => {
    const mine = ctx.workbook.worksheets.add('我的隐藏表');
    mine.getRange('A1:B2').values = [
      ['hidden', 1],
      ['note', 2],
    ];
    mine.visibility = Excel.SheetVisibility.hidden;
    await ctx.sync();
  });
  await setUp(run, { lang: 'zh' });

  // A column of their own in every table that can take one (on the Settings sheet, only the last table:
  // Excel will not shift one table's cells into another).
  const withOwnColumn = ['Projects', 'SalesPlan', 'TaskBook', 'Adjustments', 'Terminations', 'Summaries', 'People'];
  await run(async (ctx) => {
    for (const name of withOwnColumn) {
      const t = ctx.workbook.tables.getItem(name);
      t.columns.add(undefined, undefined, '我的备注');
    }
    await ctx.sync();
    for (const name of withOwnColumn) {
      const t = wb.table(name)!;
      ctx.workbook.worksheets.getItem(t.sheet.name).getRangeByIndexes(t.rect.r0 + 1, t.rect.c1, 1, 1).values = [
        [`${name} 自己的备注`],
      ];
    }
    await ctx.sync();
  });
  for (const t of [...wb.model.tables]) {
    // Beside the Settings tables is the next table; their notes go below only.
    if (['Policy', 'Markets'].includes(t.name)) {
      await run(async (ctx) => {
        ctx.workbook.worksheets.getItem(t.sheet.name).getRangeByIndexes(t.rect.r1 + 3, t.rect.c0, 1, 1).values = [
          [`${t.name} below`],
        ];
        await ctx.sync();
      });
    } else await surround(run, t.sheet.name, t.rect, t.name);
  }
  const sheetsBefore = wb.model.sheets.map((s) => ({ name: s.name, visibility: s.visibility }));
  const kept = userCells(wb);

  await loadSample(run, { today: TODAY });
  await addPrefilledRow(run, 'Adjustments', {
    adjustmentId: 'ADJ-900',
    projectId: 'PS-2026-001',
    milestone: '投标',
    adjustmentType: '费用',
    costChange: 20_000,
  });
  await addPrefilledRow(run, 'Terminations', { projectId: 'PS-2026-002', details: '客户取消' });
  await addPrefilledRow(run, 'Summaries', { projectId: 'PS-2026-003' });

  // Repair: a validation cleared and a formula typed over, restored on request.
  await run(async (ctx) => {
    const p = wb.table('Projects')!;
    const stage = TABLE_BY_NAME.Projects.columns.findIndex((c) => c.key === 'stage');
    ctx.workbook.worksheets
      .getItem(p.sheet.name)
      .getRangeByIndexes(p.rect.r0 + 2, p.rect.c0 + stage, 3, 1)
      .dataValidation.clear();
    await ctx.sync();
  });
  const repaired = await setUp(run, { lang: 'zh', restoreFormulas: true });
  expect(repaired).toMatchObject({ changed: true, restoredFormulas: 1 });

  const first = await checkWorkbook(run, { asOf: TODAY });
  const review = await writeReviewSheet(run, first, 'zh');
  const rt = wb.table(REVIEW_TABLE)!;
  await surround(run, review.sheet, rt.rect, 'review');
  await run(async (ctx) => {
    // A column of their own in the review table, and a note far away on that sheet.
    ctx.workbook.tables.getItem(REVIEW_TABLE).columns.add(undefined, undefined, '处理意见');
    await ctx.sync();
    const t = wb.table(REVIEW_TABLE)!;
    ctx.workbook.worksheets.getItem(review.sheet).getRangeByIndexes(t.rect.r0 + 1, t.rect.c1, 1, 1).values = [
      ['已电话沟通'],
    ];
    ctx.workbook.worksheets.getItem(review.sheet).getRange('Z40').values = [['review note']];
    await ctx.sync();
  });
  const keptReview = userCells(wb, [review.sheet]);

  // The second export has fewer rows (a project resolved), the third as many as the first.
  const fewer = {
    ...first,
    projects: first.projects.map((p, i) =>
      i === first.projects.findIndex((x) => x.escalation !== 'none') ? { ...p, escalation: 'none' as const } : p,
    ),
  };
  expect((await writeReviewSheet(run, fewer, 'zh')).sheet).toBe(review.sheet);
  expect((await writeReviewSheet(run, first, 'zh')).sheet).toBe(review.sheet);
  await highlightFindings(run, first.findings);
  await clearHighlights(run);

  expectKept(wb, kept);
  expectKept(wb, keptReview);
  expect(
    wb.model.sheets
      .filter((s) => sheetsBefore.some((b) => b.name === s.name))
      .map((s) => ({ name: s.name, visibility: s.visibility })),
  ).toEqual(sheetsBefore);
  expect(wb.model.tables.filter((t) => t.name === REVIEW_TABLE)).toHaveLength(1);
  expect(wb.sheetNames().filter((n) => n.startsWith('复核'))).toEqual(['复核']);
});

test('an existing sheet keeps its visibility through set-up, even the state sheet a user unhid', async () => {
  const { wb, run } = newBook();
  await setUp(run, { lang: 'zh' });
  await run(async (ctx) => {
    ctx.workbook.worksheets.getItem(STATE_SHEET).visibility = Excel.SheetVisibility.visible;
    ctx.workbook.worksheets.getItem('设置').visibility = Excel.SheetVisibility.hidden;
    ctx.workbook.tables.getItem('Summaries').delete();
    await ctx.sync();
  });
  const res = await setUp(run, { lang: 'zh' });
  expect(res.created).toContain('Summaries');
  expect(wb.sheet(STATE_SHEET).visibility).toBe('Visible');
  expect(wb.sheet('设置').visibility).toBe('Hidden');
});
