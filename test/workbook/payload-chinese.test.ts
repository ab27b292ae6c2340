/**
 * Excel integration — Excel on the web refuses a request or response over 5 MB, counted in UTF-8 bytes
 * (a Chinese character is three). With 10,000 projects and long Chinese text in every text column, the
 * check and a set-up re-run read everything in chunks sized from measured bytes: no response over 5 MB.
 */
import { TABLES } from '../../src/engine/schema';
import { checkWorkbook, setUp } from '../../src/workbook';
import { ENGINE, MB, measure, newBook, TODAY } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain JS script without types
const synthetic = require('../../scripts/synthetic.js') as {
  syntheticRows: (
    engine: unknown,
    n: number,
    options: { lang?: 'zh' | 'en'; today: number },
  ) => { rows: Record<string, Record<string, unknown>[]> };
  fillWorkbook: (
    engine: unknown,
    run: unknown,
    data: { rows: Record<string, Record<string, unknown>[]> },
  ) => Promise<void>;
};

/** 200 characters of Chinese prose (600 bytes in UTF-8). */
const LONG =
  '本项目为重点行业客户的数字化转型售前支持，包含需求调研、方案设计、概念验证与投标文件编制，需协调多方资源并按里程碑推进。'
    .repeat(4)
    .slice(0, 200);

test('10,000 projects with long Chinese text in every text column: every response stays under 5 MB', async () => {
  const { wb, run } = newBook();
  await setUp(run, { lang: 'zh' });
  const data = synthetic.syntheticRows(ENGINE, 10_000, { lang: 'zh', today: TODAY });
  for (const schema of TABLES) {
    const text = schema.columns.filter((c) => c.type === 'text' && !['projectId', 'adjustmentId'].includes(c.key));
    for (const row of data.rows[schema.name] ?? []) for (const c of text) row[c.key] = `${row[c.key] ?? ''}${LONG}`;
  }
  wb.payloadLimitBytes = Number.POSITIVE_INFINITY;
  await synthetic.fillWorkbook(ENGINE, run, data);
  wb.payloadLimitBytes = 5 * MB;

  const check = await measure(wb, () => checkWorkbook(run, { asOf: TODAY }));
  expect(check.result.projects).toHaveLength(10_000);
  // Enough Chinese text to need many chunks at all, none of them refused or over the limit.
  expect(check.trips.totalResponse).toBeGreaterThan(40 * MB);
  expect(check.trips.maxResponse).toBeLessThanOrEqual(5 * MB);
  expect(check.trips.maxRequest).toBeLessThanOrEqual(5 * MB);
  // Chunks are filled from measured sizes, not one small read after another.
  expect(check.trips.syncs).toBeLessThanOrEqual(Math.ceil(check.trips.totalResponse / (2 * MB)) + 2);
  const again = await measure(wb, () => setUp(run, { lang: 'zh' }));
  expect(again.result.changed).toBe(false);
  expect(again.trips.maxResponse).toBeLessThanOrEqual(5 * MB);
}, 240_000);

test('a response Excel refuses as too large is read again in smaller chunks, and nothing is lost', async () => {
  const { wb, run } = newBook();
  await setUp(run, { lang: 'zh' });
  const data = synthetic.syntheticRows(ENGINE, 300, { lang: 'zh', today: TODAY });
  for (const row of data.rows.TaskBook) row.description = `${row.description ?? ''}${LONG}`;
  wb.payloadLimitBytes = Number.POSITIVE_INFINITY;
  await synthetic.fillWorkbook(ENGINE, run, data);
  const expected = await checkWorkbook(run, { asOf: TODAY });
  // A host far stricter than the budget the reader plans for: every first attempt is refused.
  wb.payloadLimitBytes = 200 * 1024;
  const got = await measure(wb, () => checkWorkbook(run, { asOf: TODAY }));
  expect(got.result.findings).toEqual(expected.findings);
  expect(got.result.projects).toEqual(expected.projects);
  expect(wb.stats.requests.some((r) => r.responseBytes > 200 * 1024)).toBe(true);
});
