/**
 * Excel integration — navigation, fixes, forms, the project at the selection, the review sheet and the
 * sample loader's refusals.
 */
import { columnFormula } from '../../src/engine/formulas';
import { LISTS } from '../../src/engine/lists';
import { reviewItems } from '../../src/engine/review';
import { TABLE_BY_NAME } from '../../src/engine/schema';
import { MemoryWorkbook } from '../../src/hosts/memory';
import { rectA1 } from '../../src/hosts/memory/address';
import {
  addPrefilledRow,
  Analysis,
  checkWorkbook,
  ExcelRunner,
  fixAmountAsText,
  goToCell,
  loadSample,
  projectAtSelection,
  REVIEW_TABLE,
  setUp,
  UserError,
  writeReviewSheet,
} from '../../src/workbook';
import { newBook, TODAY } from './helpers';

let wb: MemoryWorkbook;
let run: ExcelRunner;
let analysis: Analysis;

beforeAll(async () => {
  ({ wb, run } = newBook());
  await setUp(run, { lang: 'zh' });
  await loadSample(run, { today: TODAY });
  analysis = await checkWorkbook(run, { asOf: TODAY });
});

const selection = () => ({
  sheet: wb.model.selection!.sheet.name,
  range: rectA1(wb.model.selection!.rect),
  active: wb.model.activeSheet!.name,
});

describe('goToCell', () => {
  test('activates the sheet of the address and selects the cell', async () => {
    await goToCell(run, '项目信息表!G7');
    expect(selection()).toEqual({ sheet: '项目信息表', range: 'G7', active: '项目信息表' });
    await goToCell(run, '售前项目任务书!H13');
    expect(selection()).toEqual({ sheet: '售前项目任务书', range: 'H13', active: '售前项目任务书' });
    wb.resetStats();
    await goToCell(run, "'任务书调整表'!A7");
    expect(selection()).toEqual({ sheet: '任务书调整表', range: 'A7', active: '任务书调整表' });
    expect(wb.stats.syncs).toBe(1);
  });
});

describe('fixAmountAsText', () => {
  test('writes the number the text means', async () => {
    const f = analysis.findings.find((x) => x.code === 'amount-as-text')!;
    expect(wb.cell('项目信息表', 'J11').value).toBe('1.2亿');
    expect(await fixAmountAsText(run, f)).toBe(120_000_000);
    expect(wb.cell('项目信息表', 'J11')).toMatchObject({ value: 120_000_000, valueType: 'Double' });
    // Fixed: the finding is gone, and the same fix again is refused (the cell no longer holds that text).
    const again = await checkWorkbook(run, { asOf: TODAY });
    expect(again.findings.filter((x) => x.code === 'amount-as-text')).toEqual([]);
    await expect(fixAmountAsText(run, f)).rejects.toBeInstanceOf(UserError);
  });

  test('refuses when the cell changed since the check, and leaves it alone', async () => {
    await run(async (ctx) => {
      ctx.workbook.worksheets.getItem('项目信息表').getRange('J11').values = [['50万']];
      await ctx.sync();
    });
    const f = (await checkWorkbook(run, { asOf: TODAY })).findings.find((x) => x.code === 'amount-as-text')!;
    expect(f.fixValue).toBe(500_000);
    await run(async (ctx) => {
      ctx.workbook.worksheets.getItem('项目信息表').getRange('J11').values = [['80万']];
      await ctx.sync();
    });
    await expect(fixAmountAsText(run, f)).rejects.toBeInstanceOf(UserError);
    expect(wb.cell('项目信息表', 'J11').value).toBe('80万');
    const other = analysis.findings.find((x) => x.code === 'sponsor-not-person')!;
    await expect(fixAmountAsText(run, other)).rejects.toBeInstanceOf(UserError);
  });
});

describe('the fix of a policy-invalid finding', () => {
  test('writes the number “6%” reads as, only while the cell still holds that text', async () => {
    const policyCell = async (value: unknown): Promise<void> =>
      run(async (ctx) => {
        const t = ctx.workbook.tables.getItem('Policy').getDataBodyRange().load('values,address');
        await ctx.sync();
        const i = (t.values as unknown[][]).findIndex((r) => r[0] === 'FeeRatioA');
        // Excel reads "6%" typed into a General cell as 0.06; a text-formatted cell keeps the text.
        const cell = t.getCell(i, 1);
        cell.numberFormat = [[typeof value === 'string' ? '@' : '0.00%']];
        cell.values = [[value]];
        await ctx.sync();
      });
    await policyCell('6%');
    const f = (await checkWorkbook(run, { asOf: TODAY })).findings.find((x) => x.code === 'policy-invalid')!;
    expect(f).toMatchObject({ fixValue: 0.06, fixFrom: '6%', table: 'Policy', column: 'value' });
    await policyCell('7%');
    await expect(fixAmountAsText(run, f)).rejects.toBeInstanceOf(UserError);
    await policyCell('6%');
    expect(await fixAmountAsText(run, f)).toBe(0.06);
    const again = await checkWorkbook(run, { asOf: TODAY });
    expect(again.findings.filter((x) => x.code === 'policy-invalid')).toEqual([]);
    await policyCell(0.05);
  });
});

