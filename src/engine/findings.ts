import { Text } from './i18n';
import { TableName } from './schema';

export type Severity = 'error' | 'warning' | 'info';

export type FindingCode =
  | 'missing-table'
  | 'table-renamed'
  | 'missing-column'
  | 'missing-value'
  | 'type-error'
  | 'out-of-range'
  | 'not-in-list'
  | 'duplicate-key'
  | 'unknown-project'
  | 'unknown-milestone'
  | 'sponsor-not-person'
  | 'sponsor-role-too-low'
  | 'unknown-person'
  | 'inactive-person'
  | 'no-milestones'
  | 'plan-incomplete'
  | 'over-budget-cap'
  | 'overrun-needs-approval'
  | 'budget-warning'
  | 'approval-level-too-low'
  | 'approved-without-sponsor'
  | 'exit-criterion-triggered'
  | 'termination-unapproved'
  | 'summary-missing'
  | 'outcome-mismatch'
  | 'formula-overwritten'
  | 'amount-as-text'
  | 'policy-invalid'
  | 'id-has-wildcard'
  | 'month-as-text'
  // The monthly cycle (spec §8).
  | 'monthly-report-missing'
  | 'report-late'
  | 'report-author-not-pm'
  | 'war-room-overdue'
  | 'terminate-not-requested'
  | 'adjustment-not-filed'
  | 'action-overdue'
  | 'chair-not-sponsor';

/**
 * Every code, at run time (docs/findings.md documents each; test/engine/docs.test.ts checks it). The
 * type makes this list complete: a code added to FindingCode must be added here too.
 */
const CODES: Record<FindingCode, true> = {
  'missing-table': true,
  'table-renamed': true,
  'missing-column': true,
  'missing-value': true,
  'type-error': true,
  'out-of-range': true,
  'not-in-list': true,
  'duplicate-key': true,
  'unknown-project': true,
  'unknown-milestone': true,
  'sponsor-not-person': true,
  'sponsor-role-too-low': true,
  'unknown-person': true,
  'inactive-person': true,
  'no-milestones': true,
  'plan-incomplete': true,
  'over-budget-cap': true,
  'overrun-needs-approval': true,
  'budget-warning': true,
  'approval-level-too-low': true,
  'approved-without-sponsor': true,
  'exit-criterion-triggered': true,
  'termination-unapproved': true,
  'summary-missing': true,
  'outcome-mismatch': true,
  'formula-overwritten': true,
  'amount-as-text': true,
  'policy-invalid': true,
  'id-has-wildcard': true,
  'month-as-text': true,
  'monthly-report-missing': true,
  'report-late': true,
  'report-author-not-pm': true,
  'war-room-overdue': true,
  'terminate-not-requested': true,
  'adjustment-not-filed': true,
  'action-overdue': true,
  'chair-not-sponsor': true,
};
export const FINDING_CODES = Object.keys(CODES) as FindingCode[];

/** One row of the validation report: where, which rule, how bad, and how to fix it in both languages. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  table: TableName;
  /** Schema column key, or null for a whole row or table. */
  column: string | null;
  /** Excel address with its sheet, e.g. `Projects!E7`; '' when the table is missing. */
  cell: string;
  /** 0-based data row of the table, or null for the header / the table. */
  row: number | null;
  projectId?: string;
  message: Text;
  /** For amount-as-text and policy-invalid: the number the text means; for month-as-text: the first day of the month (a date serial). The fix writes it. */
  fixValue?: number;
  /** The text the fix replaces: a fix writes only while the cell still holds it. */
  fixFrom?: string;
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * What a finding asks of people: a data problem to correct, an approval to obtain (the data may be
 * right; the process needs a decision), or a warning to weigh. The pane counts them apart so that clean
 * data can reach zero data problems while approvals are still pending.
 */
export type FindingKind = 'data' | 'approval' | 'warning';
export const APPROVAL_CODES: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'overrun-needs-approval',
  'over-budget-cap',
]);
export const findingKind = (f: Pick<Finding, 'code' | 'severity'>): FindingKind =>
  APPROVAL_CODES.has(f.code) ? 'approval' : f.severity === 'error' ? 'data' : 'warning';
