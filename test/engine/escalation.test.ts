/**
 * Spec §4: current plan, overrun, overrun %, slip, escalation and each adjustment's required approval,
 * each trigger alone at its boundary. Also the per-project JSON keys of spec §6.
 */
import { analyze, Analysis } from '../../src/engine/analyze';
import { Lang } from '../../src/engine/i18n';
import { adjustment, AS_OF, baseline, build, d, L, policyRows, run, Spec, summary, termination } from './build';

type Workbook = Required<Spec>;
const with_ = (change: (s: Workbook) => void, v: Lang = 'zh', asOf = AS_OF): Analysis => {
  const s = baseline(v);
  change(s);
  return run(s, { lang: v }, asOf);
};
const esc = (change: (s: Workbook) => void, asOf = AS_OF): string | null =>
  with_(change, 'zh', asOf).projects[0].escalation;
/** Milestone slip of each TaskBook row. */
const slips = (a: Analysis): (number | null)[] => [...a.computed.taskBook.values()].map((x) => x.milestoneSlipDays);
const approvals = (a: Analysis): (string | null)[] =>
  [...a.computed.adjustments.values()].map((x) => x.requiredApproval);

const cost = (amount: number, decision = 'approved', v: Lang = 'zh', over = {}) =>
  adjustment(v, { costChange: amount, decision: L('Decisions', decision, v), approver: '孙浩', ...over });
const schedule = (days: number, milestone = '需求调研', decision = 'approved', v: Lang = 'zh') =>
  adjustment(v, {
    adjustmentType: L('AdjustmentTypes', 'schedule', v),
    costChange: null,
    scheduleChangeDays: days,
    milestone,
    decision: L('Decisions', decision, v),
    approver: '孙浩',
  });

describe('current plan = planned cost + approved Cost adjustments only', () => {
  test('approved Cost adjustments count; pending, rejected and Schedule ones do not', () => {
    const a = with_((s) => {
      s.Adjustments.push(
        cost(5_000, 'approved', 'zh', { adjustmentId: 'A1' }),
        cost(-2_000, 'approved', 'zh', { adjustmentId: 'A2' }),
        cost(3_000, 'pending', 'zh', { adjustmentId: 'A3', approver: null, decisionDate: null }),
        cost(4_000, 'rejected', 'zh', { adjustmentId: 'A4' }),
        { ...schedule(7, '方案设计'), adjustmentId: 'A5', costChange: 9_000 },
      );
    });
    expect(a.projects[0]).toMatchObject({ plannedCost: 60_000, approvedAdjustments: 3_000, actualCost: 25_000 });
  });
  test('either language’s list values count, in a workbook of either language', () => {
    for (const v of ['zh', 'en'] as const) {
      const a = with_((s) => {
        s.Adjustments.push(
          cost(1_000, 'approved', 'zh', { adjustmentId: 'A1' }),
          cost(2_000, 'approved', 'en', { adjustmentId: 'A2' }),
        );
        s.Adjustments.push(
          adjustment('en', {
            adjustmentId: 'A3',
            costChange: 4_000,
            adjustmentType: 'COST',
            decision: 'approved',
            approver: '孙浩',
          }),
        );
      }, v);
      expect(a.projects[0].approvedAdjustments).toBe(7_000);
    }
  });
  test('an approved adjustment raises the plan and so removes an overrun', () => {
    const over = (s: Workbook): void => void (s.TaskBook[1].actualCost = 45_000); // actual 65,000 > 60,000
    expect(with_(over).projects[0]).toMatchObject({ overrun: 5_000, escalation: 'adjustment' });
    expect(
      with_((s) => {
        over(s);
        s.Adjustments.push(cost(5_000));
      }).projects[0],
    ).toMatchObject({ overrun: 0, overrunPct: 0, escalation: 'none' });
  });
});

