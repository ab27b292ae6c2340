/**
 * Excel integration — round trips do not grow with rows. Set-up (re-run), check, highlight, clear and
 * the review sheet take as many syncs for 10,000 projects (≈40,000 plan rows, 60,000 task-book rows)
 * as for 10, except one more per 3 MB or more of table data read; no request or response exceeds 5 MB.
 */
import { MemoryWorkbook } from '../../src/hosts/memory';
import {
  Analysis,
  checkWorkbook,
  clearHighlights,
  ExcelRunner,
  highlightFindings,
  setUp,
  writeReviewSheet,
} from '../../src/workbook';
import { fillSynthetic, MB, measure, newBook, TODAY, Trips } from './helpers';

interface Book {
  wb: MemoryWorkbook;
  run: ExcelRunner;
  trips: Record<string, Trips>;
  analysis?: Analysis;
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

  test('no request or response exceeds 5 MB', () => {
    for (const b of [small, large])
      for (const [op, t] of Object.entries(b.trips)) {
        expect({ op, request: t.maxRequest <= 5 * MB }).toEqual({ op, request: true });
        expect({ op, response: t.maxResponse <= 5 * MB }).toEqual({ op, response: true });
      }
  });
});
