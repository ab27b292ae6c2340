import { Lang, Text } from '../engine/i18n';
import { NUMBER_FORMATS } from '../engine/layout';
import { DASHBOARD_SHEET, Rollup, ROLLUP_TABLES, RollupColumn, RollupTableSchema } from '../engine/rollup';
import { CellValue } from '../engine/values';
import { jsonBytes, PAYLOAD_BUDGET } from './read';
import { safeRow } from './cells';
import { ExcelRunner } from './types';

/** The dashboard's chart data: small tables on the dashboard sheet, each feeding one native chart. */
const CHART_TABLES: readonly (RollupTableSchema & {
  chart: { name: string; type: string; title: Text; columns: number };
})[] = [
  {
    name: 'RollupChartStage',
    sheet: DASHBOARD_SHEET,
    title: { zh: '进行中项目预计合同额（按阶段、等级）', en: 'Active pipeline value by stage and grade' },
    columns: [
      { key: 'stage', header: { zh: '阶段', en: 'Stage' }, format: 'text', width: 14 },
      { key: 'A', header: { zh: 'A 级', en: 'Grade A' }, format: 'money', width: 14 },
      { key: 'B', header: { zh: 'B 级', en: 'Grade B' }, format: 'money', width: 14 },
      { key: 'C', header: { zh: 'C 级', en: 'Grade C' }, format: 'money', width: 14 },
      { key: 'D', header: { zh: 'D 级', en: 'Grade D' }, format: 'money', width: 14 },
      { key: 'none', header: { zh: '未分级', en: 'Ungraded' }, format: 'money', width: 14 },
    ],
    chart: {
      name: 'PP_PipelineByStage',
      type: 'ColumnStacked',
      title: { zh: '进行中项目预计合同额（按阶段、等级）', en: 'Active pipeline value by stage, by grade' },
      columns: 6,
    },
  },
  {
    name: 'RollupChartCost',
    sheet: DASHBOARD_SHEET,
    title: { zh: '各团队当前计划费用与实际费用', en: 'Current plan vs actual cost by team' },
    columns: [
      { key: 'team', header: { zh: '团队', en: 'Team' }, format: 'text', width: 16 },
      { key: 'currentPlan', header: { zh: '当前计划费用', en: 'Current Plan' }, format: 'money', width: 16 },
      { key: 'actualCost', header: { zh: '实际费用', en: 'Actual Cost' }, format: 'money', width: 16 },
    ],
    chart: {
      name: 'PP_CostByTeam',
      type: 'ColumnClustered',
      title: { zh: '各团队当前计划费用与实际费用', en: 'Current plan vs actual cost by team' },
      columns: 3,
    },
  },
  {
    name: 'RollupChartEscalations',
    sheet: DASHBOARD_SHEET,
    title: { zh: '各团队升级项目数', en: 'Escalations by team' },
    columns: [
      { key: 'team', header: { zh: '团队', en: 'Team' }, format: 'text', width: 16 },
      { key: 'leadership', header: { zh: '企业领导审批', en: 'Leadership' }, format: 'int', width: 14 },
      { key: 'adjustment', header: { zh: '需调整', en: 'Adjustment' }, format: 'int', width: 14 },
    ],
    chart: {
      name: 'PP_EscalationsByTeam',
      type: 'ColumnClustered',
      title: { zh: '各团队升级项目数（企业领导审批 / 需调整）', en: 'Escalations by team (Leadership / Adjustment)' },
      columns: 3,
    },
  },
];

/** Rows of the dashboard's chart tables, in the director's language. */
export function chartRows(r: Rollup, lang: Lang): Record<string, CellValue[][]> {
  const stage = r.charts.byStage;
  return {
    RollupChartStage: stage.stages.map((s, i) => [s[lang], ...[0, 1, 2, 3, 4].map((g) => stage.values[i][g] ?? 0)]),
    RollupChartCost: r.charts.byTeam.map((t) => [t.team, t.currentPlan, t.actualCost]),
    RollupChartEscalations: r.charts.byTeam.map((t) => [t.team, t.leadership, t.adjustment]),
  };
}

const formatOf = (c: RollupColumn): string => NUMBER_FORMATS[c.format ?? 'text'];

interface Placement {
  schema: RollupTableSchema;
  rows: CellValue[][];
  /** Existing table of that name, if any. */
  existing: Excel.Table | null;
}

