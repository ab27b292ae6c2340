export { checkWorkbook, getStatus } from './check';
export { clearHighlights, highlightFindings, STATE_SHEET } from './highlight';
export { fixAmountAsText, goToCell } from './navigate';
export { addPrefilledRow, loadSample, projectAtSelection } from './rows';
export type { FormTable } from './rows';
export { REVIEW_TABLE, writeReviewSheet } from './review-sheet';
export { LISTS_TABLE, setUp } from './setup';
export { safeValue } from './cells';
export * from './types';
