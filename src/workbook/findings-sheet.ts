import { Finding } from '../engine/findings';
import { Lang } from '../engine/i18n';
import { TABLE_BY_NAME } from '../engine/schema';
import { safeRow } from './cells';
import { ExcelRunner } from './types';

export const FINDINGS_SHEET = { zh: '问题清单', en: 'Findings' };

const HEADERS = [
  { zh: '严重程度', en: 'Severity', width: 10 },
  { zh: '项目编号', en: 'Project ID', width: 14 },
  { zh: '销售负责人', en: 'Sales Owner', width: 12 },
  { zh: '工作表', en: 'Sheet', width: 16 },
  { zh: '单元格', en: 'Cell', width: 22 },
  { zh: '规则', en: 'Code', width: 24 },
  { zh: '说明', en: 'Message', width: 80 },
  { zh: '处理状态', en: 'Status', width: 12 },
];
const SEVERITY = {
  error: { zh: '错误', en: 'Error' },
  warning: { zh: '警告', en: 'Warning' },
  info: { zh: '提示', en: 'Info' },
};

/**
 * Writes the findings the user is looking at (filtered or not) as a worklist table on a new sheet, with an
 * empty Status column to track the work. Each export gets its own sheet (问题清单, 问题清单 (2), …): a sheet
 * someone already worked in is never replaced. Two round trips.
 */
export async function writeFindingsSheet(
  run: ExcelRunner,
  findings: readonly Finding[],
  lang: Lang,
  owners: ReadonlyMap<string, string> = new Map(),
): Promise<{ sheet: string; rows: number }> {
  return run(async (context) => {
    const wb = context.workbook;
    const sheets = wb.worksheets.load('items/name');
    await context.sync();
    const taken = new Set(sheets.items.map((s) => s.name.toLowerCase()));
    let name = FINDINGS_SHEET[lang];
    for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${FINDINGS_SHEET[lang]} (${k})`;
    const ws = wb.worksheets.add(name);
    const rows = findings.map((f) => [
      SEVERITY[f.severity][lang],
      f.projectId ?? '',
      f.projectId ? (owners.get(f.projectId) ?? '') : '',
      TABLE_BY_NAME[f.table]?.sheet[lang] ?? f.table,
      f.cell,
      f.code,
      f.message[lang],
      '',
    ]);
    const all = [HEADERS.map((h) => h[lang]), ...(rows.length ? rows : [HEADERS.map(() => '')])];
    const range = ws.getRangeByIndexes(0, 0, all.length, HEADERS.length);
    range.values = all.map(safeRow);
    const table = ws.tables.add(range, true);
    table.style = 'TableStyleLight9';
    HEADERS.forEach((h, i) => {
      ws.getRangeByIndexes(0, i, 1, 1).getEntireColumn().format.columnWidth = h.width * 7;
    });
    if (rows.length) ws.getRangeByIndexes(1, 6, rows.length, 1).format.wrapText = true;
    ws.freezePanes.freezeRows(1);
    ws.activate();
    await context.sync();
    return { sheet: name, rows: rows.length };
  });
}
