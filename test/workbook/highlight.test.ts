/**
 * Excel integration — highlight then clear: every cell's fill, font and number format is exactly as
 * before, including a cell the user had filled, after highlighting once or twice.
 */
import { splitAddress } from '../../src/engine/address';
import { MemoryWorkbook } from '../../src/hosts/memory';
import { parseRect } from '../../src/hosts/memory/address';
import {
  Analysis,
  checkWorkbook,
  clearHighlights,
  ExcelRunner,
  fixAmountAsText,
  highlightFindings,
  loadSample,
  setUp,
  STATE_SHEET,
} from '../../src/workbook';
import { formatSnapshot, newBook, serializeModel, TODAY } from './helpers';

const USER_FILL = '#92D050';

describe.each([
  ['an empty workbook', false],
  ['a workbook whose sheet is named like ours (addresses with quoted sheet names)', true],
])('highlight then clear, on %s', (_label, userSheet) => {
  let wb: MemoryWorkbook;
  let run: ExcelRunner;
  let analysis: Analysis;
  let userCell: string;

  beforeAll(async () => {
    ({ wb, run } = newBook());
    if (userSheet)
      await run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem('Sheet1');
        ws.name = '项目信息表';
        ws.getRange('A1:B2').values = [
          ['我的', '数据'],
          [1, 2],
        ];
        ws.getRange('A1:B1').format.fill.color = '#FFFF00';
        await ctx.sync();
      });
    await setUp(run, { lang: 'zh' });
    await loadSample(run, { today: TODAY });
    analysis = await checkWorkbook(run, { asOf: TODAY });
    // The user had filled one of the cells a finding points at, and bolded another.
    userCell = analysis.findings.find((f) => f.code === 'sponsor-not-person')!.cell;
    const bold = analysis.findings.find((f) => f.code === 'not-in-list')!.cell;
    await run(async (ctx) => {
      for (const [a, fn] of [
        [userCell, (r: Excel.Range) => (r.format.fill.color = USER_FILL)],
        [bold, (r: Excel.Range) => (r.format.font.bold = true)],
      ] as const) {
        const { sheet, range } = splitAddress(a);
        fn(ctx.workbook.worksheets.getItem(sheet!).getRange(range));
      }
      await ctx.sync();
    });
    if (userSheet) expect(userCell.startsWith("'项目信息表 (2)'!")).toBe(true);
  });

  const cellOf = (address: string) => {
    const { sheet, range } = splitAddress(address);
    const rect = parseRect(range);
    return wb.sheet(sheet!).get(rect.r0, rect.c0);
  };

  test('highlighting colours each finding cell by severity; clearing restores every format, value and sheet', async () => {
    const formats = formatSnapshot(wb);
    const model = serializeModel(wb);
    const n = await highlightFindings(run, analysis.findings);
    const cells = new Set(analysis.findings.map((f) => f.cell));
    expect(n).toBe(cells.size);
    expect(cellOf(userCell)?.fill).toBe('#F8CBAD'); // an error
    const warning = analysis.findings.find(
      (f) => f.severity === 'warning' && analysis.findings.every((g) => g.cell !== f.cell || g.severity === 'warning'),
    )!;
    expect(cellOf(warning.cell)?.fill).toBe('#FFE699');
    expect(formatSnapshot(wb)).not.toEqual(formats);

    const restored = await clearHighlights(run);
    expect(restored).toBe(cells.size);
    expect(cellOf(userCell)?.fill).toBe(USER_FILL);
    expect(formatSnapshot(wb)).toEqual(formats);
    expect(serializeModel(wb)).toEqual(model);
  });

  test('highlighting twice then clearing once also restores', async () => {
    const formats = formatSnapshot(wb);
    const model = serializeModel(wb);
    await highlightFindings(run, analysis.findings);
    // The second highlight, after a new check, sees the first one's fills: it must not save those.
    const again = await checkWorkbook(run, { asOf: TODAY });
    await highlightFindings(run, again.findings);
    await clearHighlights(run);
    expect(cellOf(userCell)?.fill).toBe(USER_FILL);
    expect(formatSnapshot(wb)).toEqual(formats);
    expect(serializeModel(wb)).toEqual(model);
    // Clearing with nothing highlighted changes nothing.
    expect(await clearHighlights(run)).toBe(0);
    expect(serializeModel(wb)).toEqual(model);
    expect(wb.sheet(STATE_SHEET).visibility).toBe('VeryHidden');
  });

  test('highlight and clear take two round trips each', async () => {
    wb.resetStats();
    await highlightFindings(run, analysis.findings);
    expect(wb.stats.syncs).toBe(2);
    wb.resetStats();
    await clearHighlights(run);
    expect(wb.stats.syncs).toBe(2);
  });
});

