/**
 * The directors' roll-up (spec §9) on three small team workbooks whose figures are computed by hand:
 *
 * a.xlsx (zh, Policy Team 华东): P-001 — the baseline, grade A, consulting, contract 10,000,000, plan
 *   60,000, actual 25,000, no escalation; P-002 — tracking, contract 5,000,000, margin 1,000,000 (tier 3,
 *   weight 4 → score 3.4 → B, cap 40,000), one milestone planned 30,000, actual 40,000 → overrun 10,000
 *   (> 10% of 30,000) → Leadership.
 * b.xlsx (zh, no Team → "b"): P-002 again (an ID used by two teams): baseline figures, none; Q-1 — the
 *   same customer and project name as a.xlsx's P-001 written with other spaces and full-width letters,
 *   its open milestone 5 days past its planned end → slip 5 → Adjustment.
 * c-en.xlsx (en, no Team → "c-en"): E-1, Won, with a summary report.
 * broken.xlsx: could not be read.
 */
import { buildRollup, ROLLUP_PROJECTS, ROLLUP_SOURCES, sameNameKey } from '../../src/engine/rollup';
import { RowSpec, baseline, build, d, L, milestones, project, salesPlan, summary, AS_OF } from './build';

function teamA(): ReturnType<typeof build> {
  const s = baseline('zh');
  s.Projects.push(
    project('zh', {
      projectId: 'P-002',
      projectName: '园区能耗平台',
      customer: '临港开发区',
      stage: L('Stages', 'tracking'),
      estContractValue: 5_000_000,
      estGrossMargin: 1_000_000,
    }),
  );
  s.SalesPlan.push(...salesPlan('P-002'));
  s.TaskBook.push({ ...milestones('P-002')[0], plannedCost: 30_000, actualCost: 40_000 });
  s.Policy.push({ key: 'Team', value: '华东', description: '团队' } as RowSpec);
  return build(s);
}

function teamB(): ReturnType<typeof build> {
  const s = baseline('zh');
  s.Projects = [
    project('zh', { projectId: 'P-002', projectName: '数据中台', customer: '东海银行' }),
    project('zh', { projectId: 'Q-1', projectName: '智慧城市 运营中心', customer: '滨海市大数据局　' }),
  ];
  s.SalesPlan = [...salesPlan('P-002'), ...salesPlan('Q-1')];
  const q = milestones('Q-1');
  q[1] = { ...q[1], plannedEnd: d(-5) };
  s.TaskBook = [...milestones('P-002'), ...q];
  return build(s);
}

function teamC(): ReturnType<typeof build> {
  const s = baseline('en');
  s.Projects = [
    project('en', {
      projectId: 'E-1',
      projectName: 'Grid analytics',
      customer: 'Contoso Energy',
      status: L('Statuses', 'won', 'en'),
    }),
  ];
  s.SalesPlan = salesPlan('E-1', 'en');
  s.TaskBook = milestones('E-1', 'en').map((m) => ({ ...m, actualEnd: m.actualEnd ?? d(-2) }));
  s.Summaries = [
    summary('en', 'won', {
      projectId: 'E-1',
      lessons: 'Pricing was decisive; bundle services early',
      knowledgeTags: 'price, bundle',
      winLossReason: L('WinLossReasons', 'price', 'en'),
    }),
  ];
  return build(s, { lang: 'en' });
}

const inputs = () => [
  { file: 'a.xlsx', snapshot: teamA() },
  { file: 'b.xlsx', snapshot: teamB() },
  { file: 'c-en.xlsx', snapshot: teamC() },
  { file: 'broken.xlsx', error: { zh: '不是 .xlsx 文件', en: 'not an .xlsx file' } },
];

const col = (schema: typeof ROLLUP_SOURCES, key: string): number => schema.columns.findIndex((c) => c.key === key);

