import { analyze } from '../../src/engine/analyze';
import type { Analysis } from '../../src/engine/analyze';
import { TABLE_BY_NAME, TableName } from '../../src/engine/schema';
import type { TableSnapshot, WorkbookSnapshot } from '../../src/engine/snapshot';
import type { CellValue } from '../../src/engine/values';
import type { PipelineOps } from '../../src/taskpane/ops';
import type { ExcelRunner, WorkbookStatus } from '../../src/workbook/types';

/** A small pipeline as the engine reads it: P1 has "50万" typed in a money cell, P2 needs leadership, P3 an adjustment. */
export const AS_OF = 45060;

function table(name: TableName, rows: Record<string, CellValue>[]): TableSnapshot {
  const schema = TABLE_BY_NAME[name];
  return {
    name,
    sheet: schema.sheet.en,
    topLeft: 'A1',
    headers: schema.columns.map((c) => c.header.en),
    rows: rows.map((r) => schema.columns.map((c) => r[c.key] ?? null)),
  };
}

const project = (id: string, extra: Record<string, CellValue>): Record<string, CellValue> => ({
  projectId: id,
  projectName: `Project ${id}`,
  customer: `Customer ${id}`,
  market: 'Key',
  salesOwner: 'Zhang San',
  projectManager: 'Li Si',
  sponsor: 'Wang GM',
  stage: 'Bidding',
  status: 'Active',
  estContractValue: 10_000_000,
  estGrossMargin: 3_000_000,
  registeredOn: 45000,
  expectedSignDate: 46000,
  ...extra,
});

const plan = (id: string): Record<string, CellValue>[] =>
  ['Sales Goal', 'Work Item', 'Risk', 'Exit Criterion'].map((itemType) => ({
    projectId: id,
    itemType,
    description: `${itemType} of ${id}`,
    owner: itemType === 'Work Item' ? 'Zhang San' : null,
    purpose: itemType === 'Work Item' ? 'Win' : null,
    dueDate: itemType === 'Work Item' ? 46000 : null,
    likelihood: itemType === 'Risk' ? 'Low' : null,
    impact: itemType === 'Risk' ? 'Low' : null,
    triggered: itemType === 'Exit Criterion' ? 'No' : null,
  }));

export function snapshot(): WorkbookSnapshot {
  return {
    tables: {
      Projects: table('Projects', [
        project('P1', { estContractValue: '50万', estGrossMargin: 200_000, market: 'Strategic' }),
        project('P2', { salesOwner: 'Li Si', sponsor: 'Zhao Director' }),
        project('P3', { estGrossMargin: 1_000_000 }),
      ]),
      SalesPlan: table('SalesPlan', [...plan('P1'), ...plan('P2'), ...plan('P3')]),
      TaskBook: table('TaskBook', [
        {
          projectId: 'P1',
          milestone: 'M1',
          stage: 'Bidding',
          plannedStart: 45000,
          plannedEnd: 46000,
          plannedCost: 3_000,
          actualCost: 1_000,
          sponsorConfirmed: 'Yes',
        },
        {
          projectId: 'P2',
          milestone: 'M1',
          stage: 'Bidding',
          plannedStart: 45000,
          plannedEnd: 46000,
          plannedCost: 100_000,
          actualCost: 200_000,
          sponsorConfirmed: 'Yes',
        },
        {
          projectId: 'P3',
          milestone: 'M1',
          stage: 'Bidding',
          plannedStart: 45000,
          plannedEnd: 46000,
          plannedCost: 30_000,
          actualCost: 31_000,
          sponsorConfirmed: 'Yes',
        },
      ]),
      Adjustments: table('Adjustments', [
        {
          adjustmentId: 'A-1',
          projectId: 'P2',
          milestone: 'M1',
          adjustmentType: 'Cost',
          costChange: 50_000,
          reason: 'More demos',
          requestedBy: 'Li Si',
          requestDate: 45050,
          decision: 'Pending',
        },
      ]),
      Terminations: table('Terminations', []),
      Summaries: table('Summaries', []),
      // March and April 2023 reports (due 5 April and 5 May), and a meeting each five days ago: nothing missing.
      MonthlyReports: table(
        'MonthlyReports',
        ['P1', 'P2', 'P3'].flatMap((projectId) =>
          [44986, 45017].map((month) => ({
            projectId,
            month,
            author: 'Li Si',
            stage: 'Bidding',
            progress: 'On plan',
            analysis: 'Stable',
            countermeasures: 'None needed',
            submittedOn: month + 33,
          })),
        ),
      ),
      WarRoom: table('WarRoom', [
        { meetingDate: 45055, projectId: 'P1', chair: 'Wang GM', decision: 'Continue' },
        { meetingDate: 45055, projectId: 'P2', chair: 'Zhao Director', decision: 'Continue' },
        { meetingDate: 45055, projectId: 'P3', chair: 'Wang GM', decision: 'Continue' },
      ]),
      Policy: table('Policy', []),
      Markets: table('Markets', [
        { market: 'Strategic', weight: 5 },
        { market: 'Key', weight: 4 },
      ]),
      People: table('People', [
        { name: 'Wang GM', role: 'General Manager', active: 'Yes' },
        { name: 'Zhao Director', role: 'Sales Director', active: 'Yes' },
        { name: 'Zhang San', role: 'Sales Manager', active: 'Yes' },
        { name: 'Li Si', role: 'Sales Manager', active: 'Yes' },
      ]),
    },
  };
}

