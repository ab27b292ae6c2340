import { sheetCell } from '../engine/address';
import { Agenda, AGENDA_GROUP_TITLES } from '../engine/agenda';
import { analyze } from '../engine/analyze';
import { Lang, Text } from '../engine/i18n';
import { isoDay, monthIndexOfSerial, monthLabel } from '../engine/monthly';
import { monthlyReportDraft } from '../engine/report-draft';
import { CellValue, isNumber, matchKey, todaySerial } from '../engine/values';
import { safeRow } from './cells';
import { findTableNames } from './read';
import { readColumns, readProjectSlice } from './read-slice';
import { appendRows, langOf, liveRow } from './rows';
import { ExcelRunner, UserError } from './types';

/** The war-room meeting's workbook operations (spec §8): the printable agenda, the decisions, the monthly report draft. */

export const AGENDA_TABLE = 'AgendaList';
export const AGENDA_SHEET: Text = { zh: '例会议程', en: 'Agenda' };

const HEADERS: { zh: string; en: string; width: number; format?: string; wrap?: boolean }[] = [
  { zh: '序号', en: 'No.', width: 5 },
  { zh: '议题类别', en: 'Topic', width: 18, wrap: true },
  { zh: '项目编号', en: 'Project ID', width: 13 },
  { zh: '项目名称', en: 'Project Name', width: 22, wrap: true },
  { zh: '项目发起人', en: 'Sponsor', width: 11 },
  { zh: '等级', en: 'Grade', width: 6 },
  { zh: '当前计划费用', en: 'Current Plan', width: 13, format: '#,##0' },
  { zh: '实际费用', en: 'Actual Cost', width: 12, format: '#,##0' },
  { zh: '超支金额', en: 'Overrun', width: 11, format: '#,##0' },
  { zh: '延期天数', en: 'Slip (days)', width: 8, format: '0' },
  { zh: '上会原因', en: 'Reasons', width: 44, wrap: true },
  { zh: '待决事项', en: 'Decision Asked', width: 22, wrap: true },
  { zh: '会议决定', en: 'Decision', width: 16, wrap: true },
];
const HEADER_ROW = 2;

export function agendaTitle(agenda: Agenda, lang: Lang, team?: string): string {
  const who = agenda.sponsor ?? (lang === 'zh' ? '全部发起人' : 'all sponsors');
  const t = team ? (lang === 'zh' ? `${team} · ` : `${team} · `) : '';
  return lang === 'zh'
    ? `${t}项目进展分析会议程 · ${isoDay(agenda.date)} · 发起人：${who}`
    : `${t}War-room agenda · ${isoDay(agenda.date)} · Sponsor: ${who}`;
}

/**
 * Writes (or rewrites) the agenda sheet, ready to print: A4 landscape, one page wide, the header row on
 * every page, the title with the date and the sponsor. Two round trips.
 */
