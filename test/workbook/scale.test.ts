/**
 * Excel integration — round trips do not grow with rows. Set-up (re-run), check, highlight, clear and
 * the review sheet take as many syncs for 10,000 projects (≈40,000 plan rows, 60,000 task-book rows)
 * as for 10, except one more per 3 MB or more of table data read; no request or response exceeds 5 MB.
 */
import { MemoryWorkbook } from '../../src/hosts/memory';
import { buildAgenda } from '../../src/engine/agenda';
import { monthlyReportDraft } from '../../src/engine/report-draft';
import {
  Analysis,
  checkWorkbook,
  clearHighlights,
  draftMonthlyReport,
  ExcelRunner,
  highlightFindings,
  recordDecisions,
  setUp,
  writeAgendaSheet,
  writeReviewSheet,
} from '../../src/workbook';
import { fillSynthetic, MB, measure, newBook, TODAY, Trips } from './helpers';
import { projectKey } from '../../src/engine/model';

interface Book {
  wb: MemoryWorkbook;
  run: ExcelRunner;
  trips: Record<string, Trips>;
  analysis?: Analysis;
  draft?: { written: unknown[]; expected: unknown };
}

async function book(n: number): Promise<Book> {
  const { wb, run } = newBook();
  await setUp(run, { lang: 'zh' });
  await fillSynthetic(wb, run, n);
  wb.payloadLimitBytes = 5 * MB;
  const trips: Record<string, Trips> = {};
  const b: Book = { wb, run, trips };
  const setup = await measure(wb, () => setUp(run, { lang: 'zh' }));
  expect(setup.result.changed).toBe(false);
  trips.setUp = setup.trips;
  const check = await measure(wb, () => checkWorkbook(run, { asOf: TODAY }));
  b.analysis = check.result;
  trips.checkWorkbook = check.trips;
  trips.highlightFindings = (await measure(wb, () => highlightFindings(run, check.result.findings))).trips;
  trips.clearHighlights = (await measure(wb, () => clearHighlights(run))).trips;
  trips.writeReviewSheet = (await measure(wb, () => writeReviewSheet(run, check.result, 'zh'))).trips;
  trips.writeReviewSheetAgain = (await measure(wb, () => writeReviewSheet(run, check.result, 'zh'))).trips;
  const agenda = buildAgenda(check.result, { date: TODAY });
  trips.writeAgendaSheet = (await measure(wb, () => writeAgendaSheet(run, agenda, 'zh'))).trips;
  trips.recordDecisions = (await measure(wb, () => recordDecisions(run, agenda))).trips;
  // A project with reports before this month but none for it (the draft refuses to write a second one).
  const mr = check.result.model.tables.MonthlyReports;
  const reported = new Set(mr.rows.map((r) => String(projectKey(mr, r))));
  const drafted = check.result.projects.find((p) => reported.has(p.projectId.toLowerCase()))!.projectId;
  const draft = await measure(wb, () =>
    draftMonthlyReport(run, { projectId: drafted, month: TODAY + 62, asOf: TODAY, today: TODAY }),
  );
  trips.draftMonthlyReport = draft.trips;
  // What the slice read must give the facts a full read gives.
  const expected = monthlyReportDraft(check.result, drafted, { month: TODAY + 62, today: TODAY, lang: 'zh' })!;
  const t = wb.table('MonthlyReports')!;
  const written = [];
  for (let c = t.rect.c0; c <= t.rect.c1; c++) written.push(t.sheet.get(t.rect.r1, c)?.v ?? null);
  b.draft = { written, expected: expected.values.progress };
  return b;
}

let small: Book;
let large: Book;

beforeAll(async () => {
  small = await book(10);
  large = await book(10_000);
}, 120_000);

describe('round trips per operation do not grow with rows', () => {
  test('the large workbook is what it claims to be', () => {
    const m = large.analysis!.model.tables;
    expect(large.analysis!.projects).toHaveLength(10_000);
    expect(m.SalesPlan.rows).toHaveLength(40_000);
    expect(m.TaskBook.rows).toHaveLength(60_000);
    expect(m.Adjustments.rows).toHaveLength(5_000);
    expect(m.Terminations.rows).toHaveLength(1_000);
    expect(m.Summaries.rows).toHaveLength(3_000);
    // The synthetic pipeline has every escalation level, so highlight and the review sheet have work to do.
    const levels = new Set(large.analysis!.projects.map((p) => p.escalation));
    expect([...levels].sort()).toEqual(['adjustment', 'leadership', 'none']);
  });

  test.each(['setUp', 'checkWorkbook'])('%s reads: the same syncs, plus one per chunk of 3 MB or more', (op) => {
    const s = small.trips[op];
    const l = large.trips[op];
    expect(s.syncs).toBeLessThanOrEqual(op === 'setUp' ? 3 : 2);
    expect(l.totalResponse).toBeGreaterThan(5 * MB); // enough data to need chunks at all
    // Each further trip is filled to the 4 MB budget less headroom for longer rows: at least 3 MB a trip.
    expect(l.syncs - s.syncs).toBeLessThanOrEqual(Math.ceil(l.totalResponse / (3 * MB)));
    expect(l.writes).toBe(0);
  });

  test.each(['highlightFindings', 'clearHighlights', 'writeReviewSheet', 'writeReviewSheetAgain'])(
    '%s: the same syncs for 10 and 10,000 projects',
    (op) => {
      expect(large.trips[op].syncs).toBe(small.trips[op].syncs);
      // Rewriting the review table in place first reads its size (one more trip than making it).
      expect(small.trips[op].syncs).toBeLessThanOrEqual(op === 'writeReviewSheetAgain' ? 3 : 2);
    },
  );

  test.each(['writeAgendaSheet', 'recordDecisions', 'draftMonthlyReport'])(
    '%s (the monthly cycle): the same syncs for 10 and 10,000 projects, and a small read',
    (op) => {
      expect(large.trips[op].syncs).toBe(small.trips[op].syncs);
      expect(small.trips[op].syncs).toBeLessThanOrEqual(4);
      // A draft reads one project's rows, decisions two WarRoom columns: never the whole pipeline.
      expect(large.trips[op].totalResponse).toBeLessThan(MB);
    },
  );

  test("the draft read from one project's rows states the facts a full read gives", () => {
    for (const b of [small, large]) {
      expect(typeof b.draft!.expected).toBe('string');
      expect(b.draft!.written).toContain(b.draft!.expected);
    }
  });

  test('no request or response exceeds 5 MB', () => {
    for (const b of [small, large])
      for (const [op, t] of Object.entries(b.trips)) {
        expect({ op, request: t.maxRequest <= 5 * MB }).toEqual({ op, request: true });
        expect({ op, response: t.maxResponse <= 5 * MB }).toEqual({ op, response: true });
      }
  });
});
