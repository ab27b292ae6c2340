/**
 * Excel integration — the war-room meeting (spec §8) against the strict host: the printable agenda
 * sheet, recording decisions, drafting a monthly report. Each in a fixed number of round trips; none
 * overwrites a cell.
 */
import { buildAgenda } from '../../src/engine/agenda';
import { monthIndexOfSerial, monthStart } from '../../src/engine/monthly';
import { serialFromYmd } from '../../src/engine/values';
import { exportXlsx, importXlsx } from '../../src/hosts/xlsx';
import {
  AGENDA_TABLE,
  checkWorkbook,
  draftMonthlyReport,
  loadSample,
  recordDecisions,
  setUp,
  UserError,
  writeAgendaSheet,
} from '../../src/workbook';
import { measure, newBook, sheetCells, TODAY } from './helpers';

async function sampleBook(lang: 'zh' | 'en') {
  const b = newBook();
  await setUp(b.run, { lang });
  await loadSample(b.run, { lang, today: TODAY });
  return b;
}

describe.each(['zh', 'en'] as const)('the war-room meeting (%s)', (lang) => {
  test('the agenda sheet: title with date and sponsor, one row per item, A4 landscape, one page wide, header repeated', async () => {
    const { wb, run } = await sampleBook(lang);
    const a = await checkWorkbook(run, { asOf: TODAY });
    const agenda = buildAgenda(a, { date: TODAY });
    const { result, trips } = await measure(wb, () => writeAgendaSheet(run, agenda, lang));
    expect(trips.syncs).toBe(2);
    const sheet = wb.sheet(result.sheet);
    expect(result.sheet).toBe(lang === 'zh' ? '例会议程' : 'Agenda');
    const title = String(sheet.get(0, 0)?.v);
    expect(title).toContain('2026-06-01');
    expect(title).toContain(lang === 'zh' ? '全部发起人' : 'all sponsors');
    const t = wb.table(AGENDA_TABLE)!;
    expect(t.rect.r0).toBe(2);
    expect(t.rect.r1 - t.rect.r0).toBe(agenda.items.length);
    expect(sheet.get(3, 2)?.v).toBe(agenda.items[0].projectId);
    expect(sheet.page).toEqual({
      orientation: 'Landscape',
      paperSize: 'A4',
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      printTitleRows: { r0: 2, r1: 2 },
    });
    // Written again: still one agenda sheet, now for one sponsor.
    const sponsor = agenda.items[0].sponsor;
    const again = await writeAgendaSheet(run, buildAgenda(a, { date: TODAY, sponsor }), lang);
    expect(again.sheet).toBe(result.sheet);
    expect(wb.sheetNames().filter((n) => n.startsWith(result.sheet))).toHaveLength(1);
    expect(String(wb.sheet(again.sheet).get(0, 0)?.v)).toContain(sponsor);
    // The print settings survive .xlsx export and import.
    const back = await importXlsx(await exportXlsx(wb));
    expect(back.sheet(result.sheet).page).toEqual(wb.sheet(result.sheet).page);
  });

  test('an agenda for a sponsor nobody has: the sheet carries the message; recording refuses with a message', async () => {
    const { wb, run } = await sampleBook(lang);
    const a = await checkWorkbook(run, { asOf: TODAY });
    const agenda = buildAgenda(a, { sponsor: 'Nobody' });
    expect(agenda.items).toEqual([]);
    const res = await writeAgendaSheet(run, agenda, lang);
    expect(String(wb.sheet(res.sheet).get(1, 0)?.v)).toBe(agenda.message![lang]);
    await expect(recordDecisions(run, agenda)).rejects.toBeInstanceOf(UserError);
  });

  test('record decisions: one prefilled WarRoom row per agenda project, never twice for one date', async () => {
    const { wb, run } = await sampleBook(lang);
    const a = await checkWorkbook(run, { asOf: TODAY });
    const agenda = buildAgenda(a, { date: TODAY });
    const before = wb.table('WarRoom')!.rect.r1;
    const warSheet = wb.table('WarRoom')!.sheet;
    const cellsBefore = sheetCells(warSheet);
    const { result, trips } = await measure(wb, () => recordDecisions(run, agenda));
    // Table names, where WarRoom is, its two columns and last used row, the write: as many for 10,000 projects (scale.test.ts).
    expect(trips.syncs).toBe(4);
    expect(result.added).toBe(agenda.items.length);
    const t = wb.table('WarRoom')!;
    expect(t.rect.r1 - before).toBe(agenda.items.length);
    for (let i = 0; i < agenda.items.length; i++) {
      const r = before + 1 + i;
      expect(warSheet.get(r, 0)?.v).toBe(TODAY);
      expect(warSheet.get(r, 1)?.v).toBe(agenda.items[i].projectId);
      expect(warSheet.get(r, 2)?.v).toBe(agenda.items[i].sponsor);
      expect(warSheet.get(r, 4)?.v ?? '').toBe('');
    }
    // The rows that were there are as they were.
    for (const [addr, cell] of Object.entries(cellsBefore)) expect(sheetCells(warSheet)[addr]).toEqual(cell);
    expect(wb.model.selection!.rect).toMatchObject({ r0: before + 1, c0: 4 });
    const twice = await recordDecisions(run, agenda);
    expect(twice.added).toBe(0);
    expect(twice.skipped).toHaveLength(agenda.items.length);
  });

  test('draft this month’s report: facts in the workbook’s language, Situation Analysis selected; never a second one', async () => {
    const { wb, run } = await sampleBook(lang);
    const mr = () => wb.table('MonthlyReports')!;
    const last = mr().rect.r1;
    const { result, trips } = await measure(wb, () =>
      draftMonthlyReport(run, { projectId: 'PS-2026-014', asOf: TODAY, today: TODAY }),
    );
    // Table names, the small tables and the project's cells (findAll), its rows, the write: as many for 10,000 projects.
    expect(trips.syncs).toBe(4);
    expect(result.month).toBe(monthStart(monthIndexOfSerial(TODAY)));
    const s = mr().sheet;
    const row = last + 1;
    expect(mr().rect.r1).toBe(row);
    expect(s.get(row, 0)?.v).toBe('PS-2026-014');
    expect(s.get(row, 1)?.v).toBe(serialFromYmd(2026, 6, 1));
    expect(s.get(row, 2)?.v).toBe(lang === 'zh' ? '周婷' : 'Zhou Ting');
    expect(s.get(row, 3)?.v).toBe(lang === 'zh' ? '投标' : 'Bidding');
    const progress = String(s.get(row, 4)?.v);
    expect(progress).toMatch(
      lang === 'zh'
        ? /未完成的里程碑：投标（计划 2026-06-26 完成）/
        : /Open milestones: Bid \(planned end 2026-06-26\)/,
    );
    expect(s.get(row, 5)?.v ?? '').toBe('');
    expect(s.get(row, 9)?.v).toBe(TODAY);
    expect(wb.model.selection!.rect).toMatchObject({ r0: row, c0: 5 });
    await expect(
      draftMonthlyReport(run, { projectId: 'PS-2026-014', asOf: TODAY, today: TODAY }),
    ).rejects.toBeInstanceOf(UserError);
    expect(mr().rect.r1).toBe(row);
    // Last month's report was written by the sample: refused too.
    await expect(
      draftMonthlyReport(run, { projectId: 'PS-2026-014', month: serialFromYmd(2026, 4, 1), today: TODAY }),
    ).rejects.toThrow(/2026-04/);
    await expect(draftMonthlyReport(run, { projectId: 'NOPE', today: TODAY })).rejects.toBeInstanceOf(UserError);
  });
});

describe('the strict host’s page layout', () => {
  test('refuses title rows that are not whole rows, and a zoom both scaled and fitted', async () => {
    const { run } = newBook();
    await expect(
      run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').pageLayout.setPrintTitleRows('A3:M3');
        await ctx.sync();
      }),
    ).rejects.toThrow(/entire rows/);
    await expect(
      run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').pageLayout.zoom = { scale: 80, horizontalFitToPages: 1 };
        await ctx.sync();
      }),
    ).rejects.toThrow(/either scale or pages/);
    await expect(
      run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').pageLayout.paperSize = 'A9' as Excel.PaperType;
        await ctx.sync();
      }),
    ).rejects.toThrow(/paperSize/);
  });
});
