/**
 * The monthly cycle of spec §8: MonthlyReports and WarRoom, each new finding triggered by one change to
 * the clean baseline and not triggered by the nearest valid variant, in both languages; months typed
 * as text; the Due Date the sheet computes.
 */
import { Analysis } from '../../src/engine/analyze';
import { FindingCode, Severity } from '../../src/engine/findings';
import { Lang } from '../../src/engine/i18n';
import { monthFromText, monthLabel, monthOf, MonthSet, missingMonths, reportDueDate } from '../../src/engine/monthly';
import { TableName } from '../../src/engine/schema';
import { serialFromYmd } from '../../src/engine/values';
import {
  adjustment,
  AS_OF,
  at,
  baseline,
  codes,
  d,
  describeFindings,
  L,
  meeting,
  monthlyReport,
  PEOPLE,
  policyRows,
  project,
  run,
  Spec,
  termination,
} from './build';

type Workbook = Required<Spec>;
const ymd = serialFromYmd;

describe('months typed as text', () => {
  test.each([
    ['2026年10月', '2026-10'],
    ['２０２６年１０月', '2026-10'],
    ['2026 年 3 月份', '2026-03'],
    ['2026-10', '2026-10'],
    ['2026/3', '2026-03'],
    ['2026.03', '2026-03'],
    ['Oct 2026', '2026-10'],
    ['october 2026', '2026-10'],
    ['Sept. 2026', '2026-09'],
    ['10/2026', '2026-10'],
    ['2026-10-15', '2026-10'],
    ['2026年10月1日', '2026-10'],
  ])('%s reads as %s', (text, month) => {
    const mi = monthFromText(text);
    expect(mi).not.toBeNull();
    expect(monthLabel(mi!)).toBe(month);
  });
  test.each(['', 'soon', '2026-13', 'Octember 2026', '13/2026', '26-10', 'Q4 2026'])('%s is unreadable', (text) => {
    expect(monthFromText(text)).toBeNull();
  });
  test('a date in any day of the month names that month; other values name none', () => {
    expect(monthLabel(monthOf(ymd(2026, 10, 31))!)).toBe('2026-10');
    expect(monthOf(true)).toBeNull();
    expect(monthOf(-5)).toBeNull();
  });
});

describe('the months a project has reported', () => {
  test('a MonthSet holds what a Set would, in any order and across words', () => {
    const months = [24_315, 24_320, 24_351, 24_352, 24_288, 24_287, 22_800, 24_320, 24_383, 24_384];
    const set = new MonthSet();
    const ref = new Set<number>();
    for (const m of months) {
      set.add(m);
      ref.add(m);
      expect(set.size).toBe(ref.size);
    }
    for (let m = 22_790; m < 24_400; m++) expect([m, set.has(m)]).toEqual([m, ref.has(m)]);
  });
});

describe('report due dates and missing months', () => {
  test('day ReportDueDay of the next month, rolling past the month end as DATE does', () => {
    const oct = monthOf(ymd(2026, 10, 1))!;
    expect(reportDueDate(oct, 5)).toBe(ymd(2026, 11, 5));
    expect(reportDueDate(monthOf(ymd(2026, 12, 1))!, 5)).toBe(ymd(2027, 1, 5));
    expect(reportDueDate(monthOf(ymd(2026, 1, 1))!, 31)).toBe(ymd(2026, 3, 3));
  });
  test('from the month of registration to the last month already due; the latest 12 listed', () => {
    const none = { months: new Set<number>(), datedReports: 0, meetingRows: [] };
    // As of 2026-06-05 May is due (day 5); as of 06-04 it is not.
    expect(missingMonths(none, ymd(2026, 4, 20), ymd(2026, 6, 5), 5).latest.map(monthLabel)).toEqual([
      '2026-05',
      '2026-04',
    ]);
    expect(missingMonths(none, ymd(2026, 4, 20), ymd(2026, 6, 4), 5).latest.map(monthLabel)).toEqual(['2026-04']);
    expect(missingMonths(none, ymd(2026, 5, 20), ymd(2026, 6, 4), 5).count).toBe(0);
    const long = missingMonths(none, ymd(2024, 1, 1), ymd(2026, 6, 10), 5);
    expect(long.count).toBe(29);
    expect(long.latest).toHaveLength(12);
    expect(monthLabel(long.latest[0])).toBe('2026-05');
  });
});

const CONFIGS: { lang: Lang }[] = [{ lang: 'zh' }, { lang: 'en' }];