describe('clearing after the user renamed or deleted sheets', () => {
  async function highlighted(): Promise<{ wb: MemoryWorkbook; run: ExcelRunner; analysis: Analysis }> {
    const { wb, run } = newBook();
    await setUp(run, { lang: 'en' });
    await loadSample(run, { today: TODAY });
    const analysis = await checkWorkbook(run, { asOf: TODAY });
    return { wb, run, analysis };
  }
  const sheetOf = (a: string): string => splitAddress(a).sheet!;
  const fillAt = (wb: MemoryWorkbook, sheet: string, address: string) => {
    const rect = parseRect(splitAddress(address).range);
    return wb.sheet(sheet).get(rect.r0, rect.c0)?.fill;
  };

  test('a renamed sheet is found by its worksheet id and cleared', async () => {
    const { wb, run, analysis } = await highlighted();
    const formats = formatSnapshot(wb);
    await highlightFindings(run, analysis.findings);
    const onProjects = analysis.findings.find((f) => sheetOf(f.cell) === 'Projects')!;
    expect(fillAt(wb, 'Projects', onProjects.cell)).toBeDefined();
    const id = wb.sheet('Projects').id;
    await run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Projects').name = 'Pipeline 2026';
      await ctx.sync();
    });
    expect(wb.sheet('Pipeline 2026').id).toBe(id); // Excel keeps a worksheet's id across a rename
    const cells = new Set(analysis.findings.map((f) => f.cell));
    expect(await clearHighlights(run)).toBe(cells.size);
    expect(fillAt(wb, 'Pipeline 2026', onProjects.cell)).toBeUndefined();
    // Every other cell is as before too (the snapshot names sheets, so compare after renaming back).
    await run(async (ctx) => {
      ctx.workbook.worksheets.getItem(id).name = 'Projects';
      await ctx.sync();
    });
    expect(formatSnapshot(wb)).toEqual(formats);
  });

  test('a deleted sheet is skipped and the rest is cleared', async () => {
    const { wb, run, analysis } = await highlighted();
    await highlightFindings(run, analysis.findings);
    const gone = sheetOf(analysis.findings.find((f) => sheetOf(f.cell) !== 'Projects')!.cell);
    await run(async (ctx) => {
      ctx.workbook.worksheets.getItem(gone).delete();
      await ctx.sync();
    });
    const left = new Set(analysis.findings.filter((f) => sheetOf(f.cell) !== gone).map((f) => f.cell));
    expect(await clearHighlights(run)).toBe(left.size);
    for (const c of left) expect(['#F8CBAD', '#FFE699', '#DDEBF7']).not.toContain(fillAt(wb, sheetOf(c), c));
    expect(await clearHighlights(run)).toBe(0);
  });

  test('rows saved by an earlier version (sheet by name) are still cleared', async () => {
    const { wb, run, analysis } = await highlighted();
    const f = analysis.findings.find((x) => sheetOf(x.cell) === 'Projects')!;
    const rect = parseRect(splitAddress(f.cell).range);
    await run(async (ctx) => {
      const { sheet, range } = splitAddress(f.cell);
      ctx.workbook.worksheets.getItem(sheet!).getRange(range).format.fill.color = '#FFE699';
      ctx.workbook.worksheets.getItem(STATE_SHEET).getRange('A1:B1').values = [[`'${f.cell}`, '']];
      await ctx.sync();
    });
    expect(await clearHighlights(run)).toBe(1);
    expect(wb.sheet('Projects').get(rect.r0, rect.c0)?.fill).toBeUndefined();
  });
});

