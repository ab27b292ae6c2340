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
