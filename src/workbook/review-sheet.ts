import { Analysis } from '../engine/analyze';
import { Lang } from '../engine/i18n';
import { REVIEW_SHEET } from '../engine/layout';
import { LISTS } from '../engine/lists';
import { reviewItems } from '../engine/review';
import { reasonsByProject } from '../engine/reasons';
import { formatMoneyChange } from '../engine/money';
import { CellValue, matchKey } from '../engine/values';
import { safeRow } from './cells';
import { ExcelRunner } from './types';

export const REVIEW_TABLE = 'ReviewList';

const HEADERS: { key: string; zh: string; en: string; format?: string; width: number }[] = [
  { key: 'projectId', zh: '项目编号', en: 'Project ID', width: 14 },
  { key: 'currentPlan', zh: '当前计划费用', en: 'Current Plan', format: '#,##0.00', width: 14 },
  { key: 'actualCost', zh: '实际费用', en: 'Actual Cost', format: '#,##0.00', width: 14 },
  { key: 'projectName', zh: '项目名称', en: 'Project Name', width: 26 },
  { key: 'escalation', zh: '升级级别', en: 'Escalation', width: 24 },
  { key: 'approver', zh: '审批人级别', en: 'Required Approver', width: 18 },
  { key: 'salesOwner', zh: '销售负责人', en: 'Sales Owner', width: 12 },
  { key: 'sponsor', zh: '项目发起人', en: 'Sponsor', width: 12 },
  { key: 'grade', zh: '重要性等级', en: 'Grade', width: 8 },
  { key: 'overrun', zh: '超支金额', en: 'Overrun', format: '#,##0.00', width: 14 },
  { key: 'overrunPct', zh: '超支比例', en: 'Overrun %', format: '0.0%', width: 10 },
  { key: 'slipDays', zh: '未批准延期天数', en: 'Unapproved Slip (days)', format: '0', width: 12 },
  { key: 'pending', zh: '待审批调整', en: 'Pending Adjustments', width: 40 },
  { key: 'reasons', zh: '升级原因', en: 'Why Escalated', width: 60 },
];

/**
 * Writes (or rewrites) the directors' review sheet: escalated projects by level then overrun, with a
 * clustered column chart of current plan against actual cost. Two round trips.
 */
export async function writeReviewSheet(run: ExcelRunner, analysis: Analysis, lang: Lang): Promise<{ sheet: string; rows: number }> {
  const items = reviewItems(analysis);
  const reasons = reasonsByProject(analysis);
  return run(async (context) => {
    const wb = context.workbook;
    const sheets = wb.worksheets.load('items/name');
    // Our review sheet is the one holding our table, whatever its name now.
    const ours = wb.tables.getItemOrNullObject(REVIEW_TABLE);
    const oursSheet = ours.worksheet.load('name');
    await context.sync();
    let sheetName: string;
    if (!ours.isNullObject) {
      sheetName = oursSheet.name;
      oursSheet.delete();
    } else {
      const taken = new Set(sheets.items.map((s) => s.name.toLowerCase()));
      sheetName = REVIEW_SHEET[lang];
      for (let k = 2; taken.has(sheetName.toLowerCase()); k++) sheetName = `${REVIEW_SHEET[lang]} (${k})`;
    }
    const ws = wb.worksheets.add(sheetName);
    const title = lang === 'zh' ? `需升级审批的项目（截至 ${isoDate(analysis.asOf)}）` : `Projects needing escalation (as of ${isoDate(analysis.asOf)})`;
    ws.getRange('A1').values = [[title]];
    ws.getRange('A1').format.font.bold = true;
    const label = (key: string): string => LISTS.Escalations.find((e) => e.key === key)![lang];
    const grid: CellValue[][] = items.map((it) => [
      it.projectId,
      it.currentPlan,
      it.actualCost,
      it.projectName,
      label(it.escalation),
      it.requiredApprover[lang],
      it.salesOwner,
      it.sponsor,
      it.grade ?? '',
      it.overrun,
      it.overrunPct,
      it.slipDays,
      it.pendingAdjustments
        .map((p) => `${p.adjustmentId} ${p.milestone} ${p.costChange !== null ? formatMoneyChange(p.costChange) : ''}${p.scheduleChangeDays !== null ? (lang === 'zh' ? `${p.scheduleChangeDays} 天` : `${p.scheduleChangeDays} d`) : ''} → ${p.requiredApproval?.[lang] ?? ''}`)
        .join('; '),
      (reasons.get(matchKey(it.projectId) ?? '')?.escalation ?? []).map((r) => r[lang]).join(lang === 'zh' ? '；' : '; '),
    ]);
    const headerRow = 2;
    const all = [HEADERS.map((h) => h[lang]), ...(grid.length ? grid : [HEADERS.map(() => '')])];
    const range = ws.getRangeByIndexes(headerRow, 0, all.length, HEADERS.length);
    range.values = all.map(safeRow);
    const table = ws.tables.add(range, true);
    table.name = REVIEW_TABLE;
    table.style = 'TableStyleMedium3';
    HEADERS.forEach((h, i) => {
      if (h.format && grid.length) ws.getRangeByIndexes(headerRow + 1, i, grid.length, 1).numberFormat = grid.map(() => [h.format!]);
      ws.getRangeByIndexes(0, i, 1, 1).getEntireColumn().format.columnWidth = h.width * 7;
    });
    ws.freezePanes.freezeRows(headerRow + 1);
    if (grid.length) {
      const chart = ws.charts.add(Excel.ChartType.columnClustered, ws.getRangeByIndexes(headerRow, 0, grid.length + 1, 3), Excel.ChartSeriesBy.columns);
      chart.title.text = lang === 'zh' ? '当前计划费用与实际费用' : 'Current plan vs actual cost';
      chart.setPosition(ws.getRangeByIndexes(headerRow + grid.length + 2, 0, 1, 1), ws.getRangeByIndexes(headerRow + grid.length + 20, 6, 1, 1));
    }
    ws.activate();
    await context.sync();
    return { sheet: sheetName, rows: items.length };
  });
}

function isoDate(serial: number): string {
  return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
}
