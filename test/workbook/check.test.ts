/**
 * Excel integration — check on the sample: set-up, loadSample with a fixed today, then checkWorkbook
 * as of that day finds every finding code of spec §5 at the cells where sample.ts planted them.
 */
import { sheetCell } from '../../src/engine/address';
import { FindingCode } from '../../src/engine/findings';
import { Lang } from '../../src/engine/i18n';
import { SHEETS } from '../../src/engine/layout';
import { samplePipeline } from '../../src/engine/sample';
import { TABLE_BY_NAME, TableName } from '../../src/engine/schema';
import { CellValue } from '../../src/engine/values';
import { Analysis, checkWorkbook, getStatus, loadSample, setUp } from '../../src/workbook';
import { newBook, TODAY } from './helpers';
import { SPEC_CODES } from '../spec-codes';

describe.each(['zh', 'en'] as Lang[])('check on the sample (%s)', (lang) => {
  const sample = samplePipeline(lang, TODAY);
  let analysis: Analysis;

  beforeAll(async () => {
    const { run } = newBook();
    await setUp(run, { lang });
    await loadSample(run, { today: TODAY });
    analysis = await checkWorkbook(run, { asOf: TODAY });
    const status = await getStatus(run);
    expect(status).toMatchObject({ lang, ready: true });
  });

  /** The Excel address of a column of the sample row that `where` picks (set-up puts every table at its planned place). */
  function at(table: TableName, where: (r: Record<string, CellValue>) => boolean, key: string, nth = 0): string {
    const rows = sample.rows[table]!;
    const hits = rows.map((r, i) => (where(r) ? i : -1)).filter((i) => i >= 0);
    if (hits.length <= nth) throw new Error(`sample has no such ${table} row`);
    const placement = SHEETS.flatMap((s) => s.tables.map((t) => ({ ...t, sheet: s.name[lang] }))).find(
      (t) => t.table === table,
    )!;
    const col = TABLE_BY_NAME[table].columns.findIndex((c) => c.key === key);
    return sheetCell(placement.sheet, placement.row + 1 + hits[nth], placement.col + col);
  }
  const project = (id: string) => (r: Record<string, CellValue>) => r.projectId === id;
  const L = (list: string, v: string) => (r: Record<string, CellValue>) => r[list] === v;
  const planOf = (id: string, type: string) => (r: Record<string, CellValue>) =>
    r.projectId === id &&
    r.itemType ===
      (type === 'workItem' ? (lang === 'zh' ? '工作项' : 'Work Item') : lang === 'zh' ? '撤出标准' : 'Exit Criterion');
  const overwrite = sample.overwrites[0];

  // code, severity, expected cell — each instance sample.ts plants, with the reason it is there.
  const expected = (): [FindingCode, string, string][] => [
    ['missing-value', 'error', at('SalesPlan', planOf('PS-2026-005', 'workItem'), 'owner')], // plan 'noOwner'
    ['missing-value', 'error', at('Summaries', project('PS-2026-008'), 'signedValue')], // outcome Won without a signed value
    ['type-error', 'error', at('TaskBook', project('PS-2026-006'), 'actualEnd')], // the actual end typed as text
    ['out-of-range', 'error', at('Projects', project('PS-2026-013'), 'expectedSignDate')], // signs before it was registered
    ['not-in-list', 'error', at('Projects', project('PS-2026-012'), 'market')], // 华南市场 is not in Markets
    ['duplicate-key', 'error', at('Adjustments', L('adjustmentId', 'ADJ-005'), 'adjustmentId', 1)], // ADJ-005 twice
    ['unknown-project', 'error', at('SalesPlan', project('PS-2025-099'), 'projectId')],
    ['unknown-project', 'error', at('WarRoom', project('PS-2025-099'), 'projectId')], // a meeting about it too
    ['duplicate-key', 'error', at('MonthlyReports', project('PS-2026-002'), 'month', 1)], // two reports for one month
    ['sponsor-not-person', 'error', at('Projects', project('PS-2026-006'), 'sponsor')], // 信息中心 / IT Center
    ['sponsor-role-too-low', 'warning', at('Projects', project('PS-2026-002'), 'sponsor')], // grade A, a sales director
    ['unknown-person', 'warning', at('Projects', project('PS-2026-012'), 'salesOwner')], // 钱多多 is not in People
    ['no-milestones', 'error', at('Projects', project('PS-2026-011'), 'projectId')],
    ['plan-incomplete', 'warning', at('Projects', project('PS-2026-011'), 'projectId')],
    ['over-budget-cap', 'error', at('Projects', project('PS-2026-005'), 'plannedCost')], // 95,000 over a B cap of 88,000
    ['overrun-needs-approval', 'error', at('Projects', project('PS-2026-003'), 'escalation')], // 25% over plan
    ['overrun-needs-approval', 'error', at('Projects', project('PS-2026-004'), 'escalation')], // 35 days unapproved slip
    ['overrun-needs-approval', 'error', at('Projects', project('PS-2026-005'), 'escalation')], // planned above the cap
    ['overrun-needs-approval', 'warning', at('Projects', project('PS-2026-002'), 'escalation')], // 6.7% over plan
    ['overrun-needs-approval', 'warning', at('Projects', project('PS-2026-006'), 'escalation')], // slipped 10 days
    ['approval-level-too-low', 'error', at('Adjustments', L('adjustmentId', 'ADJ-005'), 'approver', 0)], // a regional manager approved
    ['approval-level-too-low', 'error', at('Terminations', project('PS-2026-009'), 'approver')], // a sales manager approved
    ['exit-criterion-triggered', 'warning', at('SalesPlan', planOf('PS-2026-013', 'exitCriterion'), 'triggered')],
    ['termination-unapproved', 'error', at('Projects', project('PS-2026-010'), 'status')],
    ['summary-missing', 'warning', at('Projects', project('PS-2026-010'), 'status')],
    ['outcome-mismatch', 'error', at('Summaries', project('PS-2026-008'), 'outcome')], // Won on a lost project
    ['formula-overwritten', 'warning', at(overwrite.table, (_r) => true, overwrite.column, overwrite.row)],
    ['amount-as-text', 'error', at('Projects', project('PS-2026-010'), 'estContractValue')], // 1.2亿
  ];

  test('every code of spec §5 is planted in the table below', () => {
    expect([...new Set(expected().map((e) => e[0]))].sort()).toEqual([...SPEC_CODES].sort());
  });

  test('each planted instance is found at its cell, with its severity', () => {
    const got = analysis.findings.map((f) => `${f.code} ${f.severity} ${f.cell}`);
    for (const [code, severity, cell] of expected()) expect(got).toContain(`${code} ${severity} ${cell}`);
  });

  test('the codes of spec §5 are found nowhere else', () => {
    const want = expected()
      .map(([code, severity, cell]) => `${code} ${severity} ${cell}`)
      .sort();
    const got = analysis.findings
      .filter((f) => SPEC_CODES.includes(f.code))
      .map((f) => `${f.code} ${f.severity} ${f.cell}`)
      .sort();
    expect(got).toEqual(want);
  });

  test('the amount-as-text finding carries the number it means; messages speak the workbook language', () => {
    const f = analysis.findings.find((x) => x.code === 'amount-as-text')!;
    expect(f.fixValue).toBe(120_000_000);
    for (const x of analysis.findings) {
      expect(x.message[lang].length).toBeGreaterThan(0);
      expect(x.table).toBeDefined();
    }
    // The computed figures of the sample agree with spec §3–§4 on a few hand-checked projects.
    const p = (id: string) => analysis.projects.find((m) => m.projectId === id)!;
    expect(p('PS-2026-001')).toMatchObject({ grade: 'A', escalation: 'none' });
    expect(p('PS-2026-003')).toMatchObject({ escalation: 'leadership', overrun: 35_000 });
    expect(p('PS-2026-002')).toMatchObject({ escalation: 'adjustment', overrun: 8_000 });
    expect(p('PS-2026-005')).toMatchObject({ grade: 'B', budgetCap: 88_000, plannedCost: 95_000 });
  });
});