export async function writeAgendaSheet(
  run: ExcelRunner,
  agenda: Agenda,
  lang: Lang,
  options: { team?: string } = {},
): Promise<{ sheet: string; rows: number }> {
  const grid: CellValue[][] = agenda.items.map((it, i) => [
    i + 1,
    AGENDA_GROUP_TITLES[it.group][lang],
    it.projectId,
    it.projectName,
    it.sponsor,
    it.grade ?? '',
    it.currentPlan,
    it.actualCost,
    it.overrun,
    it.slipDays,
    it.reasons.map((r) => r.text[lang]).join(lang === 'zh' ? '；' : '; '),
    it.decision[lang],
    '',
  ]);
  return run(async (context) => {
    const wb = context.workbook;
    const sheets = wb.worksheets.load('items/name');
    // Our agenda sheet is the one holding our table, whatever its name now: found among the tables with
    // their sheets' names (never by navigating from a null object). It is rewritten, never deleted
    // (deleting a sheet clears Excel's undo).
    const tables = wb.tables.load('items/name,items/worksheet/name');
    await context.sync();
    const ours = tables.items.find((t) => t.name.toLowerCase() === AGENDA_TABLE.toLowerCase());
    let sheetName: string;
    let ws: Excel.Worksheet;
    if (ours) {
      sheetName = ours.worksheet.name;
      ws = wb.worksheets.getItem(sheetName);
      wb.tables.getItem(ours.name).delete();
      ws.getRange('A1:A2').clear(Excel.ClearApplyTo.contents);
    } else {
      const taken = new Set(sheets.items.map((s) => s.name.toLowerCase()));
      sheetName = AGENDA_SHEET[lang];
      for (let k = 2; taken.has(sheetName.toLowerCase()); k++) sheetName = `${AGENDA_SHEET[lang]} (${k})`;
      ws = wb.worksheets.add(sheetName);
    }
    ws.getRange('A1').values = [[agendaTitle(agenda, lang, options.team)]];
    ws.getRange('A1').format.font.bold = true;
    ws.getRange('A1').format.font.size = 14;
    if (agenda.message) ws.getRange('A2').values = [[safeRow([agenda.message[lang]])[0]]];
    const all = [HEADERS.map((h) => h[lang]), ...(grid.length ? grid : [HEADERS.map(() => '')])];
    const range = ws.getRangeByIndexes(HEADER_ROW, 0, all.length, HEADERS.length);
    range.values = all.map(safeRow);
    const table = ws.tables.add(range, true);
    table.name = AGENDA_TABLE;
    table.style = 'TableStyleMedium2';
    HEADERS.forEach((h, i) => {
      const column = ws.getRangeByIndexes(HEADER_ROW, i, all.length, 1);
      if (h.format && grid.length)
        ws.getRangeByIndexes(HEADER_ROW + 1, i, grid.length, 1).numberFormat = grid.map(() => [h.format!]);
      if (h.wrap) column.format.wrapText = true;
      ws.getRangeByIndexes(0, i, 1, 1).getEntireColumn().format.columnWidth = h.width * 7;
    });
    range.format.verticalAlignment = Excel.VerticalAlignment.top;
    // Printable: A4 landscape, one page wide and as many tall as needed, the header row on every page.
    ws.pageLayout.orientation = Excel.PageOrientation.landscape;
    ws.pageLayout.paperSize = Excel.PaperType.a4;
    ws.pageLayout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
    ws.pageLayout.setPrintTitleRows(`$${HEADER_ROW + 1}:$${HEADER_ROW + 1}`);
    ws.freezePanes.freezeRows(HEADER_ROW + 1);
    ws.activate();
    await context.sync();
    return { sheet: sheetName, rows: agenda.items.length };
  });
}

/**
 * Adds one WarRoom row per agenda project — meeting date, project, chair (the sponsor asked for, else
 * the project's own) — and leaves the decision for the meeting. A project that already has a row for
 * that date is left alone. Selects the first new Decision cell. Three round trips.
 */