describe('roll-up of three team workbooks', () => {
  const r = buildRollup(inputs(), { lang: 'zh', asOf: AS_OF });

  test('RollupSources: one row per input with team, status and hand-computed totals', () => {
    const rows = r.rows.RollupSources;
    expect(rows.map((x) => [x[0], x[1], x[2]])).toEqual([
      ['a.xlsx', '华东', '正常'],
      ['b.xlsx', 'b', '正常'],
      ['c-en.xlsx', 'c-en', '正常'],
      ['broken.xlsx', 'broken', '不是 .xlsx 文件'],
    ]);
    const pick = (i: number, keys: string[]) => keys.map((k) => rows[i][col(ROLLUP_SOURCES, k)]);
    const keys = ['projects', 'active', 'currentPlan', 'actualCost', 'overrun', 'leadership', 'adjustment'];
    expect(pick(0, keys)).toEqual([2, 2, 90_000, 65_000, 10_000, 1, 0]);
    expect(pick(1, keys)).toEqual([2, 2, 120_000, 50_000, 0, 0, 1]);
    expect(pick(2, keys)).toEqual([1, 0, 60_000, 25_000, 0, 0, 0]);
    expect(pick(3, keys)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    // Errors and warnings are each workbook's own check.
    r.sources.forEach((s, i) => {
      expect(rows[i][col(ROLLUP_SOURCES, 'errors')]).toBe(s.analysis?.counts.error ?? 0);
      expect(rows[i][col(ROLLUP_SOURCES, 'warnings')]).toBe(s.analysis?.counts.warning ?? 0);
    });
  });

  test('RollupProjects: every project with team, file, Table 1 inputs and computed values', () => {
    const rows = r.rows.RollupProjects;
    const c = (key: string) => col(ROLLUP_PROJECTS, key);
    expect(rows.map((x) => [x[c('team')], x[c('file')], x[c('projectId')]])).toEqual([
      ['华东', 'a.xlsx', 'P-001'],
      ['华东', 'a.xlsx', 'P-002'],
      ['b', 'b.xlsx', 'P-002'],
      ['b', 'b.xlsx', 'Q-1'],
      ['c-en', 'c-en.xlsx', 'E-1'],
    ]);
    const p2 = rows[1];
    expect([
      p2[c('grade')],
      p2[c('budgetCap')],
      p2[c('plannedCost')],
      p2[c('actualCost')],
      p2[c('overrun')],
      p2[c('escalation')],
    ]).toEqual(['B', 40_000, 30_000, 40_000, 10_000, L('Escalations', 'leadership')]);
    // The English workbook's list values are shown in the director's language.
    expect(rows[4][c('status')]).toBe('已中标');
    expect(rows[4][c('stage')]).toBe('咨询');
    expect(rows[3][c('slipDays')]).toBe(5);
    // a.xlsx's P-001 has the baseline's April report and a meeting a week before the as-of date; P-002 has neither.
    expect([rows[0][c('lastReportMonth')], rows[0][c('lastMeeting')]]).toEqual(['2026-04', d(-7)]);
    expect([rows[1][c('lastReportMonth')], rows[1][c('lastMeeting')]]).toEqual([null, null]);
  });

  test('RollupReview: escalated projects, Leadership first, then the larger overrun', () => {
    expect(r.rows.RollupReview.map((x) => [x[0], x[1], x[3], x[8]])).toEqual([
      ['华东', 'P-002', L('Escalations', 'leadership'), 10_000],
      ['b', 'Q-1', L('Escalations', 'adjustment'), 0],
    ]);
  });

  test('Lessons: every summary with its project and team', () => {
    expect(r.rows.Lessons).toHaveLength(1);
    const [team, id, name, customer, market, outcome, reason, lessons, , tags, signed] = r.rows.Lessons[0];
    expect([team, id, name, customer, market, outcome, reason, lessons, tags, signed]).toEqual([
      'c-en',
      'E-1',
      'Grid analytics',
      'Contoso Energy',
      'Key',
      '赢单',
      '价格',
      'Pricing was decisive; bundle services early',
      'price, bundle',
      9_800_000,
    ]);
  });

  test('Lessons: a summary of an ID that two Projects rows share takes the first row, as the engine does', () => {
    const s = teamC();
    const P = s.tables.Projects!;
    const second = [...P.rows[0]];
    second[P.headers.indexOf('Project Name')] = 'Grid analytics (copy)';
    P.rows.push(second);
    const dup = buildRollup([{ file: 'c-en.xlsx', snapshot: s }], { lang: 'en', asOf: AS_OF });
    expect(dup.sources[0].analysis?.findings.some((f) => f.code === 'duplicate-key')).toBe(true);
    expect(dup.rows.Lessons.map((x) => [x[1], x[2]])).toEqual([['E-1', 'Grid analytics']]);
    // The project's figures are the first row's too.
    expect(dup.sources[0].analysis?.computed.projectRows.get('e-1')).toBe(0);
  });

  test('duplicate-across-workbooks: the same ID in two workbooks, and the same customer + project name', () => {
    expect(r.findings.map((f) => [f.code, f.severity, f.projectId, f.files])).toEqual([
      ['duplicate-across-workbooks', 'warning', 'P-002', ['a.xlsx', 'b.xlsx']],
      ['duplicate-across-workbooks', 'warning', '', ['a.xlsx', 'b.xlsx']],
    ]);
    expect(r.findings[1].message.zh).toContain('智慧城市运营中心');
    expect(r.rows.RollupFindings).toHaveLength(2);
  });

  test('no duplicate finding when IDs and names differ', () => {
    const only = buildRollup([inputs()[0], inputs()[2]], { lang: 'en', asOf: AS_OF });
    expect(only.findings).toEqual([]);
  });

  test('chart data: Active pipeline by stage and grade; plan, actual and escalations by team', () => {
    const stages = r.charts.byStage;
    const consulting = stages.stages.findIndex((s) => s.zh === '咨询');
    const tracking = stages.stages.findIndex((s) => s.zh === '跟踪');
    expect(stages.grades).toEqual(['A', 'B', 'C', 'D']);
    expect(stages.values[consulting]).toEqual([30_000_000, 0, 0, 0]);
    expect(stages.values[tracking]).toEqual([0, 5_000_000, 0, 0]);
    expect(stages.values.reduce((a, row) => a + row.reduce((x, y) => x + y, 0), 0)).toBe(35_000_000);
    expect(r.charts.byTeam).toEqual([
      { team: '华东', currentPlan: 90_000, actualCost: 65_000, leadership: 1, adjustment: 0 },
      { team: 'b', currentPlan: 120_000, actualCost: 50_000, leadership: 0, adjustment: 1 },
      { team: 'c-en', currentPlan: 60_000, actualCost: 25_000, leadership: 0, adjustment: 0 },
    ]);
  });

  test('in English the labels follow the director', () => {
    const en = buildRollup(inputs(), { lang: 'en', asOf: AS_OF });
    expect(en.rows.RollupSources[0][2]).toBe('OK');
    expect(en.rows.RollupSources[3][2]).toBe('not an .xlsx file');
    expect(en.rows.RollupProjects[0][col(ROLLUP_PROJECTS, 'stage')]).toBe('Consulting');
  });

  test('a workbook without a Projects table is skipped with its reason', () => {
    const none = buildRollup([{ file: 'notes.xlsx', snapshot: { tables: {} } }], { lang: 'en' });
    expect(none.sources[0].ok).toBe(false);
    expect(none.rows.RollupSources[0][2]).toMatch(/not a pipeline workbook/);
  });
});

test('customer + project names compare without case, spaces or full-width forms', () => {
  expect(sameNameKey('滨海市大数据局　', '智慧城市 运营中心')).toBe(sameNameKey('滨海市大数据局', '智慧城市运营中心'));
  expect(sameNameKey('ＡＣＭＥ Co', 'Grid')).toBe(sameNameKey('acme co', 'GRID'));
  expect(sameNameKey('ACME', 'Grid')).not.toBe(sameNameKey('ACME', 'Grid 2'));
  expect(sameNameKey('', 'Grid')).toBeNull();
});
