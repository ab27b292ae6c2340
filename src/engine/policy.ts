import { Text } from './i18n';
import { findListItem } from './lists';
import {
  CellValue,
  dateFromText,
  isBlank,
  isNumber,
  MAX_SERIAL,
  MIN_SERIAL,
  parseAmountText,
  toHalfWidth,
} from './values';

/** Every number of spec §3–§4, with its default. Each lives in the Policy table and a defined name. */
export interface PolicyEntry {
  key: PolicyKey;
  default: number | null;
  kind: 'money' | 'ratio' | 'number' | 'days' | 'rank' | 'date' | 'text';
  description: Text;
}

export type PolicyKey =
  | 'MarginTier5'
  | 'MarginTier4'
  | 'MarginTier3'
  | 'MarginTier2'
  | 'ScoreWeightMargin'
  | 'ScoreWeightMarket'
  | 'GradeAMinScore'
  | 'GradeBMinScore'
  | 'GradeCMinScore'
  | 'FeeRatioA'
  | 'FeeRatioB'
  | 'FeeRatioC'
  | 'FeeRatioD'
  | 'SponsorRankA'
  | 'SponsorRankB'
  | 'SponsorRankC'
  | 'SponsorRankD'
  | 'LeadOverrunPct'
  | 'LeadOverrunAmount'
  | 'LeadSlipDays'
  | 'AdjLeadPct'
  | 'AdjLeadAmount'
  | 'AdjLeadDays'
  | 'AdjApproverRank'
  | 'LeadApproverRank'
  | 'TerminationApproverRank'
  | 'BudgetWarnPct'
  | 'AsOfDate'
  | 'ReportDueDay'
  | 'WarRoomDaysA'
  | 'WarRoomDaysB'
  | 'WarRoomDaysC'
  | 'WarRoomDaysD'
  | 'AgendaLookaheadDays'
  | 'Team';

const e = (key: PolicyKey, def: number | null, kind: PolicyEntry['kind'], zh: string, en: string): PolicyEntry => ({
  key,
  default: def,
  kind,
  description: { zh, en },
});

