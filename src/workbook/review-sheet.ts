import { Analysis } from '../engine/analyze';
import { parseCell, splitAddress } from '../engine/address';
import { Lang } from '../engine/i18n';
import { REVIEW_SHEET } from '../engine/layout';
import { LISTS } from '../engine/lists';
import { reviewItems } from '../engine/review';
import { reasonsByProjectIn } from '../engine/reasons';
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

/** Our columns come first in the review table; a user's own columns may follow. */
export const REVIEW_COLUMN_COUNT = HEADERS.length;

/** Our chart on the review sheet, found by name when the sheet is rewritten. */
const REVIEW_CHART = 'PP_ReviewChart';
const HEADER_ROW = 2;

/**
 * Writes the directors' review sheet: escalated projects by level then overrun, with a clustered column
 * chart of current plan against actual cost. The first time it makes the sheet (two round trips); after
 * that it rewrites our table in place (three): rows are added or removed, only our columns are written,
 * and whatever else a user put on the sheet (notes beside or below, their own columns) stays. The sheet
 * is never deleted (that would lose the notes and clear Excel's undo).
 */
export async function writeReviewSheet(
  run: ExcelRunner,
  analysis: Analysis,
  lang: Lang,
): Promise<{ sheet: string; rows: number }> {
  const items = reviewItems(analysis);
  const reasons = reasonsByProjectIn(analysis, lang);
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
      .map(
        (p) =>
          `${p.adjustmentId} ${p.milestone} ${p.costChange !== null ? formatMoneyChange(p.costChange) : ''}${p.scheduleChangeDays !== null ? (lang === 'zh' ? `${p.scheduleChangeDays} 天` : `${p.scheduleChangeDays} d`) : ''} → ${p.requiredApproval?.[lang] ?? ''}`,
      )
      .join('; '),
    (reasons.get(matchKey(it.projectId) ?? '')?.escalation ?? []).join(lang === 'zh' ? '；' : '; '),
  ]);
  const title =
    lang === 'zh'
      ? `需升级审批的项目（截至 ${isoDate(analysis.asOf)}）`
      : `Projects needing escalation (as of ${isoDate(analysis.asOf)})`;
  const headers = HEADERS.map((h) => h[lang]);
  const body = (grid.length ? grid : [HEADERS.map(() => '')]).map(safeRow);
  return run(async (context) => {
    const wb = context.workbook;
    const sheets = wb.worksheets.load('items/name');
    // Our review sheet is the one holding our table, whatever its name now: found among the tables
    // with their sheets' names (never by navigating from a null object).
    const tables = wb.tables.load('items/name,items/worksheet/name');
    await context.sync();
    const ours = tables.items.find((t) => t.name.toLowerCase() === REVIEW_TABLE.toLowerCase());
    let sheetName: string;
    let ws: Excel.Worksheet;
    // Where our table is, and how many rows it has now.
    let at = { row: HEADER_ROW, col: 0 };
    if (ours) {
      sheetName = ours.worksheet.name;
      ws = wb.worksheets.getItem(sheetName);
      const table = wb.tables.getItem(ours.name);
      const header = table.getHeaderRowRange().load('address,columnCount');
      const rows = table.getDataBodyRange().load('rowCount');
      const charts = ws.charts.load('items/name');
      await context.sync();
      const top = parseCell(splitAddress(header.address).range.split(':')[0]) ?? at;
      at = { row: top.row, col: top.col };
      // Our columns are the first ones; a column the user deleted comes back at the end.
      for (let c = header.columnCount; c < HEADERS.length; c++) table.columns.add(undefined, undefined, headers[c]);
      const width = Math.max(header.columnCount, HEADERS.length);
      const old = rows.rowCount;
      const keep = Math.min(old, body.length);
      ws.getRangeByIndexes(at.row, at.col, 1 + keep, HEADERS.length).values = [headers, ...body.slice(0, keep)];
      if (body.length > old)
        table.rows.add(
          undefined,
          body.slice(old).map((r) => [...r, ...new Array(width - HEADERS.length).fill('')]),
        );
      // Surplus rows go from the bottom up, so each index still names the row meant.
      for (let i = old - 1; i >= body.length; i--) table.rows.getItemAt(i).delete();
      if (at.row >= 2) ws.getRangeByIndexes(at.row - 2, at.col, 1, 1).values = [[title]];
      const chart = charts.items.find((c) => c.name === REVIEW_CHART);
      if (chart && !grid.length) ws.charts.getItem(REVIEW_CHART).delete();
      placeChart(ws, chart ? ws.charts.getItem(REVIEW_CHART) : null, at, grid.length, lang);
    } else {
      const taken = new Set(sheets.items.map((s) => s.name.toLowerCase()));
      sheetName = REVIEW_SHEET[lang];
      for (let k = 2; taken.has(sheetName.toLowerCase()); k++) sheetName = `${REVIEW_SHEET[lang]} (${k})`;
      ws = wb.worksheets.add(sheetName);
      ws.getRange('A1').values = [[title]];
      ws.getRange('A1').format.font.bold = true;
      const range = ws.getRangeByIndexes(HEADER_ROW, 0, 1 + body.length, HEADERS.length);
      range.values = [headers, ...body];
      const table = ws.tables.add(range, true);
      table.name = REVIEW_TABLE;
      table.style = 'TableStyleMedium3';
      HEADERS.forEach((h, i) => {
        ws.getRangeByIndexes(0, i, 1, 1).getEntireColumn().format.columnWidth = h.width * 7;
      });
      ws.freezePanes.freezeRows(HEADER_ROW + 1);
      placeChart(ws, null, at, grid.length, lang);
    }
    HEADERS.forEach((h, i) => {
      if (h.format && grid.length)
        ws.getRangeByIndexes(at.row + 1, at.col + i, grid.length, 1).numberFormat = grid.map(() => [h.format!]);
    });
    ws.activate();
    await context.sync();
    return { sheet: sheetName, rows: items.length };
  });
}

/** The chart of current plan against actual cost, below the table; made when missing, moved when there. */
function placeChart(
  ws: Excel.Worksheet,
  chart: Excel.Chart | null,
  at: { row: number; col: number },
  rows: number,
  lang: Lang,
): void {
  if (!rows) return;
  const source = ws.getRangeByIndexes(at.row, at.col, rows + 1, 3);
  let c = chart;
  if (c) c.setData(source, Excel.ChartSeriesBy.columns);
  else {
    c = ws.charts.add(Excel.ChartType.columnClustered, source, Excel.ChartSeriesBy.columns);
    c.name = REVIEW_CHART;
  }
  c.title.text = lang === 'zh' ? '当前计划费用与实际费用' : 'Current plan vs actual cost';
  c.setPosition(
    ws.getRangeByIndexes(at.row + rows + 2, at.col, 1, 1),
    ws.getRangeByIndexes(at.row + rows + 20, at.col + 6, 1, 1),
  );
}

function isoDate(serial: number): string {
  return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
}