describe('overrun and overrun %', () => {
  test('no overrun → 0 and 0 %', () => {
    expect(with_((s) => (s.TaskBook[1].actualCost = 40_000)).projects[0]).toMatchObject({ overrun: 0, overrunPct: 0 });
  });
  test('overrun ÷ current plan as a fraction', () => {
    expect(with_((s) => (s.TaskBook[1].actualCost = 47_500)).projects[0]).toMatchObject({
      overrun: 7_500,
      overrunPct: 0.125,
    });
  });
  test('an overrun with a plan that is not positive → 100 %', () => {
    const zero = with_((s) => s.TaskBook.forEach((r) => (r.plannedCost = 0)));
    expect(zero.projects[0]).toMatchObject({
      plannedCost: 0,
      overrun: 25_000,
      overrunPct: 1,
      escalation: 'leadership',
    });
    const negative = with_((s) => {
      s.TaskBook.forEach((r) => (r.plannedCost = 1_000));
      s.Adjustments.push(cost(-3_000, 'approved', 'zh', { approver: '孙浩' }));
    });
    expect(negative.projects[0]).toMatchObject({
      plannedCost: 2_000,
      approvedAdjustments: -3_000,
      overrun: 26_000,
      overrunPct: 1,
    });
  });
  test('no TaskBook rows at all: plan 0, actual 0 → overrun 0 and 0 %', () => {
    expect(with_((s) => (s.TaskBook.length = 0)).projects[0]).toMatchObject({
      plannedCost: 0,
      actualCost: 0,
      overrun: 0,
      overrunPct: 0,
      escalation: 'none',
    });
  });
});

describe('each leadership trigger alone at its boundary', () => {
  test('overrun exactly 10 % of the current plan → adjustment; just above → leadership', () => {
    expect(esc((s) => (s.TaskBook[1].actualCost = 46_000))).toBe('adjustment'); // overrun 6,000 = 10 % of 60,000
    expect(esc((s) => (s.TaskBook[1].actualCost = 46_000.01))).toBe('leadership');
  });
  test('overrun 100,000 → adjustment; 100,000.01 → leadership (plan large enough that 10 % is not reached)', () => {
    // plan = 1,500,000 (10 % = 150,000; cap 2,000,000 at margin 40,000,000); actual = plan + overrun.
    const x = (overrun: number) => (s: Workbook) => {
      s.Projects[0].estContractValue = 1e9;
      s.Projects[0].estGrossMargin = 40_000_000;
      s.TaskBook[0].plannedCost = 1_470_000;
      s.TaskBook[0].actualCost = 1_495_000 + overrun;
      s.TaskBook[1].actualCost = 5_000;
    };
    expect(with_(x(100_000)).projects[0]).toMatchObject({ overrun: 100_000, escalation: 'adjustment' });
    const above = with_(x(100_000.01)).projects[0];
    expect(above.overrun).toBeCloseTo(100_000.01, 6);
    expect(above.escalation).toBe('leadership');
  });
  test('slip 30 days → adjustment; 31 → leadership', () => {
    expect(esc((s) => (s.TaskBook[0].actualEnd = d(10)))).toBe('adjustment');
    expect(esc((s) => (s.TaskBook[0].actualEnd = d(11)))).toBe('leadership');
  });
  test('planned cost equal to the cap → none; one yuan above → leadership', () => {
    expect(esc((s) => (s.TaskBook[1].plannedCost = 70_000))).toBe('none');
    expect(esc((s) => (s.TaskBook[1].plannedCost = 70_001))).toBe('leadership');
  });
  test('the thresholds follow the Policy', () => {
    expect(esc((s) => ((s.TaskBook[0].actualEnd = d(0)), (s.Policy = policyRows({ LeadSlipDays: 10 }))))).toBe(
      'leadership',
    );
    expect(esc((s) => ((s.TaskBook[0].actualEnd = d(0)), (s.Policy = policyRows({ LeadSlipDays: 20 }))))).toBe(
      'adjustment',
    );
    expect(esc((s) => ((s.TaskBook[1].actualCost = 41_000), (s.Policy = policyRows({ LeadOverrunAmount: 500 }))))).toBe(
      'leadership',
    );
    expect(esc((s) => ((s.TaskBook[1].actualCost = 42_000), (s.Policy = policyRows({ LeadOverrunPct: 0.01 }))))).toBe(
      'leadership',
    );
    expect(esc((s) => void (s.TaskBook[1].actualCost = 42_000))).toBe('adjustment');
  });
});