export const POLICY: readonly PolicyEntry[] = [
  e('MarginTier5', 5_000_000, 'money', '预计毛利额 ≥ 此值 → 毛利档位 5', 'Est. gross margin ≥ this → margin tier 5'),
  e('MarginTier4', 2_000_000, 'money', '预计毛利额 ≥ 此值 → 毛利档位 4', 'Est. gross margin ≥ this → margin tier 4'),
  e('MarginTier3', 1_000_000, 'money', '预计毛利额 ≥ 此值 → 毛利档位 3', 'Est. gross margin ≥ this → margin tier 3'),
  e(
    'MarginTier2',
    300_000,
    'money',
    '预计毛利额 ≥ 此值 → 毛利档位 2（否则 1）',
    'Est. gross margin ≥ this → margin tier 2 (else 1)',
  ),
  e(
    'ScoreWeightMargin',
    0.6,
    'number',
    '重要性得分中毛利档位的权数',
    'Weight of the margin tier in the importance score',
  ),
  e(
    'ScoreWeightMarket',
    0.4,
    'number',
    '重要性得分中市场权重的权数',
    'Weight of the market weight in the importance score',
  ),
  e('GradeAMinScore', 4, 'number', '得分 ≥ 此值 → A 级', 'Score ≥ this → grade A'),
  e('GradeBMinScore', 3, 'number', '得分 ≥ 此值 → B 级', 'Score ≥ this → grade B'),
  e('GradeCMinScore', 2, 'number', '得分 ≥ 此值 → C 级（否则 D 级）', 'Score ≥ this → grade C (else D)'),
  e(
    'FeeRatioA',
    0.05,
    'ratio',
    'A 级项目售前费用比例（占预计毛利额）',
    'Pre-sales fee ratio of grade A (of est. gross margin)',
  ),
  e('FeeRatioB', 0.04, 'ratio', 'B 级项目售前费用比例', 'Pre-sales fee ratio of grade B'),
  e('FeeRatioC', 0.03, 'ratio', 'C 级项目售前费用比例', 'Pre-sales fee ratio of grade C'),
  e('FeeRatioD', 0.02, 'ratio', 'D 级项目售前费用比例', 'Pre-sales fee ratio of grade D'),
  e(
    'SponsorRankA',
    4,
    'rank',
    'A 级项目发起人最低角色级别（4 = 总经理）',
    'Minimum sponsor role rank for grade A (4 = General Manager)',
  ),
  e(
    'SponsorRankB',
    3,
    'rank',
    'B 级项目发起人最低角色级别（3 = 销售总监）',
    'Minimum sponsor role rank for grade B (3 = Sales Director)',
  ),
  e(
    'SponsorRankC',
    2,
    'rank',
    'C 级项目发起人最低角色级别（2 = 区域经理）',
    'Minimum sponsor role rank for grade C (2 = Regional Manager)',
  ),
  e(
    'SponsorRankD',
    1,
    'rank',
    'D 级项目发起人最低角色级别（1 = 销售经理）',
    'Minimum sponsor role rank for grade D (1 = Sales Manager)',
  ),
  e(
    'LeadOverrunPct',
    0.1,
    'ratio',
    '超支超过当前计划的此比例 → 企业领导审批',
    'Overrun above this share of the current plan → leadership',
  ),
  e('LeadOverrunAmount', 100_000, 'money', '超支金额超过此值 → 企业领导审批', 'Overrun above this amount → leadership'),
  e(
    'LeadSlipDays',
    30,
    'days',
    '未批准延期超过此天数 → 企业领导审批',
    'Unapproved slip above this many days → leadership',
  ),
  e(
    'AdjLeadPct',
    0.1,
    'ratio',
    '调整额超过计划费用的此比例 → 企业领导审批',
    'Cost change above this share of planned cost → leadership',
  ),
  e('AdjLeadAmount', 100_000, 'money', '调整额超过此值 → 企业领导审批', 'Cost change above this amount → leadership'),
  e(
    'AdjLeadDays',
    30,
    'days',
    '进度调整超过此天数 → 企业领导审批',
    'Schedule change above this many days → leadership',
  ),
  e(
    'AdjApproverRank',
    3,
    'rank',
    '总经理/销售总监审批所需最低角色级别',
    'Minimum approver rank for GM / Sales Director approval',
  ),
  e('LeadApproverRank', 5, 'rank', '企业领导审批所需最低角色级别', 'Minimum approver rank for leadership approval'),
  e('TerminationApproverRank', 3, 'rank', '终止申请审批人最低角色级别', 'Minimum approver rank for a termination'),
  e(
    'BudgetWarnPct',
    0.8,
    'ratio',
    '实际费用达到当前计划的此比例且仍有未完成里程碑 → 预警',
    'Actual cost at this share of the current plan with a milestone open → warning',
  ),
  e('AsOfDate', null, 'date', '统计截止日期（留空 = 今天）', 'As-of date (empty = today)'),
  // The monthly cycle (spec §8).
  e(
    'ReportDueDay',
    5,
    'days',
    '月度进展报告截止日：报告月份的下月第几日',
    'Monthly report due on this day of the month after the month reported',
  ),
  e(
    'WarRoomDaysA',
    14,
    'days',
    'A 级项目至少每隔此天数召开一次项目分析会（0 = 不要求）',
    'Grade A: a war-room meeting at least every this many days (0 = none required)',
  ),
  e(
    'WarRoomDaysB',
    30,
    'days',
    'B 级项目项目分析会间隔天数（0 = 不要求）',
    'Grade B: days between war-room meetings (0 = none required)',
  ),
  e(
    'WarRoomDaysC',
    60,
    'days',
    'C 级项目项目分析会间隔天数（0 = 不要求）',
    'Grade C: days between war-room meetings (0 = none required)',
  ),
  e(
    'WarRoomDaysD',
    0,
    'days',
    'D 级项目项目分析会间隔天数（0 = 不要求）',
    'Grade D: days between war-room meetings (0 = none required)',
  ),
  e(
    'AgendaLookaheadDays',
    14,
    'days',
    '例会议程列出此天数内到期的里程碑',
    'The agenda lists milestones due within this many days of the meeting',
  ),
  e(
    'Team',
    null,
    'text',
    '本工作簿所属的团队或区域（文本，可留空）',
    'The team or region this workbook belongs to (text; may be blank)',
  ),
];

