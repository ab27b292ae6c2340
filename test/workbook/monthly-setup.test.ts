/**
 * Set-up brings a workbook made before the monthly cycle (spec §8) up to date: the MonthlyReports and
 * WarRoom tables, the MeetingDecisions list, the new policy keys and their names — and nothing the
 * user typed changes.
 */
import { listName } from '../../src/engine/layout';
import { LISTS } from '../../src/engine/lists';
import { POLICY, policyName } from '../../src/engine/policy';
import { TABLES } from '../../src/engine/schema';
import { checkWorkbook, LISTS_TABLE, loadSample, setUp } from '../../src/workbook';
import { newBook, sheetCells, TODAY } from './helpers';

const NEW_KEYS = [
  'ReportDueDay',
  'WarRoomDaysA',
  'WarRoomDaysB',
  'WarRoomDaysC',
  'WarRoomDaysD',
  'AgendaLookaheadDays',
  'Team',
];

describe.each(['zh', 'en'] as const)('set-up on a workbook made before the monthly cycle (%s)', (lang) => {
  test('adds the tables, list, policy rows and names; every typed cell stays as it was', async () => {
    const { wb, run } = newBook();
    await setUp(run, { lang });
    await loadSample(run, { lang, today: TODAY });
    // Make it an old workbook: no §8 sheets, no MeetingDecisions column, no §8 policy rows or names.
    await run(async (ctx) => {
      for (const t of ['MonthlyReports', 'WarRoom']) ctx.workbook.tables.getItem(t).worksheet.delete();
      const decisions = lang === 'zh' ? '会议决定' : 'Meeting decisions';
      ctx.workbook.tables.getItem(LISTS_TABLE).columns.getItem(decisions).delete();
      ctx.workbook.names.getItem(listName('MeetingDecisions')).delete();
      for (const k of NEW_KEYS) ctx.workbook.names.getItem(policyName(k as never)).delete();
      await ctx.sync();
    });
    await run(async (ctx) => {
      const body = ctx.workbook.tables.getItem('Policy').getDataBodyRange().load('values');
      await ctx.sync();
      const rows = body.values.map((r, i) => ({ key: String(r[0]), i })).filter((r) => NEW_KEYS.includes(r.key));
      for (const r of rows.reverse()) ctx.workbook.tables.getItem('Policy').rows.getItemAt(r.i).delete();
      await ctx.sync();
    });
    // The user changed a policy value and typed into the data sheets.
    await run(async (ctx) => {
      ctx.workbook.tables.getItem('Policy').getDataBodyRange().getCell(0, 1).values = [[4_000_000]];
      await ctx.sync();
    });
    expect(wb.table('MonthlyReports')).toBeUndefined();
    const before = new Map(wb.model.sheets.map((s) => [s.name, sheetCells(s)]));

    const res = await setUp(run, { lang });
    expect(res.changed).toBe(true);
    expect(res.created).toEqual(expect.arrayContaining(['MonthlyReports', 'WarRoom']));

    // Every cell that existed is as it was (the Policy table and the lists table only grew).
    for (const s of wb.model.sheets) {
      const old = before.get(s.name);
      if (!old) continue;
      const now = sheetCells(s);
      for (const [addr, cell] of Object.entries(old))
        expect({ sheet: s.name, addr, cell: now[addr] }).toEqual({ sheet: s.name, addr, cell });
    }
    // New tables with their headers in the workbook's language.
    for (const name of ['MonthlyReports', 'WarRoom'] as const) {
      const schema = TABLES.find((t) => t.name === name)!;
      expect(wb.table(name)!.columns.map((c) => c.name)).toEqual(schema.columns.map((c) => c.header[lang]));
    }
    // The new policy keys with their defaults, reachable by name; the user's value kept.
    const m = wb.model;
    for (const k of NEW_KEYS) {
      const e = POLICY.find((p) => p.key === k)!;
      const ref = m.resolveReference(m.findName(policyName(e.key))!.formula)!;
      expect(ref.sheet.get(ref.rect.r0, ref.rect.c0 - 1)?.v).toBe(k);
      expect(ref.sheet.get(ref.rect.r0, ref.rect.c0)?.v ?? null).toBe(e.default === null ? null : e.default);
    }
    const tier5 = m.resolveReference(m.findName(policyName('MarginTier5'))!.formula)!;
    expect(tier5.sheet.get(tier5.rect.r0, tier5.rect.c0)?.v).toBe(4_000_000);
    // The dropdown of the new list.
    const dec = m.resolveReference(m.findName(listName('MeetingDecisions'))!.formula)!;
    const got: unknown[] = [];
    for (let r = dec.rect.r0; r <= dec.rect.r1; r++) got.push(dec.sheet.get(r, dec.rect.c0)?.v);
    expect(got).toEqual(LISTS.MeetingDecisions.map((i) => i[lang]));
    // The other lists still point at their own values.
    const stages = m.resolveReference(m.findName(listName('Stages'))!.formula)!;
    expect(stages.sheet.get(stages.rect.r0, stages.rect.c0)?.v).toBe(LISTS.Stages[0][lang]);

    const analysis = await checkWorkbook(run, { asOf: TODAY });
    expect(analysis.findings.filter((f) => f.code === 'missing-table' || f.code === 'missing-column')).toEqual([]);
    expect(analysis.findings.some((f) => f.code === 'monthly-report-missing')).toBe(true);

    // A second run has nothing left to do.
    expect((await setUp(run, { lang })).changed).toBe(false);
  });
});