export const sampleAnalysis = (): Analysis => analyze(snapshot(), { asOf: AS_OF });

export const readyStatus = (): WorkbookStatus => ({
  lang: 'en',
  ready: true,
  tables: (
    [
      'Projects',
      'SalesPlan',
      'TaskBook',
      'Adjustments',
      'Terminations',
      'Summaries',
      'Policy',
      'Markets',
      'People',
    ] as TableName[]
  ).map((t) => ({
    table: t,
    state: 'ok',
    sheet: TABLE_BY_NAME[t].sheet.en,
    rows: 3,
    problems: [],
  })),
});

/** A runner whose context only offers selection events; `fireSelection()` simulates a click in Excel. */
export function fakeRunner(): { run: ExcelRunner; fireSelection(): Promise<void> } {
  const handlers: ((e: unknown) => Promise<void>)[] = [];
  const context = {
    workbook: { onSelectionChanged: { add: (h: (e: unknown) => Promise<void>) => handlers.push(h) } },
    sync: async () => undefined,
  };
  const run = (async (batch: (c: unknown) => Promise<unknown>) => batch(context)) as unknown as ExcelRunner;
  return { run, fireSelection: async () => void (await Promise.all(handlers.map((h) => h({})))) };
}

export function fakeOps(overrides: Partial<PipelineOps> = {}): jest.Mocked<PipelineOps> {
  const ops: PipelineOps = {
    getStatus: async () => readyStatus(),
    setUp: async () => ({ created: [], repaired: [], overwrittenFormulas: [], restoredFormulas: 0, changed: false }),
    loadSample: async () => undefined,
    checkWorkbook: async () => sampleAnalysis(),
    highlightFindings: async () => undefined,
    clearHighlights: async () => undefined,
    goToCell: async () => undefined,
    fixAmountAsText: async () => undefined,
    writeReviewSheet: async () => undefined,
    projectAtSelection: async () => null,
    addPrefilledRow: async () => 'Adjustments!A3',
    writeAgendaSheet: async () => ({ sheet: 'Agenda', rows: 1 }),
    recordDecisions: async () => ({ added: 1, skipped: [], address: 'War Room!E5' }),
    draftMonthlyReport: async () => ({ address: 'Monthly Reports!F8', month: 45017 }),
    decideRequest: async () => ({ cells: [], request: undefined as never }),
    writeApprovalForm: async () => ({ sheet: 'Approval form' }),
    writeFindingsSheet: async () => ({ sheet: 'Findings', rows: 0 }),
    ...overrides,
  };
  const table = ops as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const k of Object.keys(table)) table[k] = jest.fn(table[k]);
  return ops as jest.Mocked<PipelineOps>;
}

export function deferred<T>(): { promise: Promise<T>; resolve(v: T): void; reject(e: unknown): void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
