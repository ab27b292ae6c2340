/**
 * The war-room agenda of spec §8: who is on it, with which reasons, in which order; a sponsor filter;
 * an empty agenda with a message rather than an error.
 */
import { agendaSponsors, buildAgenda } from '../../src/engine/agenda';
import { Lang } from '../../src/engine/i18n';
import {
  adjustment,
  AS_OF,
  baseline,
  d,
  L,
  meeting,
  milestones,
  monthlyReport,
  PEOPLE,
  project,
  run,
  salesPlan,
  Spec,
  termination,
} from './build';

type Workbook = Required<Spec>;

describe.each<Lang>(['zh', 'en'])('agenda (%s)', (v) => {
  const agendaOf = (change: (s: Workbook) => void, opts: { date?: number; sponsor?: string } = {}) => {
    const s = baseline(v);
    change(s);
    return buildAgenda(run(s, { lang: v }), opts);
  };
  const groups = (change: (s: Workbook) => void, opts = {}) =>
    agendaOf(change, opts).items.map((i) => [i.projectId, i.reasons.map((r) => r.code)]);

  test('a project that needs nothing is not on it, and the agenda says so', () => {
    const a = agendaOf(() => undefined);
    expect(a.items).toEqual([]);
    expect(a.message?.en).toContain('no project needs the meeting');
    expect(a.message?.zh).toContain('没有需要上会的项目');
  });

  test('each reason, alone', () => {
    // (1) leadership: actual 80,000 against 60,000.
    expect(groups((s) => (s.TaskBook[0].actualCost = 80_000))).toEqual([['P-001', ['leadership']]]);
    // (2) a triggered exit criterion.
    expect(groups((s) => (s.SalesPlan[5].triggered = L('YesNo', 'yes', v)))).toEqual([['P-001', ['exitTriggered']]]);
    // (3) a pending adjustment or termination.
    expect(
      groups((s) =>
        s.Adjustments.push(
          adjustment(v, { decision: L('Decisions', 'pending', v), approver: null, decisionDate: null }),
        ),
      ),
    ).toEqual([['P-001', ['pendingApproval']]]);
    expect(
      groups((s) =>
        s.Terminations.push(
          termination(v, { decision: L('Decisions', 'pending', v), approver: null, decisionDate: null }),
        ),
      ),
    ).toEqual([['P-001', ['pendingApproval']]]);
    // (4) adjustment: a small overrun (61,000 against 60,000).
    expect(groups((s) => (s.TaskBook[0].actualCost = 56_000))).toEqual([['P-001', ['adjustment']]]);
    // (5) war room overdue.
    expect(groups((s) => (s.WarRoom[0].meetingDate = d(-20)))).toEqual([['P-001', ['warRoomOverdue']]]);
    // (6) monthly report missing (as of the meeting date).
    expect(groups((s) => (s.MonthlyReports = []))).toEqual([['P-001', ['reportMissing']]]);
    // (7) an overdue action.
    expect(
      groups((s) => Object.assign(s.WarRoom[0], { actions: '澄清', actionOwner: PEOPLE.PM, actionDue: d(-2) })),
    ).toEqual([['P-001', ['actionOverdue']]]);
    // (8) a milestone not done, due within AgendaLookaheadDays (14) of the meeting.
    expect(groups((s) => (s.TaskBook[1].plannedEnd = d(14)))).toEqual([['P-001', ['milestoneDue']]]);
    expect(groups((s) => (s.TaskBook[1].plannedEnd = d(15)))).toEqual([]);
    expect(groups((s) => Object.assign(s.TaskBook[1], { plannedEnd: d(10), actualEnd: d(-1) }))).toEqual([]);
  });

  test('every reason that applies, once per project, grouped by its first', () => {
    const a = agendaOf((s) => {
      s.TaskBook[0].actualCost = 80_000;
      s.MonthlyReports = [];
      s.TaskBook[1].plannedEnd = d(5);
    });
    expect(a.items).toHaveLength(1);
    expect(a.items[0].group).toBe('leadership');
    expect(a.items[0].reasons.map((r) => r.code)).toEqual(['leadership', 'reportMissing', 'milestoneDue']);
    expect(a.items[0]).toMatchObject({
      grade: 'A',
      currentPlan: 60_000,
      actualCost: 85_000,
      overrun: 25_000,
      sponsor: PEOPLE.GM,
    });
    expect(a.items[0].decision.en).toBe('Continue / Adjust / Terminate');
    expect(a.groups.map((g) => g.code)).toEqual(['leadership']);
  });

  test('the decision asked for names a pending adjustment', () => {
    const a = agendaOf((s) =>
      s.Adjustments.push(
        adjustment(v, {
          adjustmentId: 'ADJ-9',
          decision: L('Decisions', 'pending', v),
          approver: null,
          decisionDate: null,
        }),
      ),
    );
    expect(a.items[0].decision.en).toBe('Decide on adjustment ADJ-9');
    expect(a.items[0].decision.zh).toBe('审批调整单 ADJ-9');
  });

  test('within a group: grade A before B, then the larger overrun first; ended projects are left out', () => {
    const add = (s: Workbook, id: string, over: Record<string, unknown>, actual: number): void => {
      s.Projects.push(project(v, { projectId: id, ...over }));
      s.SalesPlan.push(...salesPlan(id, v));
      const ms = milestones(id, v);
      ms[0].actualCost = actual;
      s.TaskBook.push(...ms);
      s.MonthlyReports.push(monthlyReport(v, { projectId: id }));
      s.WarRoom.push(meeting(v, { projectId: id }));
    };
    const a = agendaOf((s) => {
      s.TaskBook[0].actualCost = 70_000; // A, overrun 15,000
      add(s, 'P-002', { estGrossMargin: 1_000_000, sponsor: PEOPLE.DIRECTOR }, 100_000); // B, overrun 45,000
      add(s, 'P-003', {}, 90_000); // A, overrun 35,000
      add(s, 'P-004', { status: L('Statuses', 'won', v) }, 200_000); // ended
      add(s, 'P-005', { status: L('Statuses', 'onHold', v) }, 56_000); // On Hold, adjustment
    });
    expect(a.items.map((i) => [i.projectId, i.group])).toEqual([
      ['P-003', 'leadership'],
      ['P-001', 'leadership'],
      ['P-002', 'leadership'],
      ['P-005', 'adjustment'],
    ]);
  });

  test('one sponsor only; a sponsor nobody has gives an empty agenda with a message', () => {
    const change = (s: Workbook): void => {
      s.TaskBook[0].actualCost = 80_000;
    };
    expect(agendaOf(change, { sponsor: ` ${PEOPLE.GM} ` }).items.map((i) => i.projectId)).toEqual(['P-001']);
    const other = agendaOf(change, { sponsor: PEOPLE.DIRECTOR });
    expect(other.items).toEqual([]);
    expect(other.message?.en).toContain(`No project has "${PEOPLE.DIRECTOR}" as its sponsor`);
    const none = agendaOf(() => undefined, { sponsor: PEOPLE.GM });
    expect(none.message?.en).toContain(`none of ${PEOPLE.GM}'s projects`);
  });

  test('reasons that depend on the date follow the meeting date', () => {
    expect(groups(() => undefined, { date: AS_OF + 10 })).toEqual([['P-001', ['warRoomOverdue', 'reportMissing']]]);
  });

  test('the sponsors to pick from: People, then sponsors not in People', () => {
    const s = baseline(v);
    s.Projects.push(project(v, { projectId: 'P-009', sponsor: '赵总', stage: L('Stages', 'contact', v) }));
    const names = agendaSponsors(run(s, { lang: v }));
    expect(names).toContain(PEOPLE.GM);
    expect(names).toContain('赵总');
    expect(new Set(names).size).toBe(names.length);
  });
});
