import { parseCell, splitAddress, sheetCell } from '../engine/address';
import { columnFormula } from '../engine/formulas';
import { Lang } from '../engine/i18n';
import { samplePipeline } from '../engine/sample';
import { sampleForTeam } from '../engine/sample-team';
import { TABLE_BY_NAME, TableName, TableSchema } from '../engine/schema';
import { CellValue, todaySerial } from '../engine/values';
import { safeRow } from './cells';
import { BodyPosition, columnRange, dressColumns, formattedColumns, writeConditionalFormats } from './decor';
import { runSteps, Step, step } from './steps';
import { FoundTable, findTableNames, readTables } from './read';
import { headerMatches } from '../engine/model';
import { ExcelRunner, UserError } from './types';

export const langOf = (f: FoundTable): Lang =>
  f.headers.some((h) => f.schema.columns.some((c) => c.header.zh === h)) ? 'zh' : 'en';

/** One table row in the live column order: inputs from `values`, computed columns as their formulas. */
export function liveRow(f: FoundTable, values: Record<string, CellValue>, lang: Lang): (string | number | boolean)[] {
  const row: CellValue[] = new Array(f.headers.length).fill('');
  f.schema.columns.forEach((c, ci) => {
    const i = f.columnIndex[ci];
    if (i < 0) return;
    if (c.type === 'computed') row[i] = null;
    else if (c.key in values) row[i] = values[c.key];
  });
  const safe = safeRow(row);
  f.schema.columns.forEach((c, ci) => {
    const i = f.columnIndex[ci];
    if (i >= 0 && c.type === 'computed') safe[i] = columnFormula(f.schema, c, lang);
    // Text stays text even where the cell is not formatted "@" (rows beyond set-up's, older
    // workbooks): Excel's leading apostrophe keeps "3/4" from becoming a date and "50%" a number.
    const v = values[c.key];
    if (i >= 0 && (c.type === 'text' || c.type === 'person') && typeof v === 'string' && v !== '') safe[i] = `'${v}`;
  });
  return safe;
}

/**
 * Writes rows after the last used row (a user's own columns count), filling trailing blank rows first,
 * then growing the table. In existing rows only our columns are written, so a user's own column in our
 * table keeps what it holds.
 */
export function appendRows(
  context: Excel.RequestContext,
  f: FoundTable,
  rows: (string | number | boolean)[][],
): number {
  const start = f.lastUsed + 1;
  const free = Math.max(0, f.rowCount - start);
  const table = context.workbook.tables.getItem(f.name);
  const ws = context.workbook.worksheets.getItem(f.sheet);
  const inPlace = rows.slice(0, free);
  if (inPlace.length)
    for (const [c0, c1] of ourRuns(f))
      ws.getRangeByIndexes(f.row + 1 + start, f.col + c0, inPlace.length, c1 - c0 + 1).values = inPlace.map((r) =>
        r.slice(c0, c1 + 1),
      );
  const rest = rows.slice(free);
  if (rest.length) table.rows.add(undefined, rest);
  return start;
}

/** Runs of adjacent table columns that are ours (by header), as [first, last] indexes into the table. */
function ourRuns(f: FoundTable): [number, number][] {
  const ours = [...f.columnIndex].filter((i) => i >= 0).sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const i of ours) {
    const last = runs[runs.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  }
  return runs;
}

const INPUT_TABLES: TableName[] = [
  'Projects',
  'SalesPlan',
  'TaskBook',
  'Adjustments',
  'Terminations',
  'Summaries',
  'MonthlyReports',
  'WarRoom',
  'People',
];

/** Fills a set-up workbook with the sample pipeline; refuses when our tables already hold data. */
export async function loadSample(
  run: ExcelRunner,
  options: { lang?: Lang; today?: number; team?: string } = {},
): Promise<{ rows: number }> {
  return run(async (context) => {
    const names = await findTableNames(context);
    const { found } = await readTables(context, names, { formulas: false });
    const by = new Map(found.map((f) => [f.schema.name, f]));
    const missing = INPUT_TABLES.filter((t) => !by.has(t));
    if (missing.length)
      throw new UserError({
        zh: `请先在“工作簿”页点击“设置工作簿”创建工作表（缺少：${missing.map((t) => TABLE_BY_NAME[t].sheet.zh).join('、')}）。`,
        en: `Set up the workbook first (missing tables: ${missing.join(', ')}).`,
      });
    const full = INPUT_TABLES.filter((t) => by.get(t)!.nonBlank.length > 0);
    if (full.length)
      throw new UserError({
        zh: `表格中已有数据（${full.join('、')}），为避免覆盖，不能载入示例。请在新的工作簿中载入示例。`,
        en: `The tables already hold data (${full.join(', ')}); the sample is only loaded into empty tables so nothing is overwritten. Load it into a new workbook.`,
      });
    // The sample speaks the workbook's language, whatever the pane's.
    const lang = langOf(by.get('Projects')!);
    const base = samplePipeline(lang, options.today ?? todaySerial());
    const sample = options.team ? sampleForTeam(base, options.team) : base;
    context.application.suspendApiCalculationUntilNextSync();
    let total = 0;
    const dress: Step[] = [];
    const startOf = new Map<TableName, number>();
    for (const t of INPUT_TABLES) {
      const f = by.get(t)!;
      const values = sample.rows[t] ?? [];
      if (!values.length) continue;
      const rows = values.map((v) => liveRow(f, v, lang));
      const start = appendRows(context, f, rows);
      startOf.set(t, start);
      total += rows.length;
      const count = Math.max(f.rowCount, start + rows.length);
      dress.push(...redress(context, f, count, lang));
    }
    for (const o of sample.overwrites) {
      const f = by.get(o.table)!;
      const ci = f.schema.columns.findIndex((c) => c.key === o.column);
      const col = f.columnIndex[ci];
      if (col >= 0)
        context.workbook.worksheets
          .getItem(f.sheet)
          .getRangeByIndexes(f.row + 1 + (startOf.get(o.table) ?? 0) + o.row, f.col + col, 1, 1).values = [
          [o.value as number],
        ];
    }
    await runSteps(context, dress);
    await context.sync();
    return { rows: total };
  });
}

