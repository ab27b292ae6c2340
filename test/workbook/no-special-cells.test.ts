/**
 * Hosts below ExcelApi 1.9 have no getSpecialCells: the check then reads the formulas of computed
 * columns cell by cell, and must find the same things.
 */
import { checkWorkbook, loadSample, setUp } from '../../src/workbook';
import { hasSpecialCells } from '../../src/workbook/read';
import { newBook, TODAY } from './helpers';

const g = globalThis as { Office?: unknown };

async function checkSample(officeSupports19: boolean | null) {
  const saved = g.Office;
  if (officeSupports19 !== null)
    g.Office = { context: { requirements: { isSetSupported: (set: string, v: string) => set === 'ExcelApi' && Number(v) <= (officeSupports19 ? 1.9 : 1.8) } } };
  try {
    expect(hasSpecialCells()).toBe(officeSupports19 !== false);
    const { wb, run } = newBook();
    await setUp(run, { lang: 'zh' });
    await loadSample(run, { today: TODAY });
    wb.resetStats();
    const analysis = await checkWorkbook(run, { asOf: TODAY });
    return { analysis, syncs: wb.stats.syncs };
  } finally {
    if (saved === undefined) delete g.Office;
    else g.Office = saved;
  }
}

test('without ExcelApi 1.9 the check finds exactly what it finds with it', async () => {
  const withSpecial = await checkSample(true);
  const without = await checkSample(false);
  const key = (a: typeof withSpecial.analysis) => a.findings.map((f) => `${f.code} ${f.cell}`).sort();
  expect(key(without.analysis)).toEqual(key(withSpecial.analysis));
  expect(without.analysis.findings.filter((f) => f.code === 'formula-overwritten')).toHaveLength(1);
  expect(without.analysis.projects).toEqual(withSpecial.analysis.projects);
  // One more trip reads the computed columns' formulas.
  expect(withSpecial.syncs).toBe(2);
  expect(without.syncs).toBe(3);
});

test('outside Office (the memory host, the CLI) special cells are used', async () => {
  expect((await checkSample(null)).syncs).toBe(2);
});

test('without ExcelApi 1.9 a second set-up adds no validation or conditional format twice', async () => {
  const saved = g.Office;
  g.Office = { context: { requirements: { isSetSupported: () => false } } };
  try {
    const { run } = newBook();
    await setUp(run, { lang: 'en' });
    await loadSample(run, { today: TODAY });
    const again = await setUp(run, { lang: 'en' });
    expect(again.changed).toBe(false);
    expect(again.repaired).toEqual([]);
  } finally {
    if (saved === undefined) delete g.Office;
    else g.Office = saved;
  }
});
