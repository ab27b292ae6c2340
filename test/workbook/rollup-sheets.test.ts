/**
 * Writing the roll-up into a workbook (the pane's Roll-up page and `presales rollup`): tables and the
 * dashboard's native charts, rewritten in place, in a fixed number of round trips.
 */
import { buildRollup, ROLLUP_TABLES, RollupInput } from '../../src/engine/rollup';
import { chartRows, writeRollup } from '../../src/workbook/rollup-sheets';
import { baseline, build, project, salesPlan, milestones, AS_OF } from '../engine/build';
import { measure, newBook } from './helpers';

/** A team workbook of n projects (IDs prefixed by the team). */
function team(prefix: string, n: number): RollupInput {
  const s = baseline('zh');
  s.Projects = [];
  s.SalesPlan = [];
  s.TaskBook = [];
  for (let i = 1; i <= n; i++) {
    const id = `${prefix}-${i}`;
    s.Projects.push(project('zh', { projectId: id, projectName: `项目${prefix}${i}`, customer: `客户${prefix}${i}` }));
    s.SalesPlan.push(...salesPlan(id));
    s.TaskBook.push(...milestones(id).map((m, k) => (k === 0 && i % 3 === 0 ? { ...m, actualCost: 90_000 } : m)));
  }
  return { file: `${prefix}.xlsx`, snapshot: build(s) };
}

const tableRows = (wb: ReturnType<typeof newBook>['wb'], name: string): unknown[][] => {
  const t = wb.model.findTable(name)!;
  const out: unknown[][] = [];
  for (let r = t.rect.r0 + 1; r <= t.rect.r1; r++) {
    const row: unknown[] = [];
    for (let c = t.rect.c0; c <= t.rect.c1; c++) row.push(t.sheet.get(r, c)?.v ?? null);
    out.push(row);
  }
  return out;
};
const blankToNull = (rows: unknown[][]): unknown[][] =>
  rows.map((r) => r.map((v) => (v === '' || v === undefined ? null : v)));

