import { analyze, Analysis } from '../engine/analyze';
import {
  ApprovalRequest,
  approvalQueue,
  Decision,
  decisionRefusal,
  RequestRef,
  sameRequest,
} from '../engine/approvals';
import { splitAddress } from '../engine/address';
import { Lang } from '../engine/i18n';
import { LISTS } from '../engine/lists';
import { cellAddress, colPos } from '../engine/model';
import { formatMoney, formatMoneyChange, formatPercent } from '../engine/money';
import { CellValue, isoFromSerial, todaySerial } from '../engine/values';
import { safeValue } from './cells';
import { findTableNames, readTables } from './read';
import { ExcelRunner, UserError } from './types';

export interface DecideOptions {
  decision: Decision;
  approver: string;
  /** Decision Date as an Excel serial; default today. */
  date?: number;
  /** The as-of date for the figures (default: Policy AsOfDate, else today). */
  asOf?: number;
}

export interface DecideResult {
  /** The three cells written: Decision, Approver, Decision Date. */
  cells: string[];
  request: ApprovalRequest;
}

/**
 * Approves or rejects one pending request: writes its Decision, Approver and Decision Date, and no other
 * cell. The workbook is read afresh first, so the refusal (approver's role too low, sponsor not
 * confirmed, row changed since the pane listed it) is judged on what the sheet holds now.
 * Three round trips: table names, the tables, the three cells.
 */
export async function decideRequest(run: ExcelRunner, ref: RequestRef, options: DecideOptions): Promise<DecideResult> {
  const date = options.date ?? todaySerial();
  return run(async (context) => {
    const names = await findTableNames(context);
    const { snapshot } = await readTables(context, names, { formulas: false });
    const a = analyze(snapshot, { asOf: options.asOf });
    const t = a.model.tables[ref.table];
    const row = t.rows.find((r) => r === ref.row);
    if (!t.snapshot || row === undefined || !sameRequest(t, row, ref)) {
      throw new UserError({
        zh: `申请 ${ref.id} 在表中已改变（或已被审批），请重新检查后再审批。`,
        en: `Request ${ref.id} has changed in the sheet (or was already decided); run the check again before deciding.`,
      });
    }
    const request = approvalQueue(a).requests.find((x) => x.table === ref.table && x.row === ref.row)!;
    const refusal = decisionRefusal(request, options.approver, options.decision, a.computed.people, date);
    if (refusal) throw new UserError(refusal);
    const missing = (['decision', 'approver', 'decisionDate'] as const).filter((k) => t.columnIndex[colPos(t, k)] < 0);
    if (missing.length) {
      const headers = missing.map((k) => t.schema.columns.find((c) => c.key === k)!.header);
      throw new UserError({
        zh: `${t.schema.sheet.zh}缺少列：${headers.map((h) => `「${h.zh}」`).join('')}。请点击“修复工作簿”补回后再审批。`,
        en: `${t.schema.sheet.en} lacks the column(s) ${headers.map((h) => `"${h.en}"`).join(', ')}. Choose Repair workbook, then decide again.`,
      });
    }
    // The decision in the language the table's headers are written in (the sheet's dropdown list).
    const lang: Lang = t.headerLang ?? a.lang;
    const label = LISTS.Decisions.find((d) => d.key === options.decision)![lang];
    const writes: [string, CellValue][] = [
      [cellAddress(t, ref.row, 'decision'), label],
      [cellAddress(t, ref.row, 'approver'), safeValue(options.approver.trim())],
      [cellAddress(t, ref.row, 'decisionDate'), date],
    ];
    for (const [address, value] of writes) {
      const { sheet, range } = splitAddress(address);
      context.workbook.worksheets.getItem(sheet ?? '').getRange(range).values = [[value as string | number]];
    }
    await context.sync();
    return { cells: writes.map(([address]) => address), request };
  });
}

export const APPROVAL_FORM_SHEET = { zh: '审批单', en: 'Approval form' };

/**
 * A printable approval form (审批单) for one request on its own sheet: the request, the project's figures,
 * the level it needs and why, and signature lines for applicant, sponsor and approver. An existing form
 * sheet is never replaced: a second form for the
 * same request gets a numbered sheet. Two round trips.
 */