/** Formats, validation and conditional formats over the table's whole body after it grew. */
function redress(context: Excel.RequestContext, f: FoundTable, rows: number, lang: Lang): Step[] {
  const ws = context.workbook.worksheets.getItem(f.sheet);
  const colOf = (key: string): number => {
    const i = f.columnIndex[f.schema.columns.findIndex((c) => c.key === key)];
    return i >= 0 ? f.col + i : -1;
  };
  const body: BodyPosition = { sheet: ws, firstRow: f.row + 1, rows, colOf };
  // The rows carry their formulas already; number formats, validation and conditional formats cover the body.
  const steps = dressColumns(body, f.schema, lang, { formulas: false, formats: false });
  for (const key of formattedColumns(f.schema)) {
    const c = colOf(key);
    if (c < 0) continue;
    steps.push(
      step(() => columnRange(body, c).conditionalFormats.clearAll()),
      ...writeConditionalFormats(body, f.schema, key),
    );
  }
  return steps;
}

export type FormTable = 'Adjustments' | 'Terminations' | 'Summaries';

/**
 * Adds one prefilled row to a table (after its last used row) and selects it. Text that looks like a
 * formula is written as text.
 */
export async function addPrefilledRow(
  run: ExcelRunner,
  table: FormTable,
  values: Record<string, CellValue>,
): Promise<string> {
  return run(async (context) => {
    const names = await findTableNames(context);
    const { found } = await readTables(context, names, { formulas: false }, [table, 'Projects']);
    const f = found.find((x) => x.schema.name === table);
    if (!f)
      throw new UserError({
        zh: `找不到“${TABLE_BY_NAME[table].sheet.zh}”工作表中的表格，请先在“工作簿”页点击“设置工作簿”。`,
        en: `Table ${table} is missing; set up the workbook first.`,
      });
    const lang = langOf(f);
    const row = liveRow(f, values, lang);
    const start = appendRows(context, f, [row]);
    const address = sheetCell(f.sheet, f.row + 1 + start, f.col);
    const ws = context.workbook.worksheets.getItem(f.sheet);
    ws.activate();
    ws.getRangeByIndexes(f.row + 1 + start, f.col, 1, f.headers.length).select();
    await context.sync();
    return address;
  });
}

/** The project of the row the user has selected in one of our tables. */
export async function projectAtSelection(
  run: ExcelRunner,
): Promise<{ table: TableName; projectId: string; row: number; address: string } | null> {
  return run(async (context) => {
    const selected = context.workbook.getSelectedRange().load('address');
    const names = await findTableNames(context);
    const { sheet, range } = splitAddress(selected.address);
    const at = parseCell(range.split(':')[0]);
    if (!at || !sheet) return null;
    const { row: row0, col: col0 } = at;
    const candidates: { schema: TableSchema; header: Excel.Range; body: Excel.Range }[] = [];
    for (const schema of Object.values(TABLE_BY_NAME)) {
      if (!schema.columns.some((c) => c.key === 'projectId') || !names.has(schema.name.toLowerCase())) continue;
      const t = context.workbook.tables.getItem(names.get(schema.name.toLowerCase())!);
      candidates.push({
        schema,
        header: t.getHeaderRowRange().load('address,values'),
        body: t.getDataBodyRange().load('address,rowCount'),
      });
    }
    await context.sync();
    // Tables never overlap, so at most one holds the selected cell: find it, then read its ID (one more trip).
    const hit = candidates
      .map((c) => {
        const h = splitAddress(c.header.address);
        const [first, last] = h.range.split(':');
        const tl = parseCell(first);
        const br = parseCell(last ?? first);
        if (h.sheet !== sheet || !tl || !br) return null;
        const idx = row0 - tl.row - 1;
        if (col0 < tl.col || col0 > br.col || idx < 0 || idx >= c.body.rowCount) return null;
        const idColumn = c.schema.columns.find((k) => k.key === 'projectId')!;
        const idCol = (c.header.values[0] as CellValue[]).findIndex((x) => headerMatches(idColumn, x) !== null);
        return idCol < 0 ? null : { c, idx, col: tl.col + idCol };
      })
      .find((x) => x !== null);
    if (!hit) return null;
    const cell = context.workbook.worksheets.getItem(sheet).getRangeByIndexes(row0, hit.col, 1, 1).load('values');
    await context.sync();
    const id = cell.values[0][0];
    if (id === '' || id === null) return null;
    return { table: hit.c.schema.name, projectId: String(id), row: hit.idx, address: selected.address };
  });
}
