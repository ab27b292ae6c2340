/**
 * Writes rows into the add-in's tables through the Excel API, the way loadSample does: input columns
 * get the given values, computed columns their formulas; trailing blank rows of the table are filled
 * first, then the table grows with `table.rows.add`.
 */
import { columnFormula } from '../../src/engine/formulas';
import { Lang } from '../../src/engine/i18n';
import { PolicyKey } from '../../src/engine/policy';
import { TableName } from '../../src/engine/schema';
import { CellValue } from '../../src/engine/values';
import { safeValue } from '../../src/workbook';
import { findTableNames, readTables } from '../../src/workbook/read';
import type { ExcelRunner } from '../../src/workbook';

export type RowValues = Record<string, CellValue>;

export async function fillTables(
  run: ExcelRunner,
  lang: Lang,
  rows: Partial<Record<TableName, RowValues[]>>,
  policy: Partial<Record<PolicyKey, CellValue>> = {},
): Promise<void> {
  await run(async (context) => {
    const names = await findTableNames(context);
    const { found } = await readTables(context, names, { formulas: false });
    for (const [table, values] of Object.entries(rows) as [TableName, RowValues[]][]) {
      const f = found.find((x) => x.schema.name === table);
      if (!f) throw new Error(`table ${table} not found`);
      if (!values.length) continue;
      const live = values.map((v) => {
        const row: (string | number | boolean)[] = new Array(f.headers.length).fill('');
        f.schema.columns.forEach((c, ci) => {
          const i = f.columnIndex[ci];
          if (i < 0) return;
          row[i] = c.type === 'computed' ? columnFormula(f.schema, c, lang) : safeValue(v[c.key] ?? null);
        });
        return row;
      });
      const start = f.nonBlank.length ? f.nonBlank[f.nonBlank.length - 1] + 1 : 0;
      const free = Math.max(0, f.rowCount - start);
      const inPlace = live.slice(0, free);
      const ws = context.workbook.worksheets.getItem(f.sheet);
      if (inPlace.length)
        ws.getRangeByIndexes(f.row + 1 + start, f.col, inPlace.length, f.headers.length).values = inPlace;
      const rest = live.slice(free);
      if (rest.length) context.workbook.tables.getItem(f.name).rows.add(undefined, rest);
    }
    const p = found.find((x) => x.schema.name === 'Policy');
    const keys = Object.keys(policy) as PolicyKey[];
    if (keys.length) {
      if (!p) throw new Error('Policy table not found');
      const body = context.workbook.tables.getItem(p.name).getDataBodyRange().load('values');
      await context.sync();
      const ki = p.columnIndex[0];
      const vi = p.columnIndex[1];
      const ws = context.workbook.worksheets.getItem(p.sheet);
      for (const k of keys) {
        const r = (body.values as CellValue[][]).findIndex((row) => row[ki] === k);
        if (r < 0) throw new Error(`policy ${k} not found`);
        ws.getRangeByIndexes(p.row + 1 + r, p.col + vi, 1, 1).values = [[safeValue(policy[k] ?? null)]];
      }
    }
    await context.sync();
  });
}
