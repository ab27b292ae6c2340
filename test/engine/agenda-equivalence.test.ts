/**
 * buildAgenda was made fast for 10,000 projects (issue 10); this proves it still gives what the
 * straightforward version (agenda-reference.ts) gives, byte for byte, on a pipeline that exercises
 * every reason and every edge the fast path takes a shortcut around: repeated and mixed-case IDs,
 * IDs out of order, a TaskBook end typed as spaces, text months and dates, pending requests with
 * and without amounts, missing tables; in both languages, for several sponsors and meeting dates:
 * the as-of date (where the check's findings tell which projects to ask the monthly cycle's questions)
 * and others (where every project is asked).
 */
import { agendaSponsors, AGENDA_GROUPS, buildAgenda } from '../../src/engine/agenda';
import type { Analysis } from '../../src/engine/analyze';
import { columnFormula } from '../../src/engine/formulas';
import { Lang } from '../../src/engine/i18n';
import { LISTS } from '../../src/engine/lists';
import { POLICY } from '../../src/engine/policy';
import { samplePipeline } from '../../src/engine/sample';
import { DEFAULT_MARKETS, TableName, TABLES } from '../../src/engine/schema';
import { referenceAgenda } from './agenda-reference';
import { AS_OF, L, marketRows, policyRows, RowSpec, run, Spec } from './build';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain JS script without types
const synthetic = require('../../scripts/synthetic.js') as {
  syntheticRows: (engine: unknown, n: number, options: { lang: Lang; today: number }) => { rows: Spec };
};
const ENGINE = { LISTS, TABLES, DEFAULT_MARKETS, POLICY, columnFormula };

const DATES = [undefined, AS_OF - 60, AS_OF - 10, AS_OF + 1, AS_OF + 10, AS_OF + 45, AS_OF + 400];

/** The synthetic pipeline of n projects, changed so every path of the agenda is taken. */
function varied(lang: Lang, n: number): Spec {
  const s = synthetic.syntheticRows(ENGINE, n, { lang, today: AS_OF }).rows;
  const yes = L('YesNo', 'yes', lang);
  const pending = L('Decisions', 'pending', lang);
  const P = s.Projects!;
  P.forEach((p, i) => {
    if (i % 17 === 3) p.status = L('Statuses', 'onHold', lang);
    if (i % 19 === 6) p.status = L('Statuses', 'active', lang === 'zh' ? 'en' : 'zh'); // the other language
    if (i % 23 === 7) p.sponsor = `  ${String(p.sponsor).toUpperCase()} `;
    if (i % 29 === 11) p.registeredOn = '2025-12-01';
    if (i % 31 === 13) p.registeredOn = null;
    if (i % 41 === 5) p.registeredOn = AS_OF - 4000; // more missing months than the reason lists
  });
  s.TaskBook!.forEach((t, j) => {
    const i = Math.floor(j / 6);
    if (j % 6 !== 5) return;
    if (i % 4 === 1) Object.assign(t, { plannedEnd: AS_OF + (i % 30) - 5, actualEnd: null });
    if (i % 10 === 5) Object.assign(t, { plannedEnd: AS_OF + 3, actualEnd: '  ' }); // blank to the agenda, not Open
    if (i % 13 === 9) Object.assign(t, { plannedEnd: 'next week', actualEnd: null });
  });
  s.Adjustments!.forEach((x, j) => {
    if (j % 5 === 1) Object.assign(x, { decision: pending, costChange: 1234567.891 });
    if (j % 9 === 2) Object.assign(x, { decision: pending, costChange: '5万' });
    if (j % 11 === 3) Object.assign(x, { decision: pending, scheduleChangeDays: '两周' });
    if (j % 7 === 4) Object.assign(x, { decision: pending, costChange: -999.5 });
  });
  P.forEach((p, i) => {
    if (i % 19 === 4 || i % 38 === 23)
      s.Terminations!.push({
        projectId: p.projectId,
        requestDate: i % 38 === 23 ? null : AS_OF - 5,
        applicant: p.salesOwner,
        reasonCategory: L('TerminationReasons', 'noBudget', lang),
        details: 'x',
        decision: pending,
      });
  });
  s.MonthlyReports!.forEach((r, j) => {
    if (j % 43 === 8) r.month = lang === 'zh' ? '2026年3月' : 'Mar 2026';
  });
  s.WarRoom!.forEach((w, j) => {
    if (j % 14 === 3) Object.assign(w, { actions: 'A', actionDue: AS_OF - 1, actionDone: yes });
    if (j % 14 === 5) Object.assign(w, { actions: null, actionDue: AS_OF - 30 });
    if (j % 14 === 7) Object.assign(w, { actions: 'B', actionDue: 'soon' });
    if (j % 14 === 9) Object.assign(w, { actions: 'C', actionDue: AS_OF + 20 });
  });
  // One project in six without its latest meeting: its war room is overdue at most grades.
  s.WarRoom = s.WarRoom!.filter((_, j) => !(j % 2 === 1 && Math.floor(j / 2) % 6 === 0));
  // IDs out of table order, an ID typed twice (the second in lower case, after an ended first), a row without one.
  const block = P.splice(40, 60).reverse();
  P.splice(40, 0, ...block);
  P.push({ ...P[1], projectId: String(P[1].projectId).toLowerCase(), status: L('Statuses', 'active', lang) });
  P.push({ ...P[4], sponsor: 'Someone Else' });
  P.push({ ...P[5], projectId: null });
  s.Markets = marketRows(lang);
  s.Policy = policyRows({}, lang);
  return s;
}