export async function recordDecisions(
  run: ExcelRunner,
  agenda: Agenda,
): Promise<{ added: number; skipped: string[]; address: string | null }> {
  if (agenda.items.length === 0)
    throw new UserError({
      zh: '议程为空，没有需要记录的项目。',
      en: 'The agenda is empty: there is nothing to record.',
    });
  return run(async (context) => {
    const names = await findTableNames(context);
    // Only the two columns that tell what this meeting already recorded, however long the table is.
    const read = await readColumns(context, names, 'WarRoom', ['meetingDate', 'projectId']);
    if (!read)
      throw new UserError({
        zh: '工作簿中缺少表7 项目进展分析会（应在“项目分析会”工作表中）。请先在“工作簿”页点击“修复工作簿”。',
        en: 'The War Room table is missing; choose Repair workbook on the Workbook page first.',
      });
    const { f, columns } = read;
    const lang = langOf(f);
    const di = f.columnIndex[f.schema.columns.findIndex((c) => c.key === 'meetingDate')];
    const already = new Set<string>();
    columns.meetingDate.forEach((d, i) => {
      const k = matchKey(columns.projectId[i] ?? null);
      if (isNumber(d) && Math.floor(d) === agenda.date && k !== null) already.add(k);
    });
    const skipped: string[] = [];
    const rows: (string | number | boolean)[][] = [];
    for (const it of agenda.items) {
      if (already.has(matchKey(it.projectId) ?? '')) {
        skipped.push(it.projectId);
        continue;
      }
      rows.push(
        liveRow(f, { meetingDate: agenda.date, projectId: it.projectId, chair: agenda.sponsor ?? it.sponsor }, lang),
      );
    }
    if (rows.length === 0) return { added: 0, skipped, address: null };
    const start = appendRows(context, f, rows);
    const decisionCol = f.columnIndex[f.schema.columns.findIndex((c) => c.key === 'decision')];
    const ws = context.workbook.worksheets.getItem(f.sheet);
    const dateCol = di >= 0 ? di : 0;
    ws.getRangeByIndexes(f.row + 1 + start, f.col + dateCol, rows.length, 1).numberFormat = rows.map(() => [
      'yyyy-mm-dd',
    ]);
    const at = { row: f.row + 1 + start, col: f.col + Math.max(0, decisionCol) };
    ws.activate();
    ws.getRangeByIndexes(at.row, at.col, 1, 1).select();
    await context.sync();
    return { added: rows.length, skipped, address: sheetCell(f.sheet, at.row, at.col) };
  });
}

/**
 * Appends a draft MonthlyReports row for one project and month (default: the month of the as-of date),
 * never over an existing report, and selects its Situation Analysis cell.
 */
export async function draftMonthlyReport(
  run: ExcelRunner,
  options: { projectId: string; month?: number; asOf?: number; today?: number },
): Promise<{ address: string; month: number }> {
  return run(async (context) => {
    const names = await findTableNames(context);
    // Only this project's rows: a draft for one project reads kilobytes, not the whole pipeline.
    const { found, snapshot } = await readProjectSlice(context, names, options.projectId, ['MonthlyReports']);
    const f = found.find((x) => x.schema.name === 'MonthlyReports');
    if (!f)
      throw new UserError({
        zh: '工作簿中缺少表6 项目月度进展报告（应在“月度进展报告”工作表中）。请先在“工作簿”页点击“修复工作簿”。',
        en: 'The Monthly Reports table is missing; choose Repair workbook on the Workbook page first.',
      });
    const lang = langOf(f);
    const today = options.today ?? todaySerial();
    const a = analyze(snapshot, { asOf: options.asOf ?? today });
    const draft = monthlyReportDraft(a, options.projectId, { month: options.month, today, lang });
    if (!draft)
      throw new UserError({
        zh: `项目信息表中没有项目 ${options.projectId}。`,
        en: `Project ${options.projectId} is not in the Projects table.`,
      });
    if (draft.existing)
      throw new UserError({
        zh: `项目 ${draft.projectId} 的 ${monthLabel(monthIndexOfSerial(draft.month))} 月度报告已存在（${draft.existing}），不会重复起草。`,
        en: `Project ${draft.projectId} already has its ${monthLabel(monthIndexOfSerial(draft.month))} report (${draft.existing}); no second draft is written.`,
      });
    const start = appendRows(context, f, [liveRow(f, draft.values, lang)]);
    const ws = context.workbook.worksheets.getItem(f.sheet);
    const colOf = (key: string): number => f.columnIndex[f.schema.columns.findIndex((c) => c.key === key)];
    const row = f.row + 1 + start;
    const monthCol = colOf('month');
    if (monthCol >= 0) ws.getRangeByIndexes(row, f.col + monthCol, 1, 1).numberFormat = [['yyyy-mm']];
    const subCol = colOf('submittedOn');
    if (subCol >= 0) ws.getRangeByIndexes(row, f.col + subCol, 1, 1).numberFormat = [['yyyy-mm-dd']];
    const target = colOf('analysis');
    const col = f.col + (target >= 0 ? target : 0);
    ws.activate();
    ws.getRangeByIndexes(row, col, 1, 1).select();
    await context.sync();
    return { address: sheetCell(f.sheet, row, col), month: draft.month };
  });
}