export interface RollupWriteResult {
  sheets: string[];
  /** Where each table's header row is (0-based), to lead from the pane to a row. */
  at: Record<string, { sheet: string; row: number; col: number }>;
  /** Round trips used (for tests and the bench). */
  syncs: number;
}

/**
 * Writes (or rewrites in place) the roll-up's tables and the dashboard with its three native charts.
 * A table that exists is resized and refilled where it is, so a director's notes around it stay; new
 * ones go on new sheets. Round trips: two to look, one per 4 MB of values, one to finish.
 */
export async function writeRollup(run: ExcelRunner, rollup: Rollup, lang: Lang): Promise<RollupWriteResult> {
  const dataRows = { ...rollup.rows, ...chartRows(rollup, lang) };
  return run(async (context) => {
    let syncs = 0;
    const sync = async (): Promise<void> => {
      syncs++;
      await context.sync();
    };
    const wb = context.workbook;
    const sheets = wb.worksheets.load('items/name');
    const tables = wb.tables.load('items/name');
    await sync();

    const taken = new Set(sheets.items.map((s) => s.name.toLowerCase()));
    const written: string[] = [];
    const at: RollupWriteResult['at'] = {};
    let lastNew = '';
    const newSheet = (base: string): Excel.Worksheet => {
      let name = base;
      for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${base} (${k})`;
      taken.add(name.toLowerCase());
      written.push(name);
      lastNew = name;
      return wb.worksheets.add(name);
    };
    const all: RollupTableSchema[] = [...ROLLUP_TABLES, ...CHART_TABLES];
    const byName = new Map(tables.items.map((t) => [t.name.toLowerCase(), t]));
    const placements: Placement[] = all.map((schema) => ({
      schema,
      rows: dataRows[schema.name] ?? [],
      existing: byName.get(schema.name.toLowerCase()) ?? null,
    }));

    // Existing tables: their size and sheet, to refill them in place.
    const found = placements
      .filter((p) => p.existing)
      .map((p) => ({
        p,
        rows: p.existing!.rows.load('count'),
        first: p.existing!.getDataBodyRange().getRow(0).load('values'),
        sheet: p.existing!.worksheet.load('name'),
        header: p.existing!.getHeaderRowRange().load('rowIndex,columnIndex'),
      }));
    const dashboard = { sheet: null as Excel.Worksheet | null, name: '' };
    await sync();

    let pending = 0;
    const flushIfBig = async (bytes: number): Promise<void> => {
      if (pending + bytes > PAYLOAD_BUDGET && pending > 0) {
        await sync();
        pending = 0;
      }
      pending += bytes;
    };
    /**
     * A table body in pieces of rows that each fit a request with their number formats (10,000 projects
     * of 50 columns are ~9 MB), each piece written by `write(first, rows)` once its bytes are counted.
     */
    type Row = (string | number | boolean)[];
    const inPieces = async (
      body: Row[],
      formats: readonly string[],
      write: (first: number, rows: Row[]) => void,
    ): Promise<void> => {
      const perRowFormats = jsonBytes(formats.map((f) => [f]));
      let first = 0;
      while (first < body.length) {
        let bytes = 0;
        let end = first;
        while (end < body.length) {
          const b = jsonBytes(body[end]) + perRowFormats;
          if (end > first && bytes + b > PAYLOAD_BUDGET / 2) break;
          bytes += b;
          end++;
        }
        await flushIfBig(bytes);
        write(first, body.slice(first, end));
        first = end;
      }
    };

    // Chart tables share the dashboard sheet: side by side from column A, two columns apart.
    let dashCol = 0;
    for (const p of placements) {
      const { schema } = p;
      const width = schema.columns.length;
      const header = schema.columns.map((col) => col.header[lang]);
      const body = p.rows.length
        ? p.rows.map((r) => safeRow(r))
        : [schema.columns.map(() => '' as string | number | boolean)];
      const isChart = CHART_TABLES.includes(schema as (typeof CHART_TABLES)[number]);
      const f = found.find((x) => x.p === p);
      const formats = schema.columns.map(formatOf);
      let ws: Excel.Worksheet;
      if (f) {
        const table = p.existing!;
        ws = wb.worksheets.getItem(f.sheet.name);
        // A table left with one empty row takes new rows into that row (as Excel does for its placeholder).
        const placeholder = f.rows.count === 1 && f.first.values[0].every((v) => v === '' || v === null);
        const have = placeholder ? 0 : f.rows.count;
        const want = body.length;
        const kept = Math.min(have, want);
        table.getHeaderRowRange().values = [header];
        // Surplus rows leave from the bottom of the table; cells beside it do not move.
        if (want < have)
          table
            .getDataBodyRange()
            .getRow(want)
            .getResizedRange(have - want - 1, 0)
            .delete('Up');
        await inPieces(body, formats, (first, rows) => {
          const n = rows.length;
          const kept0 = Math.min(n, Math.max(0, kept - first));
          if (kept0 > 0)
            table
              .getDataBodyRange()
              .getRow(first)
              .getResizedRange(kept0 - 1, 0).values = rows.slice(0, kept0);
          if (kept0 < n) table.rows.add(undefined, rows.slice(kept0));
          const at = table
            .getDataBodyRange()
            .getRow(first)
            .getResizedRange(n - 1, 0);
          formats.forEach((nf, i) => {
            at.getColumn(i).numberFormat = rows.map(() => [nf]);
          });
        });
        if (isChart) dashboard.sheet = ws;
        written.push(f.sheet.name);
        at[schema.name] = { sheet: f.sheet.name, row: f.header.rowIndex, col: f.header.columnIndex };
      } else {
        let sheetName: string;
        if (isChart) {
          if (!dashboard.sheet) {
            dashboard.sheet = newSheet(DASHBOARD_SHEET[lang]);
            dashboard.name = lastNew;
          }
          ws = dashboard.sheet;
          sheetName = dashboard.name;
        } else {
          ws = newSheet(schema.sheet[lang]);
          sheetName = lastNew;
        }
        const top = 2;
        const left = isChart ? dashCol : 0;
        if (isChart) dashCol += width + 1;
        at[schema.name] = { sheet: sheetName, row: top, col: left };
        ws.getRangeByIndexes(top - 2, left, 1, 1).values = [[schema.title[lang]]];
        ws.getRangeByIndexes(top - 2, left, 1, 1).format.font.bold = true;
        const range = ws.getRangeByIndexes(top, left, 1 + body.length, width);
        ws.getRangeByIndexes(top, left, 1, width).values = [header];
        // A new sheet's cells are General already: only the other formats are sent, one range per run of
        // adjacent formatted columns (a roll-up's money and date columns mostly sit together).
        const runs: { i: number; nfs: string[] }[] = [];
        formats.forEach((nf, i) => {
          if (nf === NUMBER_FORMATS.text) return;
          const last = runs[runs.length - 1];
          if (last && last.i + last.nfs.length === i) last.nfs.push(nf);
          else runs.push({ i, nfs: [nf] });
        });
        await inPieces(
          body,
          runs.flatMap((x) => x.nfs),
          (first, rows) => {
            ws.getRangeByIndexes(top + 1 + first, left, rows.length, width).values = rows;
            for (const { i, nfs } of runs)
              ws.getRangeByIndexes(top + 1 + first, left + i, rows.length, nfs.length).numberFormat = rows.map(
                () => nfs,
              );
          },
        );
        const table = ws.tables.add(range, true);
        table.name = schema.name;
        table.style = isChart ? 'TableStyleLight9' : 'TableStyleMedium2';
        schema.columns.forEach((col, i) => {
          if (col.width) ws.getRangeByIndexes(0, left + i, 1, 1).getEntireColumn().format.columnWidth = col.width * 7;
        });
        if (!isChart) ws.freezePanes.freezeRows(top + 1);
      }
    }

    // The charts are ours: replace them so they follow the refilled tables.
    const dash = dashboard.sheet!;
    const charts = CHART_TABLES.map((t) => ({ t, old: dash.charts.getItemOrNullObject(t.chart.name) }));
    await sync();
    let row = 2 + Math.max(...CHART_TABLES.map((t) => Math.max(1, (dataRows[t.name] ?? []).length))) + 3;
    for (const { t, old } of charts) {
      if (!old.isNullObject) old.delete();
      const source = dash.tables.getItem(t.name).getRange();
      const chart = dash.charts.add(t.chart.type as Excel.ChartType, source, Excel.ChartSeriesBy.columns);
      chart.name = t.chart.name;
      chart.title.text = t.chart.title[lang];
      chart.setPosition(dash.getRangeByIndexes(row, 0, 1, 1), dash.getRangeByIndexes(row + 17, 8, 1, 1));
      row += 20;
    }
    dash.activate();
    await sync();
    return { sheets: [...new Set(written)], at, syncs };
  });
}
