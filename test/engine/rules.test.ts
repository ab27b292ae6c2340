/**
 * Every finding code of spec §5 (and the engine's extra codes), each TRIGGERED by changing one thing
 * in the clean baseline and NOT TRIGGERED on the nearest valid variant. Run with headers in Chinese
 * and in English, and with list values in either language (a zh workbook with en values is accepted).
 */
import { analyze, Analysis } from '../../src/engine/analyze';
import { FindingCode, Severity } from '../../src/engine/findings';
import { Lang } from '../../src/engine/i18n';
import { POLICY } from '../../src/engine/policy';
import { TableName } from '../../src/engine/schema';
import {
  adjustment,
  AS_OF,
  at,
  build,
  baseline,
  BuildOptions,
  codes,
  d,
  describeFindings,
  L,
  meeting,
  milestones,
  monthlyReport,
  PEOPLE,
  project,
  run,
  salesPlan,
  Spec,
  summary,
  termination,
} from './build';

type Workbook = Required<Spec>;

const CONFIGS: { headers: Lang; values: Lang }[] = [
  { headers: 'zh', values: 'zh' },
  { headers: 'en', values: 'en' },
  { headers: 'zh', values: 'en' },
  { headers: 'en', values: 'zh' },
];

describe.each(CONFIGS)('rules with $headers headers and $values list values', ({ headers: h, values: v }) => {
  const other: Lang = v === 'zh' ? 'en' : 'zh';
  const check = (change: (s: Workbook) => void, opts: BuildOptions = {}): Analysis => {
    const s = baseline(v);
    change(s);
    return run(s, { lang: h, ...opts });
  };

  /** Exactly one finding of `code` at that cell, with all its fields and a message in both languages. */
  function expectFinding(
    a: Analysis,
    code: FindingCode,
    severity: Severity,
    table: TableName,
    column: string | null,
    relCell: string,
  ): void {
    const cell = at(table, relCell, h);
    const hits = a.findings.filter((f) => f.code === code && f.cell === cell);
    if (hits.length !== 1) throw new Error(`expected one ${code} at ${cell}; findings:\n${describeFindings(a)}`);
    const f = hits[0];
    expect(f.severity).toBe(severity);
    expect(f.table).toBe(table);
    expect(f.column).toBe(column);
    expect(f.message.zh.trim()).not.toBe('');
    expect(f.message.en.trim()).not.toBe('');
    expect(f.message.zh).not.toBe(f.message.en);
  }
  const expectClean = (a: Analysis): void => {
    if (a.findings.length > 0) throw new Error(`expected no findings; got:\n${describeFindings(a)}`);
  };
  const expectNo = (a: Analysis, code: FindingCode): void => {
    if (codes(a).includes(code)) throw new Error(`expected no ${code}; got:\n${describeFindings(a)}`);
  };

  test('the baseline is clean', () => {
    expectClean(check(() => undefined));
  });

  describe('missing-value', () => {
    test('a required cell that is empty or only spaces', () => {
      expectFinding(
        check((s) => (s.Projects[0].customer = null)),
        'missing-value',
        'error',
        'Projects',
        'customer',
        'C2',
      );
      expectFinding(
        check((s) => (s.Projects[0].customer = '   ')),
        'missing-value',
        'error',
        'Projects',
        'customer',
        'C2',
      );
      expectFinding(
        check((s) => (s.TaskBook[1].plannedCost = null)),
        'missing-value',
        'error',
        'TaskBook',
        'plannedCost',
        'F3',
      );
    });

    test('Project Manager is required from stage 咨询 on, not at 接触', () => {
      expectFinding(
        check((s) => (s.Projects[0].projectManager = null)),
        'missing-value',
        'error',
        'Projects',
        'projectManager',
        'F2',
      );
      expectFinding(
        check((s) => Object.assign(s.Projects[0], { projectManager: null, stage: L('Stages', 'bidding', v) })),
        'missing-value',
        'error',
        'Projects',
        'projectManager',
        'F2',
      );
      expectClean(
        check((s) => {
          Object.assign(s.Projects[0], { projectManager: null, stage: L('Stages', 'contact', v) });
          s.MonthlyReports[0].author = PEOPLE.SALES;
        }),
      );
    });

    test.each([
      ['owner', 'E'],
      ['purpose', 'F'],
      ['dueDate', 'G'],
    ])('Work Item %s is required for a Work Item only', (key, letter) => {
      expectFinding(
        check((s) => (s.SalesPlan[3][key] = null)),
        'missing-value',
        'error',
        'SalesPlan',
        key,
        `${letter}5`,
      );
      // The same blank on a Sales Goal row is fine (an extra Work Item keeps the plan complete).
      expectClean(
        check((s) => {
          s.SalesPlan.push({ ...s.SalesPlan[3], itemType: L('PlanItemTypes', 'salesGoal', v), [key]: null });
        }),
      );
    });

    test.each([
      ['likelihood', 'H'],
      ['impact', 'I'],
    ])('Risk %s is required for a Risk only', (key, letter) => {
      expectFinding(
        check((s) => (s.SalesPlan[4][key] = null)),
        'missing-value',
        'error',
        'SalesPlan',
        key,
        `${letter}6`,
      );
      expectClean(
        check((s) =>
          s.SalesPlan.push({ ...s.SalesPlan[4], itemType: L('PlanItemTypes', 'salesGoal', v), [key]: null }),
        ),
      );
    });

    test('Dimension is required for Strength and Weakness only', () => {
      expectFinding(
        check((s) => (s.SalesPlan[0].dimension = null)),
        'missing-value',
        'error',
        'SalesPlan',
        'dimension',
        'C2',
      );
      expectFinding(
        check((s) => (s.SalesPlan[1].dimension = null)),
        'missing-value',
        'error',
        'SalesPlan',
        'dimension',
        'C3',
      );
      expectClean(
        check((s) =>
          s.SalesPlan.push({ ...s.SalesPlan[0], itemType: L('PlanItemTypes', 'salesGoal', v), dimension: null }),
        ),
      );
    });

    test('Cost Change is required for a Cost adjustment only', () => {
      expectFinding(
        check((s) => s.Adjustments.push(adjustment(v, { costChange: null }))),
        'missing-value',
        'error',
        'Adjustments',
        'costChange',
        'E2',
      );
      expectClean(
        check((s) =>
          s.Adjustments.push(
            adjustment(v, {
              adjustmentType: L('AdjustmentTypes', 'schedule', v),
              costChange: null,
              scheduleChangeDays: 5,
            }),
          ),
        ),
      );
    });

    test('Schedule Change (days) is required for a Schedule adjustment only', () => {
      expectFinding(
        check((s) =>
          s.Adjustments.push(
            adjustment(v, {
              adjustmentType: L('AdjustmentTypes', 'schedule', v),
              costChange: null,
              scheduleChangeDays: null,
            }),
          ),
        ),
        'missing-value',
        'error',
        'Adjustments',
        'scheduleChangeDays',
        'F2',
      );
      expectClean(check((s) => s.Adjustments.push(adjustment(v, { scheduleChangeDays: null }))));
    });

    test('an adjustment needs approver and decision date once decided (approved or rejected), not while pending', () => {
      expectFinding(
        check((s) => s.Adjustments.push(adjustment(v, { approver: null }))),
        'missing-value',
        'error',
        'Adjustments',
        'approver',
        'N2',
      );
      expectFinding(
        check((s) => s.Adjustments.push(adjustment(v, { approver: null, decision: L('Decisions', 'rejected', v) }))),
        'missing-value',
        'error',
        'Adjustments',
        'approver',
        'N2',
      );
      expectFinding(
        check((s) => s.Adjustments.push(adjustment(v, { decisionDate: null }))),
        'missing-value',
        'error',
        'Adjustments',
        'decisionDate',
        'P2',
      );
      expectClean(
        check((s) =>
          s.Adjustments.push(
            adjustment(v, { approver: null, decisionDate: null, decision: L('Decisions', 'pending', v) }),
          ),
        ),
      );
    });

    test('a termination needs approver and decision date once decided, not while pending', () => {
      expectFinding(
        check((s) => s.Terminations.push(termination(v, { approver: null }))),
        'missing-value',
        'error',
        'Terminations',
        'approver',
        'H2',
      );
      expectFinding(
        check((s) =>
          s.Terminations.push(termination(v, { decisionDate: null, decision: L('Decisions', 'rejected', v) })),
        ),
        'missing-value',
        'error',
        'Terminations',
        'decisionDate',
        'J2',
      );
      expectClean(
        check((s) =>
          s.Terminations.push(
            termination(v, { approver: null, decisionDate: null, decision: L('Decisions', 'pending', v) }),
          ),
        ),
      );
    });

    test('Signed Contract Value is required when Won, not when Lost', () => {
      expectFinding(
        check((s) => {
          s.Projects[0].status = L('Statuses', 'won', v);
          s.Summaries.push(summary(v, 'won', { signedValue: null }));
        }),
        'missing-value',
        'error',
        'Summaries',
        'signedValue',
        'E2',
      );
      expectClean(
        check((s) => {
          s.Projects[0].status = L('Statuses', 'lost', v);
          s.Summaries.push(summary(v, 'lost', { signedValue: null }));
        }),
      );
    });
  });

  describe('type-error', () => {
    test('text in a money cell, text in a date cell, Excel error values, a fraction in an int cell', () => {
      expectFinding(
        check((s) => (s.Projects[0].estContractValue = 'abc')),
        'type-error',
        'error',
        'Projects',
        'estContractValue',
        'J2',
      );
      expectFinding(
        check((s) => (s.Projects[0].registeredOn = '2026-04-02')),
        'type-error',
        'error',
        'Projects',
        'registeredOn',
        'L2',
      );
      expectFinding(
        check((s) => (s.Projects[0].customer = '#N/A')),
        'type-error',
        'error',
        'Projects',
        'customer',
        'C2',
      );
      expectFinding(
        check((s) => (s.TaskBook[0].plannedCost = '#VALUE!')),
        'type-error',
        'error',
        'TaskBook',
        'plannedCost',
        'F2',
      );
      expectFinding(
        check((s) => (s.Projects[0].sponsor = '#REF!')),
        'type-error',
        'error',
        'Projects',
        'sponsor',
        'G2',
      );
      expectFinding(
        check((s) =>
          s.Adjustments.push(
            adjustment(v, {
              adjustmentType: L('AdjustmentTypes', 'schedule', v),
              costChange: null,
              scheduleChangeDays: 2.5,
            }),
          ),
        ),
        'type-error',
        'error',
        'Adjustments',
        'scheduleChangeDays',
        'F2',
      );
      expectFinding(
        check((s) => (s.Markets[1].weight = 'four')),
        'type-error',
        'error',
        'Markets',
        'weight',
        'B3',
      );
    });
    test('not triggered by the real number / date', () => {
      expectClean(check((s) => (s.Projects[0].registeredOn = d(-59))));
      expectClean(
        check((s) =>
          s.Adjustments.push(
            adjustment(v, {
              adjustmentType: L('AdjustmentTypes', 'schedule', v),
              costChange: null,
              scheduleChangeDays: 2,
            }),
          ),
        ),
      );
    });
  });

  describe('out-of-range', () => {
    test('negative money where not allowed; 0 is fine; a signed Cost Change may be negative', () => {
      expectFinding(
        check((s) => (s.TaskBook[0].plannedCost = -1)),
        'out-of-range',
        'error',
        'TaskBook',
        'plannedCost',
        'F2',
      );
      expectNo(
        check((s) => (s.TaskBook[0].plannedCost = 0)),
        'out-of-range',
      );
      expectClean(check((s) => s.Adjustments.push(adjustment(v, { costChange: -5_000 }))));
    });
    test('market weight outside 1–5', () => {
      expectFinding(
        check((s) => (s.Markets[0].weight = 6)),
        'out-of-range',
        'error',
        'Markets',
        'weight',
        'B2',
      );
      expectFinding(
        check((s) => (s.Markets[0].weight = 0.99)),
        'out-of-range',
        'error',
        'Markets',
        'weight',
        'B2',
      );
      expectClean(check((s) => (s.Markets[0].weight = 1)));
      expectClean(check((s) => (s.Markets[0].weight = 5)));
    });
    test('end before start; equal is fine', () => {
      expectFinding(
        check((s) => (s.TaskBook[1].plannedEnd = d(-21))),
        'out-of-range',
        'error',
        'TaskBook',
        'plannedEnd',
        'E3',
      );
      expectNo(
        check((s) => (s.TaskBook[1].plannedEnd = d(-20))),
        'out-of-range',
      );
      expectFinding(
        check((s) => (s.TaskBook[0].actualEnd = d(-51))),
        'out-of-range',
        'error',
        'TaskBook',
        'actualEnd',
        'H2',
      );
      expectFinding(
        check((s) => (s.Projects[0].expectedSignDate = d(-61))),
        'out-of-range',
        'error',
        'Projects',
        'expectedSignDate',
        'M2',
      );
      expectClean(check((s) => (s.Projects[0].expectedSignDate = d(-60))));
      expectFinding(
        check((s) => s.Adjustments.push(adjustment(v, { decisionDate: d(-11) }))),
        'out-of-range',
        'error',
        'Adjustments',
        'decisionDate',
        'P2',
      );
      expectClean(check((s) => s.Adjustments.push(adjustment(v, { decisionDate: d(-10) }))));
    });
    test('gross margin above the contract value; equal is fine', () => {
      expectFinding(
        check((s) => (s.Projects[0].estGrossMargin = 10_000_000.01)),
        'out-of-range',
        'error',
        'Projects',
        'estGrossMargin',
        'K2',
      );
      expectClean(check((s) => (s.Projects[0].estGrossMargin = 10_000_000)));
    });
    test('a date serial outside Excel’s range', () => {
      expectFinding(
        check((s) => (s.Projects[0].registeredOn = 0)),
        'out-of-range',
        'error',
        'Projects',
        'registeredOn',
        'L2',
      );
    });
  });

  describe('not-in-list', () => {
    test('a value of neither language’s list', () => {
      expectFinding(
        check((s) => (s.Projects[0].stage = '谈判')),
        'not-in-list',
        'error',
        'Projects',
        'stage',
        'H2',
      );
      expectFinding(
        check((s) => (s.Projects[0].stage = `${L('Stages', 'consulting', v)} `)),
        'not-in-list',
        'error',
        'Projects',
        'stage',
        'H2',
      );
      expectFinding(
        check((s) => (s.TaskBook[0].sponsorConfirmed = '也许')),
        'not-in-list',
        'error',
        'TaskBook',
        'sponsorConfirmed',
        'I2',
      );
      expectFinding(
        check((s) => (s.Projects[0].market = '华南市场')),
        'not-in-list',
        'error',
        'Projects',
        'market',
        'D2',
      );
    });
    test('a value with leading or trailing spaces says so, and shows the value as the list writes it', () => {
      const a = check((s) => (s.Projects[0].stage = ` ${L('Stages', 'consulting', v).toLowerCase()} `));
      expectFinding(a, 'not-in-list', 'error', 'Projects', 'stage', 'H2');
      const f = a.findings[0];
      expect(f.message.en).toContain('leading or trailing spaces');
      expect(f.message.zh).toContain('多余空格');
      expect(f.message.zh).toContain(`“${L('Stages', 'consulting', v)}”`);
      expect(f.message.en).toContain(`"${L('Stages', 'consulting', v)}"`);
      const m = check((s) => (s.Projects[0].market = v === 'zh' ? '重点市场 ' : ' key'));
      expectFinding(m, 'not-in-list', 'error', 'Projects', 'market', 'D2');
      expect(m.findings[0].message.en).toContain(`does not match "${v === 'zh' ? '重点市场' : 'Key'}"`);
    });
    test('an unknown market lists the markets as the Markets table writes them, not lower-cased', () => {
      const a = check((s) => (s.Projects[0].market = 'Nowhere'));
      expect(a.findings[0].message.en).toContain(v === 'zh' ? '战略市场, 重点市场' : 'Strategic, Key, Growth');
      expect(a.findings[0].message.zh).toContain(v === 'zh' ? '战略市场、重点市场' : 'Strategic、Key、Growth');
    });
    test('the other language’s value, any case, and a boolean yes/no are accepted', () => {
      expectClean(check((s) => (s.Projects[0].stage = L('Stages', 'consulting', other))));
      expectClean(check((s) => (s.Projects[0].status = L('Statuses', 'active', 'en').toUpperCase())));
      expectClean(check((s) => (s.TaskBook[0].sponsorConfirmed = true)));
      expectClean(check((s) => (s.People[0].role = L('Roles', 'generalManager', other))));
    });
  });

  describe('duplicate-key', () => {
    test('Project ID repeats; a new ID is fine', () => {
      expectFinding(
        check((s) => s.Projects.push(project(v, { projectName: '另一个', stage: L('Stages', 'contact', v) }))),
        'duplicate-key',
        'error',
        'Projects',
        'projectId',
        'A3',
      );
      expectClean(
        check((s) => {
          s.Projects.push(project(v, { projectId: 'P-002', stage: L('Stages', 'contact', v) }));
          s.MonthlyReports.push(monthlyReport(v, { projectId: 'P-002' }));
          s.WarRoom.push(meeting(v, { projectId: 'P-002' }));
        }),
      );
    });
    test('Adjustment ID repeats; a new ID is fine', () => {
      expectFinding(
        check((s) => s.Adjustments.push(adjustment(v), adjustment(v))),
        'duplicate-key',
        'error',
        'Adjustments',
        'adjustmentId',
        'A3',
      );
      expectClean(check((s) => s.Adjustments.push(adjustment(v), adjustment(v, { adjustmentId: 'ADJ-002' }))));
    });
    test('a milestone repeats within its project; the same name in another project is fine', () => {
      expectFinding(
        check((s) => (s.TaskBook[1].milestone = '需求调研')),
        'duplicate-key',
        'error',
        'TaskBook',
        'milestone',
        'B3',
      );
      expectClean(
        check((s) => {
          s.Projects.push(project(v, { projectId: 'P-002' }));
          s.SalesPlan.push(...salesPlan('P-002', v));
          s.TaskBook.push(...milestones('P-002', v));
          s.MonthlyReports.push(monthlyReport(v, { projectId: 'P-002' }));
          s.WarRoom.push(meeting(v, { projectId: 'P-002' }));
        }),
      );
    });
    test('a milestone repeats in a project whose rows come back after another project; a new name there is fine', () => {
      const twoProjects = (s: Workbook, name: string): void => {
        s.Projects.push(project(v, { projectId: 'P-002' }));
        s.SalesPlan.push(...salesPlan('P-002', v));
        s.TaskBook.push(...milestones('P-002', v), { ...milestones('P-001', v)[0], milestone: name });
        s.MonthlyReports.push(monthlyReport(v, { projectId: 'P-002' }));
        s.WarRoom.push(meeting(v, { projectId: 'P-002' }));
      };
      const a = check((s) => twoProjects(s, '需求调研'));
      expectFinding(a, 'duplicate-key', 'error', 'TaskBook', 'milestone', 'B6');
      expect(a.findings.find((f) => f.code === 'duplicate-key')!.message.en).toContain(
        `first at ${at('TaskBook', 'B2', h)}`,
      );
      expectNo(
        check((s) => twoProjects(s, '商务谈判')),
        'duplicate-key',
      );
    });
    test('a milestone repeats far down a project with many milestones', () => {
      const a = check((s) => {
        const more = Array.from({ length: 38 }, (_, i) => ({ ...milestones('P-001', v)[1], milestone: `M${i + 1}` }));
        s.TaskBook.push(...more, { ...more[4] });
      });
      expectFinding(a, 'duplicate-key', 'error', 'TaskBook', 'milestone', 'B42');
      expect(a.findings.find((f) => f.code === 'duplicate-key')!.message.en).toContain(
        `first at ${at('TaskBook', 'B8', h)}`,
      );
    });
  });

  describe('unknown-project', () => {
    test.each<[TableName, string]>([
      ['SalesPlan', 'A8'],
      ['TaskBook', 'A4'],
    ])('a Project ID in %s that is not in Projects', (table, cell) => {
      expectFinding(
        check((s) => {
          const rows = s[table] as Spec['SalesPlan'] & object;
          rows.push({ ...rows[rows.length - 1], projectId: 'P-999' });
        }),
        'unknown-project',
        'error',
        table,
        'projectId',
        cell,
      );
    });
    test('in Adjustments, Terminations and Summaries', () => {
      expectFinding(
        check((s) => s.Adjustments.push(adjustment(v, { projectId: 'P-999' }))),
        'unknown-project',
        'error',
        'Adjustments',
        'projectId',
        'B2',
      );
      expectFinding(
        check((s) => s.Terminations.push(termination(v, { projectId: 'P-999' }))),
        'unknown-project',
        'error',
        'Terminations',
        'projectId',
        'A2',
      );
      expectFinding(
        check((s) => s.Summaries.push(summary(v, 'won', { projectId: 'P-999' }))),
        'unknown-project',
        'error',
        'Summaries',
        'projectId',
        'A2',
      );
    });
    test('a Project ID with leading or trailing spaces says so', () => {
      const a = check((s) => (s.TaskBook[1].projectId = 'P-001 '));
      expectFinding(a, 'unknown-project', 'error', 'TaskBook', 'projectId', 'A3');
      const f = a.findings.find((x) => x.code === 'unknown-project')!;
      expect(f.message.en).toContain('"P-001 " has leading or trailing spaces');
      expect(f.message.zh).toContain('多余空格');
      // An ID that is wrong, not just spaced, does not blame spaces.
      const b = check((s) => (s.TaskBook[1].projectId = ' P-999'));
      expect(b.findings.find((x) => x.code === 'unknown-project')!.message.en).not.toContain('spaces');
    });
    test('not triggered for a registered project', () => {
      expectClean(check((s) => s.SalesPlan.push({ ...s.SalesPlan[2] })));
    });
  });

  describe('sponsor-not-person', () => {
    test('blank from stage 咨询 on', () => {
      expectFinding(
        check((s) => (s.Projects[0].sponsor = null)),
        'sponsor-not-person',
        'error',
        'Projects',
        'sponsor',
        'G2',
      );
      expectClean(check((s) => Object.assign(s.Projects[0], { sponsor: null, stage: L('Stages', 'contact', v) })));
    });
    test.each([
      '信息中心',
      '销售部',
      '滨海科技公司',
      '公章',
      '总经理办公室',
      'IT Dept',
      'Sales Department',
      'Acme Company',
      'Head Office',
      'Presales Team',
    ])('names an organisation or a seal: %s', (name) => {
      expectFinding(
        check((s) => (s.Projects[0].sponsor = name)),
        'sponsor-not-person',
        'error',
        'Projects',
        'sponsor',
        'G2',
      );
    });
    // The two lists of the spec §5 row.
    test.each([
      ['销售部', '部'],
      ['总经办', '办'],
      ['总裁办', '办'],
      ['董事会', '董事会'],
      ['财务科', '科'],
      ['市场组', '组'],
      ['财务处', '处'],
      ['Acme Co.', 'Co.'],
      ['Board of Directors', 'Board'],
      [' 销售部 ', '部'],
      ['Acme Co.,Ltd.', 'Ltd.'],
    ])('an organisation ends in an organisational word: %s', (name, word) => {
      const a = check((s) => (s.Projects[0].sponsor = name));
      expectFinding(a, 'sponsor-not-person', 'error', 'Projects', 'sponsor', 'G2');
      // The message names the word that makes it an organisation.
      const f = a.findings.find((x) => x.code === 'sponsor-not-person')!;
      expect(f.message.en).toContain(`ends in "${word}"`);
      expect(f.message.zh).toContain(`以“${word}”结尾`);
    });
    test.each(['王部长', '李处', '张总', '刘经理', 'Officer Li', 'Sealy Wang', '欧阳总监', '赵董', 'Mr. Wang'])(
      'a surname with a title, or a name that merely contains such letters, is a person: %s',
      (name) => {
        expectNo(
          check((s) => (s.Projects[0].sponsor = name)),
          'sponsor-not-person',
        );
      },
    );
    test('a name listed in People is a person, whatever it ends in', () => {
      const listed = (s: Workbook): void => {
        s.People.push({ name: 'Tom Board', role: L('Roles', 'generalManager', v), active: L('YesNo', 'yes', v) });
        s.Projects[0].sponsor = 'Tom Board';
      };
      expectClean(check(listed));
      expectFinding(
        check((s) => (s.Projects[0].sponsor = 'Tom Board')),
        'sponsor-not-person',
        'error',
        'Projects',
        'sponsor',
        'G2',
      );
    });
  });

  describe('sponsor-role-too-low', () => {
    test('a Sales Director sponsors a grade A project (needs General Manager)', () => {
      expectFinding(
        check((s) => (s.Projects[0].sponsor = PEOPLE.DIRECTOR)),
        'sponsor-role-too-low',
        'warning',
        'Projects',
        'sponsor',
        'G2',
      );
    });
    test('a Sales Director may sponsor a grade B project (margin one cent below tier 4)', () => {
      expectClean(
        check((s) => Object.assign(s.Projects[0], { sponsor: PEOPLE.DIRECTOR, estGrossMargin: 1_999_999.99 })),
      );
    });
  });

  describe('unknown-person', () => {
    test('a person column names nobody in People', () => {
      expectFinding(
        check((s) => (s.Projects[0].salesOwner = '无名氏')),
        'unknown-person',
        'warning',
        'Projects',
        'salesOwner',
        'E2',
      );
      expectFinding(
        check((s) => (s.SalesPlan[3].owner = '无名氏')),
        'unknown-person',
        'warning',
        'SalesPlan',
        'owner',
        'E5',
      );
    });
    test('not when People is empty, and not for a known name', () => {
      expectClean(
        check((s) => {
          s.Projects[0].salesOwner = '无名氏';
          s.People.length = 0;
        }),
      );
      expectClean(check((s) => (s.Projects[0].salesOwner = PEOPLE.REGIONAL)));
    });
  });

  describe('no-milestones', () => {
    test('a project from stage 咨询 on with no TaskBook rows', () => {
      expectFinding(
        check((s) => (s.TaskBook.length = 0)),
        'no-milestones',
        'error',
        'Projects',
        'projectId',
        'A2',
      );
    });
    test('not at stage 接触', () => {
      expectClean(
        check((s) => {
          s.TaskBook.length = 0;
          s.Projects[0].stage = L('Stages', 'contact', v);
        }),
      );
    });
  });

  describe('plan-incomplete', () => {
    test.each([
      ['Sales Goal', 2],
      ['Work Item', 3],
      ['Risk', 4],
      ['Exit Criterion', 5],
    ])('lacks a %s', (_name, index) => {
      expectFinding(
        check((s) => s.SalesPlan.splice(index, 1)),
        'plan-incomplete',
        'warning',
        'Projects',
        'projectId',
        'A2',
      );
    });
    test('not for a missing Strength, and not at stage 接触', () => {
      expectClean(check((s) => s.SalesPlan.splice(0, 1)));
      expectClean(
        check((s) => {
          s.SalesPlan.splice(4, 1);
          s.Projects[0].stage = L('Stages', 'contact', v);
        }),
      );
    });
  });

  describe('over-budget-cap', () => {
    test('planned cost equal to the cap (100,000) is fine; one yuan more is not', () => {
      const equal = check((s) => (s.TaskBook[1].plannedCost = 70_000));
      expect(equal.projects[0].budgetCap).toBe(100_000);
      expect(equal.projects[0].plannedCost).toBe(100_000);
      expectClean(equal);
      expectFinding(
        check((s) => (s.TaskBook[1].plannedCost = 70_001)),
        'over-budget-cap',
        'error',
        'Projects',
        'plannedCost',
        'U2',
      );
    });
  });

  describe('overrun-needs-approval', () => {
    test('warning when escalation is Adjustment (any overrun); none at exactly the plan', () => {
      expectFinding(
        check((s) => (s.TaskBook[1].actualCost = 40_000.01)),
        'overrun-needs-approval',
        'warning',
        'Projects',
        'escalation',
        'AA2',
      );
      expectNo(
        check((s) => (s.TaskBook[1].actualCost = 40_000)),
        'overrun-needs-approval',
      );
    });
    test('warning for an unapproved slip of one day', () => {
      expectFinding(
        check((s) => (s.TaskBook[0].actualEnd = d(-19))),
        'overrun-needs-approval',
        'warning',
        'Projects',
        'escalation',
        'AA2',
      );
    });
    test('error when escalation is Leadership (overrun just above 10%); warning at exactly 10%', () => {
      expectFinding(
        check((s) => (s.TaskBook[1].actualCost = 46_000.01)),
        'overrun-needs-approval',
        'error',
        'Projects',
        'escalation',
        'AA2',
      );
      expectFinding(
        check((s) => (s.TaskBook[1].actualCost = 46_000)),
        'overrun-needs-approval',
        'warning',
        'Projects',
        'escalation',
        'AA2',
      );
    });
  });

  describe('approval-level-too-low', () => {
    test('an approved Leadership-level adjustment decided by a Sales Director; Leadership may', () => {
      expectFinding(
        check((s) => s.Adjustments.push(adjustment(v, { costChange: 6_000.01 }))),
        'approval-level-too-low',
        'error',
        'Adjustments',
        'approver',
        'N2',
      );
      expectClean(check((s) => s.Adjustments.push(adjustment(v, { costChange: 6_000.01, approver: PEOPLE.LEADER }))));
    });
    test('an approved GM/Director-level adjustment decided by a Regional Manager; a Sales Director may', () => {
      expectFinding(
        check((s) => s.Adjustments.push(adjustment(v, { approver: PEOPLE.REGIONAL }))),
        'approval-level-too-low',
        'error',
        'Adjustments',
        'approver',
        'N2',
      );
      expectClean(check((s) => s.Adjustments.push(adjustment(v, { approver: PEOPLE.DIRECTOR }))));
      expectClean(check((s) => s.Adjustments.push(adjustment(v, { approver: PEOPLE.GM }))));
    });
    test('not for an adjustment that is not approved', () => {
      expectClean(
        check((s) =>
          s.Adjustments.push(adjustment(v, { approver: PEOPLE.REGIONAL, decision: L('Decisions', 'rejected', v) })),
        ),
      );
    });
    const terminated = (s: Workbook, approver: string): void => {
      s.Projects[0].status = L('Statuses', 'terminated', v);
      s.Terminations.push(termination(v, { approver }));
      s.Summaries.push(summary(v, 'terminated'));
    };
    test('an approved termination decided by a Regional Manager; a Sales Director may', () => {
      expectFinding(
        check((s) => terminated(s, PEOPLE.REGIONAL)),
        'approval-level-too-low',
        'error',
        'Terminations',
        'approver',
        'H2',
      );
      expectClean(check((s) => terminated(s, PEOPLE.DIRECTOR)));
    });
  });

  describe('exit-criterion-triggered', () => {
    test('an active project with a triggered exit criterion and no termination request', () => {
      expectFinding(
        check((s) => (s.SalesPlan[5].triggered = L('YesNo', 'yes', v))),
        'exit-criterion-triggered',
        'warning',
        'SalesPlan',
        'triggered',
        'J7',
      );
      expectFinding(
        check((s) => (s.SalesPlan[5].triggered = true)),
        'exit-criterion-triggered',
        'warning',
        'SalesPlan',
        'triggered',
        'J7',
      );
    });
    test('not once a termination request is filed, nor when not triggered', () => {
      expectClean(
        check((s) => {
          s.SalesPlan[5].triggered = L('YesNo', 'yes', v);
          s.Terminations.push(
            termination(v, { approver: null, decisionDate: null, decision: L('Decisions', 'pending', v) }),
          );
        }),
      );
      expectClean(check((s) => (s.SalesPlan[5].triggered = L('YesNo', 'no', other))));
    });
  });

  describe('termination-unapproved', () => {
    const terminated = (s: Workbook): void => {
      s.Projects[0].status = L('Statuses', 'terminated', v);
      s.Summaries.push(summary(v, 'terminated'));
    };
    test('status Terminated with no request, or only a pending one', () => {
      expectFinding(check(terminated), 'termination-unapproved', 'error', 'Projects', 'status', 'I2');
      expectFinding(
        check((s) => {
          terminated(s);
          s.Terminations.push(
            termination(v, { approver: null, decisionDate: null, decision: L('Decisions', 'pending', v) }),
          );
        }),
        'termination-unapproved',
        'error',
        'Projects',
        'status',
        'I2',
      );
    });
    test('not with an approved request', () => {
      expectClean(
        check((s) => {
          terminated(s);
          s.Terminations.push(termination(v));
        }),
      );
    });
  });

  describe('summary-missing', () => {
    test.each(['won', 'lost'])('status %s without a summary', (status) => {
      expectFinding(
        check((s) => (s.Projects[0].status = L('Statuses', status, v))),
        'summary-missing',
        'warning',
        'Projects',
        'status',
        'I2',
      );
    });
    test('not with a summary', () => {
      expectClean(
        check((s) => {
          s.Projects[0].status = L('Statuses', 'won', v);
          s.Summaries.push(summary(v, 'won'));
        }),
      );
    });
  });

  describe('outcome-mismatch', () => {
    test('outcome Won while the project is Lost; outcome Lost is fine', () => {
      expectFinding(
        check((s) => {
          s.Projects[0].status = L('Statuses', 'lost', v);
          s.Summaries.push(summary(v, 'won'));
        }),
        'outcome-mismatch',
        'error',
        'Summaries',
        'outcome',
        'B2',
      );
      expectClean(
        check((s) => {
          s.Projects[0].status = L('Statuses', 'lost', v);
          s.Summaries.push(summary(v, 'lost', { outcome: L('Outcomes', 'lost', other) }));
        }),
      );
    });
  });

  describe('formula-overwritten', () => {
    test('a number typed over a computed cell', () => {
      expectFinding(
        check((s) => (s.Projects[0].budgetCap = 300_000)),
        'formula-overwritten',
        'warning',
        'Projects',
        'budgetCap',
        'T2',
      );
      expectFinding(
        check((s) => (s.TaskBook[1].costVariance = 0)),
        'formula-overwritten',
        'warning',
        'TaskBook',
        'costVariance',
        'J3',
      );
    });
    test('not when the formulas are in place, nor when formulas were not read', () => {
      expectClean(check(() => undefined));
      expectClean(check((s) => (s.Projects[0].budgetCap = 300_000), { formulas: false }));
    });
  });

  describe('amount-as-text', () => {
    test('text that reads as an amount, with the number it means', () => {
      const a = check((s) => (s.Projects[0].estContractValue = '1000万'));
      expectFinding(a, 'amount-as-text', 'error', 'Projects', 'estContractValue', 'J2');
      expect(a.findings.find((f) => f.code === 'amount-as-text')!.fixValue).toBe(10_000_000);
    });
    test('not for the number itself', () => {
      expectClean(check((s) => (s.Projects[0].estContractValue = 10_000_000)));
    });
  });

  describe('policy-invalid', () => {
    const policyCell = (key: string): string => `B${POLICY.findIndex((p) => p.key === key) + 2}`;
    const policyFinding = (a: Analysis, key: string) => {
      expectFinding(a, 'policy-invalid', 'error', 'Policy', 'value', policyCell(key));
      const f = a.findings.find((x) => x.code === 'policy-invalid')!;
      // The message names the key and says the default is used.
      expect(f.message.en).toContain(key);
      expect(f.message.zh).toContain(key);
      expect(f.message.en).toContain('the check uses the default');
      expect(f.message.zh).toContain('默认值');
      return f;
    };
    const setPolicy =
      (key: string, value: unknown) =>
      (s: Workbook): void => {
        s.Policy.find((r) => r.key === key)!.value = value as never;
      };
    test('text that reads as a number carries it as the fix: “6%” → 0.06, “500万” → 5000000', () => {
      const a = check(setPolicy('FeeRatioA', '6%'));
      expect(policyFinding(a, 'FeeRatioA')).toMatchObject({ fixValue: 0.06, fixFrom: '6%' });
      // The default 5% is used meanwhile: the cap of the grade A project stays 2,000,000 × 5%.
      expect(a.projects[0].budgetCap).toBe(100_000);
      expect(policyFinding(check(setPolicy('MarginTier5', '500万')), 'MarginTier5').fixValue).toBe(5_000_000);
      expect(policyFinding(check(setPolicy('SponsorRankA', '总经理')), 'SponsorRankA').fixValue).toBe(4);
    });
    test('unreadable text, a ratio outside 0–1, a negative amount, an empty value: no fix, the default is used', () => {
      for (const [key, value] of [
        ['FeeRatioA', '五个点'],
        ['FeeRatioA', 6],
        ['LeadOverrunAmount', -5],
        ['LeadSlipDays', null],
        ['SponsorRankA', 7],
        ['AsOfDate', '下周一'],
      ] as const) {
        const a = check(setPolicy(key, value));
        expect(policyFinding(a, key).fixValue).toBeUndefined();
      }
      const a = check(setPolicy('FeeRatioA', 6));
      expect(a.projects[0].budgetCap).toBe(100_000);
      expect(a.findings[0].message.en).toContain('for 6%, enter 0.06');
    });
    test('not for valid values: a ratio of 0 or 1, a zero amount, an empty AsOfDate, a date', () => {
      expectNo(check(setPolicy('FeeRatioA', 1)), 'policy-invalid');
      expectNo(check(setPolicy('FeeRatioD', 0)), 'policy-invalid');
      expectNo(check(setPolicy('LeadOverrunAmount', 0)), 'policy-invalid');
      expectNo(check(setPolicy('AsOfDate', null)), 'policy-invalid');
      expectClean(check(setPolicy('AsOfDate', d(0))));
    });
  });

  describe('id-has-wildcard', () => {
    test.each(['P-00*', 'P-00?', 'P~001'])('a Project ID with a wildcard character: %s', (id) => {
      const a = check((s) => {
        s.Projects[0].projectId = id;
        for (const r of [...s.SalesPlan, ...s.TaskBook]) r.projectId = id;
      });
      expectFinding(a, 'id-has-wildcard', 'error', 'Projects', 'projectId', 'A2');
      expect(a.findings.find((f) => f.code === 'id-has-wildcard')!.message.en).toContain(
        `"${id.replace(/[^*?~]/g, '')}"`,
      );
    });
    test('not for IDs with other punctuation', () => {
      expectClean(
        check((s) => {
          s.Projects[0].projectId = 'P-2026/001#A';
          for (const r of [...s.SalesPlan, ...s.TaskBook, ...s.MonthlyReports, ...s.WarRoom])
            r.projectId = 'P-2026/001#A';
        }),
      );
    });
  });

  // ---- the engine's extra codes ----

  describe('missing-table', () => {
    test('a core table missing is an error; People missing is a warning', () => {
      const a = check((s) => delete (s as Spec).Summaries);
      const f = a.findings.find((x) => x.code === 'missing-table')!;
      expect(f).toMatchObject({ severity: 'error', table: 'Summaries', column: null, cell: '', row: null });
      expect(f.message.zh).not.toBe(f.message.en);
      const b = check((s) => delete (s as Spec).People);
      expect(b.findings.find((x) => x.code === 'missing-table')).toMatchObject({
        severity: 'warning',
        table: 'People',
      });
    });
  });

  describe('table-renamed', () => {
    /** The baseline with one table renamed (its snapshot under another name, as Excel would read it). */
    const renamed = (table: TableName, name: string, change: (s: Workbook) => void = () => undefined): Analysis => {
      const s = baseline(v);
      change(s);
      const snap = build(s, { lang: h });
      snap.tables[name] = { ...snap.tables[table]!, name };
      delete snap.tables[table];
      return analyze(snap, { asOf: AS_OF });
    };
    test('a Projects table named Table1 is found by its headers and reported in the report’s language', () => {
      const a = renamed('Projects', 'Table1');
      expectFinding(a, 'table-renamed', 'error', 'Projects', null, 'A1');
      expect(codes(a)).toEqual(['table-renamed']);
      const f = a.findings[0];
      expect(f.message.en).toContain('The table is named Table1; rename it Projects');
      expect(f.message.zh).toContain('表格名称是 Table1；请把它改名为 Projects');
      // Its rows are still checked and graded.
      expect(a.projects.map((p) => p.grade)).toEqual(['A']);
      expect(codes(renamed('Projects', 'Table1', (s) => (s.Projects[0].customer = null)))).toEqual([
        'table-renamed',
        'missing-value',
      ]);
      expectFinding(renamed('TaskBook', '表3'), 'table-renamed', 'error', 'TaskBook', null, 'A1');
    });
    test('not for another table of the user’s, nor for our name in another case', () => {
      const mine = build(baseline(v), { lang: h });
      mine.tables.MyList = {
        name: 'MyList',
        sheet: 'Mine',
        topLeft: 'A1',
        headers: ['Project ID', 'Customer', 'Notes'],
        rows: [['P-001', 'x', 'y']],
      };
      expect(analyze(mine, { asOf: AS_OF }).findings).toEqual([]);
      const lower = build(baseline(v), { lang: h });
      lower.tables.projects = { ...lower.tables.Projects!, name: 'projects' };
      delete lower.tables.Projects;
      expect(analyze(lower, { asOf: AS_OF }).findings).toEqual([]);
      // A user's table with too few of the headers is not taken for Projects: Projects is missing.
      const few = build(baseline(v), { lang: h });
      few.tables.Table1 = {
        ...few.tables.Projects!,
        name: 'Table1',
        headers: few.tables.Projects!.headers.map((x, i) => (i < 8 ? x : `col${i}`)),
      };
      delete few.tables.Projects;
      expect(codes(analyze(few, { asOf: AS_OF }))).toContain('missing-table');
    });
  });

  describe('missing-column', () => {
    test('a renamed input header is an error pointing past the last header', () => {
      const a = check(() => undefined, { headers: { Projects: (hs) => hs.map((x, i) => (i === 2 ? 'Client' : x)) } });
      expectFinding(a, 'missing-column', 'error', 'Projects', 'customer', 'AD1');
    });
    test('a renamed computed header is a warning', () => {
      const a = check(() => undefined, { headers: { Projects: (hs) => hs.map((x, i) => (i === 18 ? '等级' : x)) } });
      expectFinding(a, 'missing-column', 'warning', 'Projects', 'grade', 'AD1');
    });
    test('headers in the other language, other case or with extra spaces still match', () => {
      expectClean(
        check(() => undefined, { headers: { Projects: (hs) => hs.map((x) => ` ${String(x).toUpperCase()}  `) } }),
      );
      expectClean(check(() => undefined, { lang: other, headers: { TaskBook: (hs) => hs } }));
    });
  });

  describe('unknown-milestone', () => {
    test('an adjustment names a milestone not in that project’s TaskBook', () => {
      expectFinding(
        check((s) => s.Adjustments.push(adjustment(v, { milestone: '不存在' }))),
        'unknown-milestone',
        'error',
        'Adjustments',
        'milestone',
        'C2',
      );
      expectClean(check((s) => s.Adjustments.push(adjustment(v, { milestone: '需求调研' }))));
    });
  });

  describe('inactive-person', () => {
    test('an inactive sponsor', () => {
      const addGm = (s: Workbook, active: string): void => {
        s.People.push({ name: '郑强', role: L('Roles', 'generalManager', v), active });
        s.Projects[0].sponsor = '郑强';
      };
      expectFinding(
        check((s) => addGm(s, L('YesNo', 'no', v))),
        'inactive-person',
        'warning',
        'Projects',
        'sponsor',
        'G2',
      );
      expectClean(check((s) => addGm(s, L('YesNo', 'yes', v))));
    });
  });

  describe('approved-without-sponsor', () => {
    test('an approved adjustment the sponsor has not confirmed', () => {
      expectFinding(
        check((s) => s.Adjustments.push(adjustment(v, { sponsorConfirmed: L('YesNo', 'no', v) }))),
        'approved-without-sponsor',
        'error',
        'Adjustments',
        'sponsorConfirmed',
        'J2',
      );
      expectClean(
        check((s) =>
          s.Adjustments.push(
            adjustment(v, {
              sponsorConfirmed: L('YesNo', 'no', v),
              approver: null,
              decisionDate: null,
              decision: L('Decisions', 'pending', v),
            }),
          ),
        ),
      );
    });
  });

  describe('budget-warning', () => {
    test('actual cost at 80% of the current plan with a milestone open; just below is fine', () => {
      expectFinding(
        check((s) => (s.TaskBook[1].actualCost = 28_000)),
        'budget-warning',
        'warning',
        'Projects',
        'actualCost',
        'W2',
      );
      expectClean(check((s) => (s.TaskBook[1].actualCost = 27_999.99)));
    });
    test('also when escalation is Adjustment or Leadership (spec §4 has no escalation condition)', () => {
      // Adjustment: one day of unapproved slip on the closed milestone.
      const slipped = (s: Workbook, cost: number): void => {
        s.TaskBook[0].actualEnd = d(-19);
        s.TaskBook[1].actualCost = cost;
      };
      const adj = check((s) => slipped(s, 28_000));
      expectFinding(adj, 'overrun-needs-approval', 'warning', 'Projects', 'escalation', 'AA2');
      expectFinding(adj, 'budget-warning', 'warning', 'Projects', 'actualCost', 'W2');
      expectNo(
        check((s) => slipped(s, 27_999.99)),
        'budget-warning',
      );
      // Leadership: the open milestone is 31 days past its planned end.
      const late = (s: Workbook, cost: number): void => {
        Object.assign(s.TaskBook[1], { plannedStart: d(-40), plannedEnd: d(-31), actualCost: cost });
      };
      const lead = check((s) => late(s, 28_000));
      expectFinding(lead, 'overrun-needs-approval', 'error', 'Projects', 'escalation', 'AA2');
      expectFinding(lead, 'budget-warning', 'warning', 'Projects', 'actualCost', 'W2');
      expectNo(
        check((s) => late(s, 27_999.99)),
        'budget-warning',
      );
    });
    test('not once every milestone is closed', () => {
      expectClean(
        check((s) => {
          s.TaskBook[1].actualCost = 28_000;
          s.TaskBook[1].actualEnd = d(0);
        }),
      );
    });
  });
});

