/** The finding codes the spec asks the sample to show: one list for the engine, workbook and CLI tests. */
import { FindingCode } from '../src/engine/findings';

/** Every code of spec §5. */
export const SPEC_CODES: readonly FindingCode[] = [
  'missing-value',
  'type-error',
  'out-of-range',
  'not-in-list',
  'duplicate-key',
  'unknown-project',
  'sponsor-not-person',
  'sponsor-role-too-low',
  'unknown-person',
  'no-milestones',
  'plan-incomplete',
  'over-budget-cap',
  'overrun-needs-approval',
  'approval-level-too-low',
  'exit-criterion-triggered',
  'termination-unapproved',
  'summary-missing',
  'outcome-mismatch',
  'formula-overwritten',
  'amount-as-text',
];

/** Every new code of spec §8, and the one-click month fix. */
export const CYCLE_CODES: readonly FindingCode[] = [
  'monthly-report-missing',
  'report-late',
  'report-author-not-pm',
  'war-room-overdue',
  'terminate-not-requested',
  'adjustment-not-filed',
  'action-overdue',
  'chair-not-sponsor',
  'month-as-text',
];
