/**
 * The sample pipeline (what `presales template --sample` and the pane's "Load sample" write) shows every
 * grade, every escalation level, every project outcome, adjustments in every state and every finding code.
 */
import { AGENDA_GROUPS, buildAgenda } from '../../src/engine/agenda';
import { analyze, Analysis } from '../../src/engine/analyze';
import { Lang } from '../../src/engine/i18n';
import { findListItem } from '../../src/engine/lists';
import { samplePipeline } from '../../src/engine/sample';
import { TableName } from '../../src/engine/schema';
import { isoFromSerial, todaySerial } from '../../src/engine/values';
import { build, marketRows, policyRows, RowSpec, Spec } from './build';
import { CYCLE_CODES, SPEC_CODES } from '../spec-codes';

/** The snapshot set-up would produce: sample rows, Markets and Policy defaults, formulas in computed columns except the overwritten cells. */
function sampleWorkbook(lang: Lang, today: number): { spec: Spec; a: Analysis } {
  const sample = samplePipeline(lang, today);
  const spec: Spec = { Markets: marketRows(lang), Policy: policyRows({}, lang) };
  for (const [table, rows] of Object.entries(sample.rows) as [TableName, RowSpec[]][])
    spec[table] = rows.map((r) => ({ ...r }));
  for (const o of sample.overwrites) spec[o.table]![o.row][o.column] = o.value;
  return { spec, a: analyze(build(spec, { lang }), { asOf: today }) };
}

describe.each<Lang>(['zh', 'en'])('samplePipeline(%s, today)', (lang) => {
  const today = todaySerial();
  const { spec, a } = sampleWorkbook(lang, today);
  const statusOf = (id: string): string | undefined =>
    findListItem('Statuses', spec.Projects!.find((p) => p.projectId === id)?.status)?.key;

  test('analyses in the workbook language with at least 12 projects', () => {
    expect(a.lang).toBe(lang);
    expect(a.asOf).toBe(today);
    expect(a.projects.length).toBeGreaterThanOrEqual(12);
  });

  test('grades A, B, C and D are all present', () => {
    const grades = new Set(a.projects.map((p) => p.grade));
    for (const g of ['A', 'B', 'C', 'D']) expect(grades).toContain(g);
  });

  test('escalation none, adjustment and leadership are all present', () => {
    const levels = new Set(a.projects.map((p) => p.escalation));
    for (const e of ['none', 'adjustment', 'leadership']) expect(levels).toContain(e);
  });

  test('a terminated project, and won and lost projects with summaries', () => {
    const ids = a.projects.map((p) => p.projectId);
    const summarised = new Set(spec.Summaries!.map((s) => s.projectId));
    expect(ids.some((id) => statusOf(id) === 'terminated')).toBe(true);
    expect(ids.some((id) => statusOf(id) === 'won' && summarised.has(id))).toBe(true);
    expect(ids.some((id) => statusOf(id) === 'lost' && summarised.has(id))).toBe(true);
  });

  test('adjustments pending, approved and rejected', () => {
    const decisions = new Set(spec.Adjustments!.map((r) => findListItem('Decisions', r.decision)?.key));
    expect([...decisions].sort()).toEqual(['approved', 'pending', 'rejected']);
  });

  test('list values are written in the workbook language', () => {
    for (const p of spec.Projects!) expect(findListItem('Stages', p.stage)?.[lang]).toBe(p.stage);
  });

  test('at least one finding of every spec §5 code', () => {
    const present = new Set(a.findings.map((f) => f.code));
    const missing = SPEC_CODES.filter((c) => !present.has(c));
    expect(missing).toEqual([]);
    // The overrun warning and the leadership error both appear.
    const overrun = a.findings.filter((f) => f.code === 'overrun-needs-approval').map((f) => f.severity);
    expect(new Set(overrun)).toEqual(new Set(['warning', 'error']));
  });

  test('at least one finding of every spec §8 code, and a repeated report month as duplicate-key', () => {
    const present = new Set(a.findings.map((f) => f.code));
    expect(CYCLE_CODES.filter((c) => !present.has(c))).toEqual([]);
    expect(a.findings.some((f) => f.code === 'duplicate-key' && f.table === 'MonthlyReports')).toBe(true);
    expect(a.findings.some((f) => f.code === 'unknown-project' && f.table === 'WarRoom')).toBe(true);
  });

  test('a clean Active project that needs nothing: no finding, not on the agenda', () => {
    const clean = a.projects.filter(
      (p) => statusOf(p.projectId) === 'active' && !a.findings.some((f) => f.projectId === p.projectId),
    );
    expect(clean.map((p) => p.projectId)).toContain('PS-2026-014');
    expect(buildAgenda(a).items.map((i) => i.projectId)).not.toContain('PS-2026-014');
  });

  test('the agenda has every group of spec §8, in order', () => {
    const agenda = buildAgenda(a);
    expect(agenda.groups.map((g) => g.code)).toEqual([...AGENDA_GROUPS]);
    expect(agenda.message).toBeNull();
  });

  test('every finding has a message in both languages and a cell on its table’s sheet', () => {
    for (const f of a.findings) {
      expect(f.message.zh).not.toBe('');
      expect(f.message.en).not.toBe('');
      expect(f.cell).not.toBe('');
    }
  });

  test('the picture is the same on any day it is loaded', () => {
    // Every day of a month (reports fall due on one day of it) and a year on.
    for (const day of [...Array(31).keys()].map((k) => today + 1 + k).concat(today + 400)) {
      const later = sampleWorkbook(lang, day).a;
      expect(later.projects).toEqual(a.projects);
      expect([isoFromSerial(day), later.findings.map((f) => [f.code, f.cell])]).toEqual([
        isoFromSerial(day),
        a.findings.map((f) => [f.code, f.cell]),
      ]);
    }
  });
});

test('the zh and en samples give the same figures and the same findings', () => {
  const today = todaySerial();
  const zh = sampleWorkbook('zh', today).a;
  const en = sampleWorkbook('en', today).a;
  expect(en.projects).toEqual(zh.projects);
  const key = (x: Analysis) => x.findings.map((f) => `${f.code} ${f.table} ${f.column} ${f.row}`).sort();
  expect(key(en)).toEqual(key(zh));
});
