import type { Agenda } from '../engine/agenda';
import type { Analysis } from '../engine/analyze';
import type { Finding } from '../engine/findings';
import type { Lang } from '../engine/i18n';
import type { TableName } from '../engine/schema';
import type { CellValue } from '../engine/values';
import * as workbook from '../workbook';
import type { ExcelRunner, SetupOptions, SetupResult, WorkbookStatus } from '../workbook/types';
import type { DecideOptions, DecideResult } from '../workbook/approvals';
import type { ApprovalRequest, RequestRef } from '../engine/approvals';

export type FormTable = 'Adjustments' | 'Terminations' | 'Summaries';

export interface SelectedProject {
  table: TableName;
  projectId: string;
  row: number;
  address: string;
}

/** The workbook operations the pane calls (src/workbook/); injectable so tests can fake or slow them. */
export interface PipelineOps {
  getStatus(run: ExcelRunner): Promise<WorkbookStatus>;
  setUp(run: ExcelRunner, options: SetupOptions): Promise<SetupResult>;
  loadSample(run: ExcelRunner, options: { lang: Lang }): Promise<unknown>;
  checkWorkbook(run: ExcelRunner, options: { asOf?: number; today?: number; lang?: Lang }): Promise<Analysis>;
  highlightFindings(run: ExcelRunner, findings: Finding[]): Promise<unknown>;
  clearHighlights(run: ExcelRunner): Promise<unknown>;
  goToCell(run: ExcelRunner, address: string): Promise<unknown>;
  fixAmountAsText(run: ExcelRunner, finding: Finding): Promise<unknown>;
  writeReviewSheet(run: ExcelRunner, analysis: Analysis, lang: Lang): Promise<unknown>;
  projectAtSelection(run: ExcelRunner): Promise<SelectedProject | null>;
  addPrefilledRow(run: ExcelRunner, table: FormTable, values: Record<string, CellValue>): Promise<string>;
  writeAgendaSheet(
    run: ExcelRunner,
    agenda: Agenda,
    lang: Lang,
    options?: { team?: string },
  ): Promise<{ sheet: string; rows: number }>;
  recordDecisions(
    run: ExcelRunner,
    agenda: Agenda,
  ): Promise<{ added: number; skipped: string[]; address: string | null }>;
  draftMonthlyReport(
    run: ExcelRunner,
    options: { projectId: string; month?: number; asOf?: number; today?: number },
  ): Promise<{ address: string; month: number }>;
  decideRequest(run: ExcelRunner, ref: RequestRef, options: DecideOptions): Promise<DecideResult>;
  writeApprovalForm(
    run: ExcelRunner,
    analysis: Analysis,
    request: ApprovalRequest,
    lang: Lang,
  ): Promise<{ sheet: string }>;
  writeFindingsSheet(
    run: ExcelRunner,
    findings: Finding[],
    lang: Lang,
    owners?: ReadonlyMap<string, string>,
  ): Promise<{ sheet: string; rows: number }>;
}

/** The real operations. */
export const realOps: PipelineOps = {
  getStatus: (run) => workbook.getStatus(run),
  setUp: (run, o) => workbook.setUp(run, o),
  loadSample: (run, o) => workbook.loadSample(run, o),
  checkWorkbook: (run, o) => workbook.checkWorkbook(run, o),
  highlightFindings: (run, f) => workbook.highlightFindings(run, f),
  clearHighlights: (run) => workbook.clearHighlights(run),
  goToCell: (run, a) => workbook.goToCell(run, a),
  fixAmountAsText: (run, f) => workbook.fixAmountAsText(run, f),
  writeReviewSheet: (run, a, l) => workbook.writeReviewSheet(run, a, l),
  projectAtSelection: (run) => workbook.projectAtSelection(run) as Promise<SelectedProject | null>,
  addPrefilledRow: (run, t, v) => workbook.addPrefilledRow(run, t, v),
  writeAgendaSheet: (run, a, l, o) => workbook.writeAgendaSheet(run, a, l, o),
  recordDecisions: (run, a) => workbook.recordDecisions(run, a),
  draftMonthlyReport: (run, o) => workbook.draftMonthlyReport(run, o),
  decideRequest: (run, r, o) => workbook.decideRequest(run, r, o),
  writeApprovalForm: (run, a, r, l) => workbook.writeApprovalForm(run, a, r, l),
  writeFindingsSheet: (run, f, l, o) => workbook.writeFindingsSheet(run, f, l, o),
};
