export { APPROVAL_FORM_SHEET, decideRequest, writeApprovalForm } from './approvals';
export type { DecideOptions, DecideResult } from './approvals';
export { checkWorkbook, getStatus, readSnapshot } from './check';
export { FINDINGS_SHEET, writeFindingsSheet } from './findings-sheet';
export { clearHighlights, highlightFindings, STATE_SHEET } from './highlight';
export { fixAmountAsText, goToCell } from './navigate';
export { addPrefilledRow, loadSample, projectAtSelection } from './rows';
export type { FormTable } from './rows';
export { REVIEW_TABLE, writeReviewSheet } from './review-sheet';
export {
  AGENDA_SHEET,
  AGENDA_TABLE,
  agendaTitle,
  draftMonthlyReport,
  recordDecisions,
  writeAgendaSheet,
} from './meeting';
export { LISTS_TABLE, setUp } from './setup';
export { safeValue } from './cells';
export * from './types';
export { writeRollup, chartRows } from './rollup-sheets';
export { setPolicyValue } from './policy-value';
export { readLessons } from './lessons-read';