const json = (x: unknown): string => JSON.stringify(x);

function expectSame(a: Analysis, sponsors: (string | null)[]): string[] {
  const codes = new Set<string>();
  for (const date of DATES)
    for (const sponsor of sponsors) {
      const options = date === undefined && sponsor === null ? undefined : { date, sponsor };
      const want = referenceAgenda(a, options);
      expect(json(buildAgenda(a, options))).toBe(json(want));
      for (const it of want.items) for (const r of it.reasons) codes.add(r.code);
    }
  return [...codes];
}

describe.each<Lang>(['zh', 'en'])('the fast agenda gives what the reference gives (%s)', (lang) => {
  const spec = varied(lang, 300);
  const a = run(spec, { lang });
  const someSponsors = (x: Analysis): (string | null)[] => {
    const all = agendaSponsors(x);
    return [null, ...all.slice(0, 5), ` ${all[1].toUpperCase()} `, 'Nobody Here', ''];
  };

  test('on a varied synthetic pipeline, every reason present', () => {
    expect(expectSame(a, someSponsors(a)).sort()).toEqual([...AGENDA_GROUPS].sort());
  });

  test('the data takes the paths it is meant to', () => {
    const items = referenceAgenda(a).items;
    // Some run of equal group, grade and overrun is not in table order: the IDs are sorted for it.
    const row = (cell: string): number => Number(/\d+$/.exec(cell)![0]);
    const reordered = items.some(
      (x, i) =>
        i > 0 &&
        items[i - 1].group === x.group &&
        items[i - 1].grade === x.grade &&
        items[i - 1].overrun === x.overrun &&
        row(items[i - 1].cell) > row(x.cell),
    );
    expect(reordered).toBe(true);
    // The repeated ID makes the agenda once, from its first Active row.
    const twice = String(spec.Projects![4].projectId);
    expect(items.filter((x) => x.projectId.toLowerCase() === twice.toLowerCase())).toHaveLength(1);
    expect(a.projects.length).toBeGreaterThan(a.computed.byProject.size);
  });

  test('without repeated IDs (the shortcut that skips the repeat check)', () => {
    const s = varied(lang, 120);
    s.Projects = s.Projects!.filter((p) => p.projectId !== null).slice(0, 120);
    const b = run(s, { lang });
    expect(b.projects.length).toBe(b.computed.byProject.size);
    expectSame(b, someSponsors(b));
  });

  test('with tables missing', () => {
    for (const gone of ['TaskBook', 'WarRoom', 'MonthlyReports', 'Adjustments', 'Terminations', 'SalesPlan']) {
      const s: Spec = { ...varied(lang, 60) };
      delete s[gone as TableName];
      expectSame(run(s, { lang }), [null]);
    }
    const none = run({ People: [] }, { lang });
    expect(json(buildAgenda(none))).toBe(json(referenceAgenda(none)));
  });

  test('on the sample pipeline, for every sponsor', () => {
    const sample = samplePipeline(lang, AS_OF);
    const s: Spec = { Markets: marketRows(lang), Policy: policyRows({}, lang) };
    for (const [table, rows] of Object.entries(sample.rows) as [TableName, RowSpec[]][])
      s[table] = rows.map((r) => ({ ...r }));
    for (const o of sample.overwrites) s[o.table]![o.row][o.column] = o.value;
    const b = run(s, { lang });
    expectSame(b, [null, ...agendaSponsors(b)]);
  });
});