describe('addPrefilledRow', () => {
  test('writes a row after the last one, formula-like text stays text, computed columns get formulas, and selects it', async () => {
    const before = wb.table('Adjustments')!.rect.r1;
    const address = await addPrefilledRow(run, 'Adjustments', {
      adjustmentId: '=ADJ-900',
      projectId: 'PS-2026-001',
      milestone: '@投标',
      adjustmentType: '费用',
      costChange: 20_000,
      reason: '+增加一次 POC',
      requestedBy: '-张伟',
      requestDate: TODAY,
      sponsorConfirmed: '否',
      decision: '待审批',
    });
    const row = before + 1;
    expect(address).toBe(`任务书调整表!A${row + 1}`);
    expect(wb.table('Adjustments')!.rect.r1).toBe(row);
    const cell = (col: string) => wb.cell('任务书调整表', `${col}${row + 1}`);
    expect(cell('A')).toMatchObject({ value: '=ADJ-900', valueType: 'String' });
    expect(cell('A').formula).toBeUndefined();
    expect(cell('C')).toMatchObject({ value: '@投标', valueType: 'String' });
    expect(cell('G')).toMatchObject({ value: '+增加一次 POC', valueType: 'String' });
    expect(cell('H')).toMatchObject({ value: '-张伟', valueType: 'String' });
    expect(cell('G').formula).toBeUndefined();
    expect(cell('E')).toMatchObject({ value: 20_000, valueType: 'Double' });
    const schema = TABLE_BY_NAME.Adjustments;
    expect(cell('K').formula).toBe(
      columnFormula(
        schema,
        schema.columns.find((c) => c.key === 'requiredApproval')!,
        'zh',
      ),
    );
    expect(selection()).toEqual({ sheet: '任务书调整表', range: `A${row + 1}:P${row + 1}`, active: '任务书调整表' });
    // The new row is read back as typed.
    const a = await checkWorkbook(run, { asOf: TODAY });
    const AD = a.model.tables.Adjustments;
    expect(AD.cells[AD.rows[AD.rows.length - 1]][0]).toBe('=ADJ-900');
  });

  test('on a fresh set-up, fills the blank first row of the table', async () => {
    const fresh = newBook();
    await setUp(fresh.run, { lang: 'en' });
    const address = await addPrefilledRow(fresh.run, 'Terminations', {
      projectId: 'P-1',
      details: '=1+1',
      sponsorOpinion: "'as quoted'",
      decision: 'Pending',
    });
    expect(address).toBe('Terminations!A2');
    expect(fresh.wb.table('Terminations')!.rect.r1).toBe(1);
    expect(fresh.wb.cell('Terminations', 'E2')).toMatchObject({ value: '=1+1', valueType: 'String' });
    expect(fresh.wb.cell('Terminations', 'G2')).toMatchObject({ value: "'as quoted'", valueType: 'String' });
    expect(fresh.wb.cell('Terminations', 'F2').formula).toMatch(/^=/);
  });
});

describe('projectAtSelection', () => {
  const at = async (sheet: string, a1: string) => {
    await wb.setSelection(sheet, a1);
    return projectAtSelection(run);
  };
  test('returns the project of a selected row in Projects, TaskBook and Adjustments', async () => {
    expect(await at('项目信息表', 'C5')).toMatchObject({ table: 'Projects', projectId: 'PS-2026-004', row: 3 });
    expect(await at('项目信息表', 'AA2:AA3')).toMatchObject({ table: 'Projects', projectId: 'PS-2026-001', row: 0 });
    expect(await at('售前项目任务书', 'F5')).toMatchObject({ table: 'TaskBook', projectId: 'PS-2026-002', row: 3 });
    expect(await at('任务书调整表', 'L6')).toMatchObject({ table: 'Adjustments', projectId: 'PS-2026-013', row: 4 });
    expect(await at('销售策划案', 'D2')).toMatchObject({ table: 'SalesPlan', projectId: 'PS-2026-001' });
  });
  test('returns null outside our tables', async () => {
    expect(await at('项目信息表', 'A1')).toBeNull(); // the header row
    expect(await at('项目信息表', 'AE5')).toBeNull(); // right of the table
    expect(await at('项目信息表', 'B200')).toBeNull(); // below it
    expect(await at('设置', 'A3')).toBeNull(); // Policy has no project
    expect(await at('Sheet1', 'A1')).toBeNull();
  });
});