describe('slip', () => {
  test('with an actual end: actual end − planned end', () => {
    const a = with_((s) => (s.TaskBook[0].actualEnd = d(-5)));
    expect(slips(a)).toEqual([15, 0]);
    expect(a.projects[0].slipDays).toBe(15);
  });
  test('finished early: 0, never negative', () => {
    expect(slips(with_((s) => (s.TaskBook[0].actualEnd = d(-30))))).toEqual([0, 0]);
  });
  test('open milestone: the as-of date if it is past planned end; otherwise 0', () => {
    expect(slips(with_(() => undefined, 'zh', d(30)))).toEqual([0, 0]);
    expect(slips(with_(() => undefined, 'zh', d(31)))).toEqual([0, 1]);
    expect(with_(() => undefined, 'zh', d(61)).projects[0]).toMatchObject({ slipDays: 31, escalation: 'leadership' });
    expect(with_(() => undefined, 'zh', d(60)).projects[0]).toMatchObject({ slipDays: 30, escalation: 'adjustment' });
  });
  test('the as-of date comes from Policy AsOfDate when the caller gives none', () => {
    const s = baseline('zh');
    s.Policy = policyRows({ AsOfDate: d(45) });
    const a = analyze(build(s));
    expect(a.asOf).toBe(d(45));
    expect(a.projects[0].slipDays).toBe(15);
  });
  test('approved Schedule days of that milestone are subtracted, never below 0', () => {
    const late = (s: Workbook): void => void (s.TaskBook[0].actualEnd = d(20)); // slip 40
    expect(with_(late).projects[0]).toMatchObject({ slipDays: 40, escalation: 'leadership' });
    expect(with_((s) => (late(s), s.Adjustments.push(schedule(10)))).projects[0]).toMatchObject({
      slipDays: 30,
      escalation: 'adjustment',
    });
    expect(with_((s) => (late(s), s.Adjustments.push(schedule(9)))).projects[0]).toMatchObject({
      slipDays: 31,
      escalation: 'leadership',
    });
    expect(slips(with_((s) => (late(s), s.Adjustments.push(schedule(50)))))).toEqual([0, 0]);
    expect(with_((s) => (late(s), s.Adjustments.push(schedule(40)))).projects[0]).toMatchObject({
      slipDays: 0,
      escalation: 'none',
    });
  });
  test('pending or rejected Schedule days, or days approved for another milestone, do not count', () => {
    const late = (s: Workbook): void => void (s.TaskBook[0].actualEnd = d(0)); // slip 20
    expect(
      slips(
        with_(
          (s) => (
            late(s),
            s.Adjustments.push({ ...schedule(20, '需求调研', 'pending'), approver: null, decisionDate: null })
          ),
        ),
      ),
    ).toEqual([20, 0]);
    expect(slips(with_((s) => (late(s), s.Adjustments.push(schedule(20, '需求调研', 'rejected')))))).toEqual([20, 0]);
    expect(slips(with_((s) => (late(s), s.Adjustments.push(schedule(20, '方案设计')))))).toEqual([20, 0]);
    expect(slips(with_((s) => (late(s), s.Adjustments.push(schedule(20, '需求调研', 'approved', 'en')))))).toEqual([
      0, 0,
    ]);
  });
  test('the project slip is the largest milestone slip', () => {
    const a = with_((s) => (s.TaskBook[0].actualEnd = d(-10)), 'zh', d(35));
    expect(slips(a)).toEqual([10, 5]);
    expect(a.projects[0].slipDays).toBe(10);
  });
});

describe('won, lost and terminated projects still show their level', () => {
  test.each(['won', 'lost', 'terminated'])('%s', (status) => {
    const a = with_((s) => {
      s.Projects[0].status = L('Statuses', status, 'zh');
      s.Summaries.push(summary('zh', status));
      if (status === 'terminated') s.Terminations.push(termination('zh'));
      s.TaskBook[1].actualCost = 50_000;
    });
    expect(a.projects[0].escalation).toBe('leadership');
    expect(a.findings.map((f) => [f.code, f.severity])).toContainEqual(['overrun-needs-approval', 'error']);
  });
});