/** Policy keys whose value is text rather than a number. */
export type TextPolicyKey = 'Team';
export type NumericPolicyKey = Exclude<PolicyKey, TextPolicyKey>;

export type Policy = Record<NumericPolicyKey, number> & Record<TextPolicyKey, string>;

export const POLICY_BY_KEY = new Map(POLICY.map((p) => [p.key, p]));

/** The defined name through which formulas read a policy value. */
export const policyName = (key: PolicyKey): string => `PP_${key}`;

export function defaultPolicy(asOf: number): Policy {
  const p = {} as Policy;
  for (const entry of POLICY) {
    if (entry.kind === 'text') p[entry.key as TextPolicyKey] = '';
    else p[entry.key as NumericPolicyKey] = entry.default ?? asOf;
  }
  return p;
}

/** What a Policy cell holds, read as its kind (spec §5 `policy-invalid`). */
export type PolicyReading =
  /** A usable value; null for an empty AsOfDate (today). */
  | { ok: true; value: number | null }
  /** Not usable. `fix` is the number text such as “6%” or “500万” reads as, when it reads as a valid one. */
  | { ok: false; problem: 'blank' | 'text' | 'range'; fix?: number; read?: number };

const inRange = (kind: PolicyEntry['kind'] | string, x: number): boolean => {
  switch (kind) {
    case 'ratio':
      return x >= 0 && x <= 1;
    case 'money':
    case 'number':
      return x >= 0;
    case 'days':
      return x >= 0 && Number.isInteger(x);
    case 'rank':
      return Number.isInteger(x) && x >= 1 && x <= 5;
    case 'date':
      return Number.isInteger(x) && x >= MIN_SERIAL && x <= MAX_SERIAL;
    default:
      return true;
  }
};

/** The number text means for a kind: “6%” → 0.06, “500万” → 5000000, “30天” → 30, “总经理” → 4, “2026-06-01” → its serial. */
export function policyNumberFromText(kind: PolicyEntry['kind'] | string, text: string): number | null {
  const s = toHalfWidth(text).trim();
  if (s === '') return null;
  if (kind === 'date') return dateFromText(s);
  if (kind === 'rank') {
    const role = findListItem('Roles', s);
    if (role?.rank !== undefined) return role.rank;
  }
  if (kind === 'days') {
    const m = /^(\d+(?:\.\d+)?)\s*(?:天|日|days?)?$/i.exec(s);
    if (m) return Number(m[1]);
  }
  const pct = /^([-+]?\d+(?:\.\d+)?)\s*%$/.exec(s);
  if (pct) return Number((Number(pct[1]) / 100).toPrecision(15));
  if (/^[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?$/i.test(s)) return Number(s);
  return parseAmountText(s);
}

/** Reads one Policy value as its kind; anything else is `policy-invalid` and the engine uses the default. */
export function readPolicyValue(entry: { kind: PolicyEntry['kind'] | string }, v: CellValue): PolicyReading {
  const kind = entry.kind;
  if (kind === 'text') return { ok: true, value: null };
  if (isBlank(v)) return kind === 'date' ? { ok: true, value: null } : { ok: false, problem: 'blank' };
  if (isNumber(v)) return inRange(kind, v) ? { ok: true, value: v } : { ok: false, problem: 'range', read: v };
  const read = typeof v === 'string' ? policyNumberFromText(kind, v) : null;
  if (read === null) return { ok: false, problem: 'text' };
  // A date's fix would write a bare serial; the message gives the date instead.
  return inRange(kind, read) && kind !== 'date'
    ? { ok: false, problem: 'text', fix: read, read }
    : { ok: false, problem: 'text', read };
}