describe('writeReviewSheet', () => {
  test('writes the escalated projects by level then overrun, with a chart; a second call replaces the sheet', async () => {
    const a = await checkWorkbook(run, { asOf: TODAY });
    const first = await writeReviewSheet(run, a, 'zh');
    expect(first.sheet).toBe('复核');
    const items = reviewItems(a);
    expect(first.rows).toBe(items.length);
    expect(items.length).toBeGreaterThan(3);
    const t = wb.table(REVIEW_TABLE)!;
    expect(t.sheet.name).toBe('复核');
    const read = (r: number, c: number) => t.sheet.get(r, c)?.v;
    const label = (key: string) => LISTS.Escalations.find((e) => e.key === key)!.zh;
    const rank = (v: unknown) => (v === label('leadership') ? 0 : v === label('adjustment') ? 1 : 2);
    const rows: { id: unknown; level: number; overrun: number }[] = [];
    for (let r = t.rect.r0 + 1; r <= t.rect.r1; r++)
      rows.push({ id: read(r, 0), level: rank(read(r, 4)), overrun: Number(read(r, 9)) });
    expect(rows.map((r) => r.id)).toEqual(items.map((i) => i.projectId));
    for (let i = 1; i < rows.length; i++) {
      const [p, q] = [rows[i - 1], rows[i]];
      expect(p.level < q.level || (p.level === q.level && p.overrun >= q.overrun)).toBe(true);
    }
    expect(rows[0].level).toBe(0);
    expect(rows.every((r) => r.level < 2)).toBe(true);
    // Each escalation explains itself: the rule that fired, with its numbers.
    const p5 = [...Array(t.rect.r1 - t.rect.r0).keys()]
      .map((i) => t.rect.r0 + 1 + i)
      .find((r) => read(r, 0) === 'PS-2026-005')!;
    expect(read(p5, 13)).toBe('计划费用 ¥95,000 > 费用额度 ¥88,000（B 级：毛利 ¥2,200,000 × 4%）');
    expect(t.sheet.charts).toHaveLength(1);
    expect(wb.model.activeSheet!.name).toBe('复核');

    await writeReviewSheet(run, a, 'zh');
    expect(wb.sheetNames().filter((n) => n.startsWith('复核'))).toEqual(['复核']);
    expect(wb.model.tables.filter((x) => x.name === REVIEW_TABLE)).toHaveLength(1);
    expect(wb.table(REVIEW_TABLE)!.sheet.charts).toHaveLength(1);
  });

  test('a user sheet named 复核 is left alone; ours goes next to it', async () => {
    const fresh = newBook();
    await fresh.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Sheet1').name = '复核';
      ctx.workbook.worksheets.getItem('复核').getRange('A1').values = [['mine']];
      await ctx.sync();
    });
    await setUp(fresh.run, { lang: 'zh' });
    await loadSample(fresh.run, { today: TODAY });
    const a = await checkWorkbook(fresh.run, { asOf: TODAY });
    expect((await writeReviewSheet(fresh.run, a, 'zh')).sheet).toBe('复核 (2)');
    expect((await writeReviewSheet(fresh.run, a, 'zh')).sheet).toBe('复核 (2)');
    expect(fresh.wb.cell('复核', 'A1').value).toBe('mine');
  });
});

describe('loadSample refuses', () => {
  test('when the tables hold data', async () => {
    const err = await loadSample(run, { today: TODAY }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).text.zh).toMatch(/已有数据/);
  });
  test('when the workbook is not set up', async () => {
    const fresh = newBook();
    const err = await loadSample(fresh.run, { today: TODAY }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(fresh.wb.sheetNames()).toEqual(['Sheet1']);
  });
  test('when only one table holds a row the user typed', async () => {
    const fresh = newBook();
    await setUp(fresh.run, { lang: 'zh' });
    await fresh.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('设置').getRange('H2').values = [['我']];
      await ctx.sync();
    });
    await expect(loadSample(fresh.run, { today: TODAY })).rejects.toBeInstanceOf(UserError);
    expect(fresh.wb.table('Projects')!.rect.r1).toBe(1);
  });
});