describe("an adjustment's required approval", () => {
  const levelOf = (over: Record<string, unknown>, plannedM2 = 30_000): string | null =>
    approvals(
      with_((s) => {
        s.TaskBook[1].plannedCost = plannedM2;
        s.Projects[0].estGrossMargin = 10_000_000;
        s.Adjustments.push(
          adjustment('zh', { decision: L('Decisions', 'pending', 'zh'), approver: null, decisionDate: null, ...over }),
        );
      }),
    )[0];
  test('|cost| = 10 % of planned cost → GM / Sales Director; above → Leadership; negative the same', () => {
    expect(levelOf({ costChange: 6_000 })).toBe('gmOrDirector');
    expect(levelOf({ costChange: 6_000.01 })).toBe('leadership');
    expect(levelOf({ costChange: -6_000 })).toBe('gmOrDirector');
    expect(levelOf({ costChange: -6_000.01 })).toBe('leadership');
  });
  test('10 % of the planned cost, not of the current plan (approved adjustments are not added)', () => {
    const a = with_((s) => {
      s.Adjustments.push(cost(5_000, 'approved', 'zh', { adjustmentId: 'A1' }));
      s.Adjustments.push(
        adjustment('zh', {
          adjustmentId: 'A2',
          costChange: 6_400,
          decision: L('Decisions', 'pending', 'zh'),
          approver: null,
          decisionDate: null,
        }),
      );
    });
    expect(approvals(a)).toEqual(['gmOrDirector', 'leadership']);
  });
  test('|cost| 100,000 → GM / Sales Director; 100,000.01 → Leadership (planned cost large enough)', () => {
    expect(levelOf({ costChange: 100_000 }, 1_970_000)).toBe('gmOrDirector');
    expect(levelOf({ costChange: 100_000.01 }, 1_970_000)).toBe('leadership');
    expect(levelOf({ costChange: -100_000.01 }, 1_970_000)).toBe('leadership');
  });
  test('schedule change 30 days → GM / Sales Director; 31 → Leadership', () => {
    const sched = (days: number) => ({
      adjustmentType: L('AdjustmentTypes', 'schedule', 'zh'),
      costChange: null,
      scheduleChangeDays: days,
    });
    expect(levelOf(sched(30))).toBe('gmOrDirector');
    expect(levelOf(sched(31))).toBe('leadership');
    expect(levelOf(sched(-45))).toBe('gmOrDirector');
  });
  test('the computed cell shows the label in the workbook language', () => {
    const a = with_((s) => s.Adjustments.push(adjustment('en', { costChange: 50_000, approver: '孙浩' })), 'en');
    expect(a.cells.Adjustments.get(0)).toEqual({
      requiredApproval: 'Leadership',
      approvedCost: 50_000,
      approvedDays: 0,
    });
    const b = with_((s) => s.Adjustments.push(adjustment('zh')), 'zh');
    expect(b.cells.Adjustments.get(0)).toEqual({
      requiredApproval: '总经理/销售总监',
      approvedCost: 5_000,
      approvedDays: 0,
    });
  });
});

describe("an adjustment's approved amounts (the per-row columns the aggregates add up)", () => {
  const cells = (rows: ReturnType<typeof adjustment>[], lang: Lang = 'zh') =>
    with_((s) => s.Adjustments.push(...rows), lang).cells.Adjustments;
  test('Approved Cost Change: the cost change of an approved Cost adjustment, in either language and case', () => {
    const c = cells([
      cost(2_500),
      cost(-1_500, 'approved', 'en', { adjustmentId: 'ADJ-002' }),
      cost(700, 'approved', 'zh', { adjustmentId: 'ADJ-003', adjustmentType: 'COST', decision: 'APPROVED' }),
    ]);
    expect([0, 1, 2].map((i) => c.get(i)?.approvedCost)).toEqual([2_500, -1_500, 700]);
    expect([0, 1, 2].map((i) => c.get(i)?.approvedDays)).toEqual([0, 0, 0]);
  });
  test('…and 0 when pending, rejected, undecided, of type Schedule, or when the amount is text', () => {
    const c = cells([
      cost(2_500, 'pending'),
      cost(2_500, 'rejected', 'en', { adjustmentId: 'ADJ-002' }),
      cost(2_500, 'approved', 'zh', { adjustmentId: 'ADJ-003', decision: null }),
      cost(2_500, 'approved', 'zh', {
        adjustmentId: 'ADJ-004',
        adjustmentType: L('AdjustmentTypes', 'schedule', 'zh'),
      }),
      cost(0, 'approved', 'zh', { adjustmentId: 'ADJ-005', costChange: '5万' }),
    ]);
    expect([0, 1, 2, 3, 4].map((i) => c.get(i)?.approvedCost)).toEqual([0, 0, 0, 0, 0]);
  });
  test('Approved Schedule Days: the days of an approved Schedule adjustment, else 0; blank without a Project ID', () => {
    const c = cells([
      schedule(12),
      schedule(12, '需求调研', 'pending'),
      schedule(7, '需求调研', 'approved', 'en'),
      { ...schedule(9), adjustmentId: 'ADJ-009', projectId: null },
    ]);
    expect([0, 1, 2].map((i) => c.get(i)?.approvedDays)).toEqual([12, 0, 7]);
    expect(c.get(0)?.approvedCost).toBe(0);
    expect(c.get(3)).toEqual({ requiredApproval: null, approvedCost: null, approvedDays: null });
  });
});