describe('addresses are Excel addresses with the sheet as set-up names it', () => {
  test('English sheets (quoted when they contain a space) and Chinese sheets', () => {
    const en = baseline('en');
    en.Projects[0].sponsor = null;
    en.SalesPlan[5].triggered = 'Yes';
    const a = run(en, { lang: 'en' });
    expect(a.findings.map((f) => f.cell).sort()).toEqual(["'Sales Plan'!J7", 'Projects!G2']);
    const zh = baseline('zh');
    zh.Projects[0].sponsor = null;
    zh.Markets[0].weight = 9;
    const b = run(zh, { lang: 'zh' });
    expect(b.findings.map((f) => f.cell).sort()).toEqual(['设置!F2', '项目信息表!G2']);
  });

  test('a moved table and a renamed sheet', () => {
    const s = baseline('zh');
    s.Projects[0].customer = null;
    const a = run(s, { lang: 'zh', topLeft: { Projects: 'C5' }, sheet: { Projects: 'My Projects' } });
    expect(a.findings.map((f) => f.cell)).toEqual(["'My Projects'!E6"]);
  });

  test('list values mixed across languages in one workbook', () => {
    const s = baseline('zh');
    s.SalesPlan[0].itemType = 'Strength';
    s.SalesPlan[4].likelihood = 'High';
    s.TaskBook[0].stage = 'Consulting';
    s.Adjustments.push(adjustment('en', { sponsorConfirmed: '是' }));
    expect(run(s, { lang: 'zh' }).findings).toEqual([]);
  });
});