describe('a fix clears its own highlight', () => {
  async function highlightedBook(lang: 'zh' | 'en') {
    const { wb, run } = newBook();
    await setUp(run, { lang });
    await loadSample(run, { today: TODAY });
    const analysis = await checkWorkbook(run, { asOf: TODAY });
    const fix = analysis.findings.find((f) => f.code === 'amount-as-text')!;
    expect(fix).toBeDefined();
    return { wb, run, analysis, fix };
  }
  const fillOf = (wb: MemoryWorkbook, address: string) => {
    const { sheet, range } = splitAddress(address);
    const rect = parseRect(range);
    return wb.sheet(sheet!).get(rect.r0, rect.c0)?.fill;
  };

  test.each(['zh', 'en'] as const)(
    '(%s) the fixed cell gets back the fill it had; every other highlight stays and is still cleared later',
    async (lang) => {
      const { wb, run, analysis, fix } = await highlightedBook(lang);
      // The user had filled the cell the fix writes.
      await run(async (ctx) => {
        const { sheet, range } = splitAddress(fix.cell);
        ctx.workbook.worksheets.getItem(sheet!).getRange(range).format.fill.color = USER_FILL;
        await ctx.sync();
      });
      const formats = formatSnapshot(wb);
      await highlightFindings(run, analysis.findings);
      expect(fillOf(wb, fix.cell)).toBe('#F8CBAD');
      const others = [...new Set(analysis.findings.map((f) => f.cell))].filter((c) => c !== fix.cell);
      const highlighted = new Map(others.map((c) => [c, fillOf(wb, c)]));

      wb.resetStats();
      expect(await fixAmountAsText(run, fix)).toBe(fix.fixValue);
      expect(wb.stats.syncs).toBe(2); // the same two round trips as a fix without a highlight
      expect(fillOf(wb, fix.cell)).toBe(USER_FILL);
      for (const [c, color] of highlighted) expect(fillOf(wb, c)).toBe(color);
      // Clearing the rest puts every format back as it was; the fixed cell is not "restored" twice.
      expect(await clearHighlights(run)).toBe(others.length);
      expect(formatSnapshot(wb)).toEqual(formats);
    },
  );

  test('a cell with no highlight keeps its fill, and the saved highlights are untouched', async () => {
    const { wb, run, analysis, fix } = await highlightedBook('zh');
    await highlightFindings(
      run,
      analysis.findings.filter((f) => f.cell !== fix.cell),
    );
    const state = () =>
      JSON.stringify((serializeModel(wb) as { sheets: { name: string }[] }).sheets.find((x) => x.name === STATE_SHEET));
    const before = state();
    wb.resetStats();
    await fixAmountAsText(run, fix);
    expect(wb.stats.syncs).toBe(2);
    expect(fillOf(wb, fix.cell)).toBeUndefined();
    expect(state()).toBe(before);
  });

  test('after the sheet was renamed, the fix still finds its highlight by worksheet id', async () => {
    const { wb, run, analysis, fix } = await highlightedBook('en');
    await highlightFindings(run, analysis.findings);
    const { sheet, range } = splitAddress(fix.cell);
    await run(async (ctx) => {
      ctx.workbook.worksheets.getItem(sheet!).name = 'Pipeline 2026';
      await ctx.sync();
    });
    await fixAmountAsText(run, { ...fix, cell: `'Pipeline 2026'!${range}` });
    expect(fillOf(wb, `'Pipeline 2026'!${range}`)).toBeUndefined();
    const left = new Set(analysis.findings.map((f) => f.cell)).size - 1;
    expect(await clearHighlights(run)).toBe(left);
  });

  test('a row saved by an earlier version (sheet by name) is restored and dropped too', async () => {
    const { wb, run, fix } = await highlightedBook('zh');
    const { sheet, range } = splitAddress(fix.cell);
    await run(async (ctx) => {
      ctx.workbook.worksheets.getItem(sheet!).getRange(range).format.fill.color = '#F8CBAD';
      ctx.workbook.worksheets.getItem(STATE_SHEET).getRange('A1:B1').values = [[`'${fix.cell}`, `'${USER_FILL}`]];
      await ctx.sync();
    });
    await fixAmountAsText(run, fix);
    expect(fillOf(wb, fix.cell)).toBe(USER_FILL);
    expect(await clearHighlights(run)).toBe(0);
  });

  test('a workbook without the highlight state sheet is still fixed', async () => {
    const { wb, run, fix } = await highlightedBook('zh');
    await run(async (ctx) => {
      ctx.workbook.worksheets.getItem(STATE_SHEET).delete();
      await ctx.sync();
    });
    wb.resetStats();
    expect(await fixAmountAsText(run, fix)).toBe(fix.fixValue);
    expect(wb.stats.syncs).toBe(3);
  });
});