describe.each(CONFIGS)('monthly cycle rules in $lang', ({ lang: v }) => {
  const check = (change: (s: Workbook) => void, asOf = AS_OF): Analysis => {
    const s = baseline(v);
    change(s);
    return run(s, { lang: v }, asOf);
  };
  function expectFinding(
    a: Analysis,
    code: FindingCode,
    severity: Severity,
    table: TableName,
    column: string | null,
    relCell: string,
  ): Analysis['findings'][0] {
    const cell = at(table, relCell, v);
    const hits = a.findings.filter((f) => f.code === code && f.cell === cell);
    if (hits.length !== 1) throw new Error(`expected one ${code} at ${cell}; findings:\n${describeFindings(a)}`);
    const f = hits[0];
    expect(f.severity).toBe(severity);
    expect(f.table).toBe(table);
    expect(f.column).toBe(column);
    expect(f.projectId).toBe('P-001');
    expect(f.message.zh).not.toBe(f.message.en);
    return f;
  }
  const expectClean = (a: Analysis): void => {
    if (a.findings.length > 0) throw new Error(`expected no findings; got:\n${describeFindings(a)}`);
  };
  const expectNo = (a: Analysis, code: FindingCode): void => {
    if (codes(a).includes(code)) throw new Error(`expected no ${code}; got:\n${describeFindings(a)}`);
  };

  test('the baseline with its report and meeting is clean', () => expectClean(check(() => undefined)));

  describe('monthly-report-missing', () => {
    test('one finding per project on its Projects row, naming the missing months', () => {
      const a = check((s) => (s.MonthlyReports = []), AS_OF + 10);
      const f = expectFinding(a, 'monthly-report-missing', 'warning', 'Projects', 'projectId', 'A2');
      expect(f.message.en).toContain('2026-04');
      expect(f.message.en).toContain('2026-05');
      expect(f.message.zh).toContain('2026-04、2026-05');
      expect(codes(a).filter((c) => c === 'monthly-report-missing')).toHaveLength(1);
    });
    test('at most the latest 12 months are named, with a count of the earlier ones', () => {
      const a = check((s) => {
        s.MonthlyReports = [];
        s.Projects[0].registeredOn = ymd(2024, 1, 10);
      });
      const f = a.findings.find((x) => x.code === 'monthly-report-missing')!;
      expect(f.message.en).toContain('28 months');
      expect(f.message.en).toContain('2026-04');
      expect(f.message.en).toContain('2025-05');
      expect(f.message.en).not.toContain('2025-04');
      expect(f.message.en).toContain('16 earlier');
    });
    test('a report typed with a text month still counts; On Hold projects need reports too; ended ones do not', () => {
      expectNo(
        check((s) => (s.MonthlyReports[0].month = v === 'zh' ? '2026年4月' : 'Apr 2026')),
        'monthly-report-missing',
      );
      expectFinding(
        check((s) => {
          s.MonthlyReports = [];
          s.Projects[0].status = L('Statuses', 'onHold', v);
        }),
        'monthly-report-missing',
        'warning',
        'Projects',
        'projectId',
        'A2',
      );
      expectNo(
        check((s) => {
          s.MonthlyReports = [];
          s.Projects[0].status = L('Statuses', 'lost', v);
        }),
        'monthly-report-missing',
      );
    });
    test('not due before day ReportDueDay, and the day follows the policy', () => {
      expectNo(
        check((s) => (s.MonthlyReports = []), ymd(2026, 5, 4)),
        'monthly-report-missing',
      );
      expectFinding(
        check((s) => (s.MonthlyReports = []), ymd(2026, 5, 5)),
        'monthly-report-missing',
        'warning',
        'Projects',
        'projectId',
        'A2',
      );
      expectNo(
        check(
          (s) => {
            s.MonthlyReports = [];
            s.Policy = policyRows({ ReportDueDay: 10 }, v);
          },
          ymd(2026, 5, 9),
        ),
        'monthly-report-missing',
      );
    });
  });

  describe('report-late', () => {
    test('submitted after day ReportDueDay of the next month', () => {
      expectFinding(
        check((s) => (s.MonthlyReports[0].submittedOn = ymd(2026, 5, 6))),
        'report-late',
        'info',
        'MonthlyReports',
        'submittedOn',
        'J2',
      );
      expectNo(
        check((s) => (s.MonthlyReports[0].submittedOn = ymd(2026, 5, 5))),
        'report-late',
      );
    });
  });

  describe('report-author-not-pm', () => {
    test('neither the project manager nor the sales owner', () => {
      expectFinding(
        check((s) => (s.MonthlyReports[0].author = PEOPLE.REGIONAL)),
        'report-author-not-pm',
        'warning',
        'MonthlyReports',
        'author',
        'C2',
      );
      expectClean(check((s) => (s.MonthlyReports[0].author = PEOPLE.SALES)));
      expectClean(check((s) => (s.MonthlyReports[0].author = ` ${PEOPLE.PM} `)));
    });
  });

  describe('duplicate-key', () => {
    test('a second report for the same project and month, even typed as text', () => {
      expectFinding(
        check((s) => s.MonthlyReports.push(monthlyReport(v))),
        'duplicate-key',
        'error',
        'MonthlyReports',
        'month',
        'B3',
      );
      const a = check((s) => s.MonthlyReports.push(monthlyReport(v, { month: '2026-04' })));
      expect(codes(a)).toContain('duplicate-key');
      expectNo(
        check((s) =>
          s.MonthlyReports.push(monthlyReport(v, { month: ymd(2026, 5, 1), submittedOn: ymd(2026, 5, 31) })),
        ),
        'duplicate-key',
      );
    });
  });

  describe('month-as-text', () => {
    test('a readable month carries the first day of the month as its fix; an unreadable one is a type error', () => {
      const f = expectFinding(
        check((s) => (s.MonthlyReports[0].month = '2026年4月')),
        'month-as-text',
        'error',
        'MonthlyReports',
        'month',
        'B2',
      );
      expect(f.fixValue).toBe(ymd(2026, 4, 1));
      expectFinding(
        check((s) => (s.MonthlyReports[0].month = 'Oct 2026')),
        'month-as-text',
        'error',
        'MonthlyReports',
        'month',
        'B2',
      );
      expectFinding(
        check((s) => (s.MonthlyReports[0].month = '四月')),
        'type-error',
        'error',
        'MonthlyReports',
        'month',
        'B2',
      );
      expectNo(
        check((s) => (s.MonthlyReports[0].month = ymd(2026, 4, 1))),
        'month-as-text',
      );
    });
  });

  describe('war-room-overdue', () => {
    test('an Active project of a graded cadence without a recent meeting', () => {
      // Grade A: every 14 days.
      expectFinding(
        check((s) => (s.WarRoom[0].meetingDate = d(-15))),
        'war-room-overdue',
        'warning',
        'Projects',
        'projectId',
        'A2',
      );
      expectNo(
        check((s) => (s.WarRoom[0].meetingDate = d(-14))),
        'war-room-overdue',
      );
      // No meeting at all: counted from Registered On.
      expectFinding(
        check((s) => (s.WarRoom = [])),
        'war-room-overdue',
        'warning',
        'Projects',
        'projectId',
        'A2',
      );
      expectNo(
        check((s) => {
          s.WarRoom = [];
          s.Projects[0].registeredOn = d(-10);
          s.MonthlyReports = [];
        }),
        'war-room-overdue',
      );
    });
    test('no meeting required when WarRoomDays of the grade is 0, nor for a project not Active', () => {
      expectNo(
        check((s) => {
          s.WarRoom = [];
          s.Policy = policyRows({ WarRoomDaysA: 0 }, v);
        }),
        'war-room-overdue',
      );
      expectNo(
        check((s) => {
          s.WarRoom = [];
          s.Projects[0].status = L('Statuses', 'onHold', v);
        }),
        'war-room-overdue',
      );
    });
  });

  describe('terminate-not-requested', () => {
    const terminate = (s: Workbook): void => {
      s.WarRoom[0].decision = L('MeetingDecisions', 'terminate', v);
    };
    test('a Terminate decision without a termination request on or after the meeting', () => {
      expectFinding(check(terminate), 'terminate-not-requested', 'error', 'WarRoom', 'decision', 'E2');
      expectFinding(
        check((s) => {
          terminate(s);
          s.Terminations.push(termination(v, { requestDate: d(-30), decisionDate: d(-29) }));
        }),
        'terminate-not-requested',
        'error',
        'WarRoom',
        'decision',
        'E2',
      );
      expectNo(
        check((s) => {
          terminate(s);
          s.Terminations.push(
            termination(v, {
              requestDate: d(-7),
              decision: L('Decisions', 'pending', v),
              approver: null,
              decisionDate: null,
            }),
          );
        }),
        'terminate-not-requested',
      );
    });
  });

  describe('adjustment-not-filed', () => {
    test('an Adjust decision without an adjustment request on or after the meeting', () => {
      const adjust = (s: Workbook): void => {
        s.WarRoom[0].decision = L('MeetingDecisions', 'adjust', v);
      };
      expectFinding(check(adjust), 'adjustment-not-filed', 'warning', 'WarRoom', 'decision', 'E2');
      expectFinding(
        check((s) => {
          adjust(s);
          s.Adjustments.push(adjustment(v, { requestDate: d(-10) }));
        }),
        'adjustment-not-filed',
        'warning',
        'WarRoom',
        'decision',
        'E2',
      );
      expectNo(
        check((s) => {
          adjust(s);
          s.Adjustments.push(adjustment(v, { requestDate: d(-5), decisionDate: d(-4) }));
        }),
        'adjustment-not-filed',
      );
    });
  });

  describe('action-overdue', () => {
    const action = (over: Record<string, unknown>) => (s: Workbook) =>
      Object.assign(s.WarRoom[0], {
        actions: '补充技术澄清',
        actionOwner: PEOPLE.PM,
        actionDue: d(-1),
        actionDone: L('YesNo', 'no', v),
        ...over,
      });
    test('an action not Done whose Action Due is before the as-of date', () => {
      expectFinding(check(action({})), 'action-overdue', 'warning', 'WarRoom', 'actionDue', 'H2');
      expectFinding(check(action({ actionDone: null })), 'action-overdue', 'warning', 'WarRoom', 'actionDue', 'H2');
      expectClean(check(action({ actionDone: L('YesNo', 'yes', v) })));
      expectClean(check(action({ actionDue: d(0) })));
    });
    test('Action Owner and Action Due are required once Actions is filled', () => {
      expectFinding(check(action({ actionOwner: null })), 'missing-value', 'error', 'WarRoom', 'actionOwner', 'G2');
      expectFinding(check(action({ actionDue: null })), 'missing-value', 'error', 'WarRoom', 'actionDue', 'H2');
    });
  });

  describe('chair-not-sponsor', () => {
    test('the chair is not the sponsor and ranks below', () => {
      expectFinding(
        check((s) => (s.WarRoom[0].chair = PEOPLE.DIRECTOR)),
        'chair-not-sponsor',
        'info',
        'WarRoom',
        'chair',
        'C2',
      );
      expectClean(check((s) => (s.WarRoom[0].chair = PEOPLE.LEADER)));
      // A sponsor of lower rank: a General Manager chairing is fine.
      expectNo(
        check((s) => {
          s.Projects[0].sponsor = PEOPLE.DIRECTOR;
          s.WarRoom[0].chair = PEOPLE.GM;
        }),
        'chair-not-sponsor',
      );
      // A chair nobody can rank is reported.
      expectFinding(
        check((s) => (s.WarRoom[0].chair = '钱多多')),
        'chair-not-sponsor',
        'info',
        'WarRoom',
        'chair',
        'C2',
      );
    });
  });

  test('a WarRoom or MonthlyReports row naming an unknown project is unknown-project', () => {
    const a = check((s) => {
      s.WarRoom.push(meeting(v, { projectId: 'P-404' }));
      s.MonthlyReports.push(monthlyReport(v, { projectId: 'P-404' }));
    });
    const hits = a.findings.filter((f) => f.code === 'unknown-project').map((f) => f.cell);
    expect(hits.sort()).toEqual([at('MonthlyReports', 'A3', v), at('WarRoom', 'B3', v)].sort());
  });

  test('Win Probability is a fraction 0–1', () => {
    expectFinding(
      check((s) => (s.MonthlyReports[0].winProbability = 60)),
      'out-of-range',
      'error',
      'MonthlyReports',
      'winProbability',
      'I2',
    );
    expectFinding(
      check((s) => (s.MonthlyReports[0].winProbability = '60%')),
      'type-error',
      'error',
      'MonthlyReports',
      'winProbability',
      'I2',
    );
    expectClean(check((s) => (s.MonthlyReports[0].winProbability = 1)));
  });

  test('a workbook set up before the monthly cycle lacks its tables: a warning, not an error', () => {
    const a = check((s) => {
      delete (s as Spec).MonthlyReports;
      delete (s as Spec).WarRoom;
    });
    expect(a.findings.map((f) => [f.code, f.severity, f.table]).sort()).toEqual([
      ['missing-table', 'warning', 'MonthlyReports'],
      ['missing-table', 'warning', 'WarRoom'],
    ]);
  });

  test('Due Date: the value the sheet computes (empty for a month typed as text)', () => {
    const a = check((s) => s.MonthlyReports.push(monthlyReport(v, { month: '2026-05', submittedOn: ymd(2026, 6, 1) })));
    expect(a.cells.MonthlyReports.get(0)).toEqual({ dueDate: ymd(2026, 5, 5) });
    expect(a.cells.MonthlyReports.get(1)).toEqual({ dueDate: null });
  });

  test('a project row of another project does not satisfy this one', () => {
    const a = check((s) => {
      s.Projects.push(project(v, { projectId: 'P-002', stage: L('Stages', 'contact', v) }));
      s.WarRoom.push(meeting(v, { projectId: 'P-002' }));
    });
    expect(a.findings.filter((f) => f.projectId === 'P-002').map((f) => f.code)).toEqual(['monthly-report-missing']);
  });
});
