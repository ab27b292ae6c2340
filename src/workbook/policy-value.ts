import { CellValue } from '../engine/values';
import { findTableNames, readTables } from './read';
import { ExcelRunner, UserError } from './types';

/**
 * Sets one Policy value (e.g. `Team`), writing only that cell; a key the table lacks gets a row of its
 * own at the end. Two round trips and a write.
 */
export async function setPolicyValue(
  run: ExcelRunner,
  key: string,
  value: CellValue,
  description?: string,
): Promise<void> {
  await run(async (context) => {
    const names = await findTableNames(context);
    const { found } = await readTables(context, names, { formulas: false }, ['Policy']);
    const f = found.find((x) => x.schema.name === 'Policy');
    if (!f)
      throw new UserError({
        zh: '找不到政策参数表：请先点击“设置工作簿”。',
        en: 'No Policy table: set up the workbook first.',
      });
    const keyCol = f.columnIndex[f.schema.columns.findIndex((c) => c.key === 'key')];
    const valueCol = f.columnIndex[f.schema.columns.findIndex((c) => c.key === 'value')];
    const descCol = f.columnIndex[f.schema.columns.findIndex((c) => c.key === 'description')];
    if (keyCol < 0 || valueCol < 0)
      throw new UserError({
        zh: '政策参数表缺少“参数”或“取值”列。',
        en: 'The Policy table lacks its Key or Value column.',
      });
    const body = context.workbook.tables.getItem(f.name).getDataBodyRange().load('values');
    await context.sync();
    const at = body.values.findIndex(
      (r) =>
        String(r[keyCol] ?? '')
          .trim()
          .toLowerCase() === key.toLowerCase(),
    );
    const v = value === null ? '' : (value as string | number | boolean);
    if (at >= 0) {
      body.getCell(at, valueCol).values = [[v]];
    } else {
      const row: (string | number | boolean)[] = f.headers.map(() => '');
      row[keyCol] = key;
      row[valueCol] = v;
      if (descCol >= 0 && description) row[descCol] = description;
      context.workbook.tables.getItem(f.name).rows.add(undefined, [row]);
    }
    await context.sync();
  });
}