describe('writeRollup', () => {
  test('writes every table of §9 and a dashboard with three native charts over its chart tables', async () => {
    const { wb, run } = newBook();
    const r = buildRollup([team('A', 4), team('B', 2)], { lang: 'zh', asOf: AS_OF });
    const { result, trips } = await measure(wb, () => writeRollup(run, r, 'zh'));
    for (const t of ROLLUP_TABLES) {
      const model = wb.model.findTable(t.name);
      expect(model).toBeDefined();
      const header: unknown[] = [];
      for (let c = model!.rect.c0; c <= model!.rect.c1; c++) header.push(model!.sheet.get(model!.rect.r0, c)?.v);
      expect(header).toEqual(t.columns.map((c) => c.header.zh));
      if (r.rows[t.name].length) expect(blankToNull(tableRows(wb, t.name))).toEqual(blankToNull(r.rows[t.name]));
    }
    const dash = wb.model.sheets.find((s) => s.name === '汇总看板')!;
    expect(dash.charts.map((c) => [c.name, c.type])).toEqual([
      ['PP_PipelineByStage', 'ColumnStacked'],
      ['PP_CostByTeam', 'ColumnClustered'],
      ['PP_EscalationsByTeam', 'ColumnClustered'],
    ]);
    // Each chart reads its whole table, header included.
    const stage = wb.model.findTable('RollupChartStage')!;
    expect(dash.charts[0].source).toEqual(stage.rect);
    expect(blankToNull(tableRows(wb, 'RollupChartCost'))).toEqual(chartRows(r, 'zh').RollupChartCost);
    expect(result.sheets).toEqual(
      expect.arrayContaining(['汇总来源', '项目汇总', '汇总复核', '知识库', '汇总问题', '汇总看板']),
    );
    expect(trips.syncs).toBe(result.syncs);
    expect(trips.syncs).toBeLessThanOrEqual(4);
  });

  test('round trips do not grow with the number of projects; each request stays under 5 MB', async () => {
    const small = newBook();
    const big = newBook();
    const a = await measure(small.wb, () =>
      writeRollup(small.run, buildRollup([team('A', 3)], { lang: 'en', asOf: AS_OF }), 'en'),
    );
    const inputs = Array.from({ length: 10 }, (_, i) => team(`T${i}`, 200));
    const b = await measure(big.wb, () => writeRollup(big.run, buildRollup(inputs, { lang: 'en', asOf: AS_OF }), 'en'));
    expect(b.trips.syncs).toBe(a.trips.syncs);
    expect(big.wb.model.findTable('RollupProjects')!.rect.r1 - big.wb.model.findTable('RollupProjects')!.rect.r0).toBe(
      2000,
    );
    for (const q of big.wb.stats.requests) expect(q.requestBytes).toBeLessThan(5 * 1024 * 1024);
  });

  test('10,000 projects: every row written, in pieces that each keep the request under 5 MB', async () => {
    const { wb, run } = newBook();
    const inputs = Array.from({ length: 25 }, (_, i) => team(`T${i}`, 400));
    const r = buildRollup(inputs, { lang: 'zh', asOf: AS_OF });
    await writeRollup(run, r, 'zh');
    for (const q of wb.stats.requests) expect(q.requestBytes).toBeLessThan(5 * 1024 * 1024);
    const t = wb.model.findTable('RollupProjects')!;
    expect(t.rect.r1 - t.rect.r0).toBe(10_000);
    const last = r.rows.RollupProjects[9_999];
    expect(t.sheet.get(t.rect.r1, t.rect.c0 + 2)?.v).toBe(last[2]);
    // Number formats reach the last row too.
    const money = ROLLUP_TABLES[1].columns.findIndex((c) => c.format === 'money');
    expect(t.sheet.get(t.rect.r1, t.rect.c0 + money)?.nf).toBe('#,##0.00');

    // Rewritten in place with more rows than before: pieces appended in order.
    const more = buildRollup([...inputs, team('U', 300)], { lang: 'zh', asOf: AS_OF });
    await writeRollup(run, more, 'zh');
    for (const q of wb.stats.requests) expect(q.requestBytes).toBeLessThan(5 * 1024 * 1024);
    expect(blankToNull(tableRows(wb, 'RollupProjects'))).toEqual(blankToNull(more.rows.RollupProjects));
  }, 120_000);

  test('a second roll-up rewrites the tables in place: a director’s notes stay, no sheet is added or deleted', async () => {
    const { wb, run } = newBook();
    await writeRollup(run, buildRollup([team('A', 5), team('B', 5)], { lang: 'zh', asOf: AS_OF }), 'zh');
    const projects = wb.model.findTable('RollupProjects')!;
    const sheet = projects.sheet;
    const sheetsBefore = wb.model.sheets.map((s) => s.id);
    // Notes beside the table, and on the dashboard.
    const noteCol = projects.rect.c1 + 2;
    sheet.ensure(projects.rect.r0 + 1, noteCol).v = '请核实华东的数据';
    const dash = wb.model.sheets.find((s) => s.name === '汇总看板')!;
    dash.ensure(0, 30).v = '周会用';

    await writeRollup(run, buildRollup([team('A', 2)], { lang: 'zh', asOf: AS_OF }), 'zh');
    expect(wb.model.sheets.map((s) => s.id)).toEqual(sheetsBefore);
    expect(wb.model.findTable('RollupProjects')!.rect.r1 - wb.model.findTable('RollupProjects')!.rect.r0).toBe(2);
    expect(sheet.get(projects.rect.r0 + 1, noteCol)?.v).toBe('请核实华东的数据');
    expect(dash.get(0, 30)?.v).toBe('周会用');
    expect(dash.charts).toHaveLength(3);

    const grown = buildRollup([team('A', 7), team('C', 3)], { lang: 'zh', asOf: AS_OF });
    await writeRollup(run, grown, 'zh');
    expect(blankToNull(tableRows(wb, 'RollupProjects'))).toEqual(blankToNull(grown.rows.RollupProjects));
    expect(sheet.get(projects.rect.r0 + 1, noteCol)?.v).toBe('请核实华东的数据');
    expect(wb.model.sheets.map((s) => s.id)).toEqual(sheetsBefore);
  });

  test('sheet names already taken by the user are left alone', async () => {
    const { wb, run } = newBook();
    await run(async (ctx) => {
      ctx.workbook.worksheets.add('Dashboard').getRange('A1').values = [['mine']];
      await ctx.sync();
    });
    await writeRollup(run, buildRollup([team('A', 2)], { lang: 'en', asOf: AS_OF }), 'en');
    expect(wb.model.sheets.find((s) => s.name === 'Dashboard')!.get(0, 0)?.v).toBe('mine');
    expect(wb.model.sheets.find((s) => s.name === 'Dashboard (2)')!.charts).toHaveLength(3);
  });
});