export async function writeApprovalForm(
  run: ExcelRunner,
  analysis: Analysis,
  request: ApprovalRequest,
  lang: Lang,
): Promise<{ sheet: string }> {
  const zh = lang === 'zh';
  const L = (zhText: string, enText: string): string => (zh ? zhText : enText);
  const date = (s: number | null): string => (s === null ? '' : isoFromSerial(s));
  const f = request.figures;
  const lines: [string, string][] = [
    [L('单号', 'Request'), request.label[lang]],
    [L('项目', 'Project'), `${request.projectId} ${request.projectName}`],
    [L('客户', 'Customer'), request.customer],
    [L('重要性等级', 'Importance grade'), request.grade ?? '—'],
    [L('销售负责人', 'Sales owner'), request.salesOwner],
    [L('项目发起人', 'Sponsor'), request.sponsor],
    [L('申请人', 'Requested by'), request.requestedBy],
    [L('申请日期', 'Request date'), date(request.requestDate)],
  ];
  if (request.kind === 'adjustment') {
    lines.push([L('里程碑', 'Milestone'), request.milestone ?? '']);
    lines.push([L('调整类型', 'Type'), request.type?.[lang] ?? '']);
    if (request.costChange !== null)
      lines.push([L('费用调整额', 'Cost change'), formatMoneyChange(request.costChange)]);
    if (request.scheduleChangeDays !== null)
      lines.push([
        L('进度调整天数', 'Schedule change'),
        L(`${request.scheduleChangeDays} 天`, `${request.scheduleChangeDays} days`),
      ]);
    lines.push([L('调整原因', 'Reason'), request.details]);
  } else {
    lines.push([L('终止原因', 'Reason'), request.type?.[lang] ?? '']);
    lines.push([L('详细说明', 'Details'), request.details]);
  }
  lines.push(
    [L('计划费用', 'Planned cost'), formatMoney(f.plannedCost)],
    [L('当前计划（含已批准调整）', 'Current plan (incl. approved)'), formatMoney(f.currentPlan)],
    [L('实际费用', 'Actual cost'), formatMoney(f.actualCost)],
    [L('超支', 'Overrun'), `${formatMoney(f.overrun)}（${formatPercent(f.overrunPct)}）`],
    [L('售前费用额度', 'Budget cap'), formatMoney(f.budgetCap)],
    [L('审批级别', 'Approval level'), request.levelLabel[lang]],
    [L('依据', 'Because'), request.levelReasons.map((x) => x[lang]).join(zh ? '；' : '; ')],
    [L('发起人确认', 'Sponsor confirmation'), request.sponsorNote[lang]],
    [L('可审批人', 'May approve'), request.approvers.map((p) => `${p.name}（${p.role[lang]}）`).join(zh ? '、' : ', ')],
  );
  const signatures = [L('申请人签字', 'Applicant'), L('项目发起人签字', 'Sponsor'), L('审批人签字', 'Approver')];
  const title =
    request.kind === 'adjustment'
      ? L('项目任务书调整审批单', 'Task book adjustment approval form')
      : L('项目终止审批单', 'Project termination approval form');
  const base = `${APPROVAL_FORM_SHEET[lang]} ${request.id || request.projectId}`
    .replace(/[\\/?*[\]:]/g, '-')
    .slice(0, 31);

  return run(async (context) => {
    const wb = context.workbook;
    const sheets = wb.worksheets.load('items/name');
    await context.sync();
    // A form already printed for this request may carry remarks: never replace it, number the new one.
    const taken = new Set(sheets.items.map((s) => s.name.toLowerCase()));
    let name = base;
    for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${base.slice(0, 26)} (${k})`;
    const ws = wb.worksheets.add(name);
    const grid: string[][] = [
      [title, ''],
      [L(`截至 ${isoFromSerial(analysis.asOf)}`, `As of ${isoFromSerial(analysis.asOf)}`), ''],
      ['', ''],
      ...lines.map(([k, v]) => [k, String(safeValue(v))]),
      ['', ''],
      [L('审批意见：', 'Decision and remarks:'), ''],
      ['', ''],
      ...signatures.flatMap((s) => [
        [`${s}：`, L('________________    日期：__________', '________________    Date: __________')],
        ['', ''],
      ]),
    ];
    ws.getRangeByIndexes(0, 0, grid.length, 2).values = grid;
    ws.getRange('A1').format.font.bold = true;
    ws.getRangeByIndexes(3, 0, lines.length, 1).format.font.bold = true;
    ws.getRangeByIndexes(3, 0, lines.length, 1).format.fill.color = '#F2F2F2';
    ws.getRangeByIndexes(3, 1, lines.length, 1).format.wrapText = true;
    ws.getRange('A:A').format.columnWidth = 160;
    ws.getRange('B:B').format.columnWidth = 340;
    ws.activate();
    await context.sync();
    return { sheet: name };
  });
}