describe('analyze(...).projects (the CLI JSON)', () => {
  test('keys are exactly those of spec §6, in that order', () => {
    const a = run(baseline('zh'));
    expect(Object.keys(a.projects[0])).toEqual([
      'projectId',
      'marketWeight',
      'marginTier',
      'importanceScore',
      'grade',
      'budgetCap',
      'plannedCost',
      'approvedAdjustments',
      'actualCost',
      'overrun',
      'overrunPct',
      'slipDays',
      'escalation',
    ]);
    expect(JSON.parse(JSON.stringify(a.projects))).toEqual([
      {
        projectId: 'P-001',
        marketWeight: 4,
        marginTier: 4,
        importanceScore: 4,
        grade: 'A',
        budgetCap: 100_000,
        plannedCost: 60_000,
        approvedAdjustments: 0,
        actualCost: 25_000,
        overrun: 0,
        overrunPct: 0,
        slipDays: 0,
        escalation: 'none',
      },
    ]);
  });
  test('a value that cannot be computed is null in JSON; rows without an ID are left out', () => {
    const s = baseline('zh');
    s.Projects[0].market = null;
    s.Projects.push({ projectName: 'no id', customer: 'x' });
    const a = run(s);
    expect(a.projects).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(a.projects[0]))).toMatchObject({
      marketWeight: null,
      importanceScore: null,
      grade: null,
      budgetCap: null,
    });
  });
});

describe('the other computed cells', () => {
  test('cost variance, cost to date, pre-sales cost and budget used %', () => {
    const a = with_((s) => {
      s.Adjustments.push(cost(2_500));
      s.Terminations.push(
        termination('zh', { approver: null, decisionDate: null, decision: L('Decisions', 'pending', 'zh') }),
      );
      s.Summaries.push(summary('zh', 'lost'));
    });
    expect(a.cells.TaskBook.get(0)).toEqual({ costVariance: -10_000, milestoneSlipDays: 0, open: 0 });
    expect(a.cells.TaskBook.get(1)).toEqual({ costVariance: -25_000, milestoneSlipDays: 0, open: 1 });
    expect(a.cells.Terminations.get(0)).toEqual({ costToDate: 25_000 });
    expect(a.cells.Summaries.get(0)).toEqual({
      presalesCost: 25_000,
      currentPlan: 62_500,
      budgetUsedPct: 25_000 / 62_500,
    });
  });
  test('budget used % is empty when the current plan is not positive; cost variance empty without an actual cost', () => {
    const a = with_((s) => {
      s.TaskBook.forEach((r) => (r.plannedCost = 0));
      s.TaskBook[1].actualCost = null;
      s.Summaries.push(summary('zh', 'lost'));
    });
    expect(a.cells.Summaries.get(0)).toEqual({ presalesCost: 20_000, currentPlan: 0, budgetUsedPct: null });
    expect(a.cells.TaskBook.get(1)?.costVariance).toBeNull();
  });
  test('the escalation cell shows its label in the workbook language', () => {
    expect(with_(() => undefined, 'zh').cells.Projects.get(0)?.escalation).toBe('无');
    expect(with_((s) => (s.TaskBook[1].actualCost = 50_000), 'en').cells.Projects.get(0)?.escalation).toBe(
      'Leadership approval',
    );
  });
});

describe("Projects' Weight in Markets (Market Weight's one lookup)", () => {
  test('the Markets weight cell as found: a number, 0 when empty, text as typed, blank without a match; Market Weight only a number', () => {
    const a = with_((s) => {
      s.Markets.push(
        { market: '华南市场', weight: 2.5 },
        { market: '待定市场', weight: '高' },
        { market: '空权重市场', weight: null },
      );
      s.Projects.push(
        { ...s.Projects[0], projectId: 'P-002', market: '华南市场' },
        { ...s.Projects[0], projectId: 'P-003', market: '待定市场' },
        { ...s.Projects[0], projectId: 'P-004', market: '空权重市场' },
        { ...s.Projects[0], projectId: 'P-005', market: '火星市场' },
      );
    });
    const p = a.cells.Projects;
    expect([1, 2, 3, 4].map((i) => p.get(i)?.marketLookup)).toEqual([2.5, '高', 0, null]);
    expect([1, 2, 3, 4].map((i) => p.get(i)?.marketWeight)).toEqual([2.5, null, null, null]);
    expect(p.get(0)?.marketLookup).toBe(p.get(0)?.marketWeight);
    expect(typeof p.get(0)?.marketWeight).toBe('number');
  });
});
