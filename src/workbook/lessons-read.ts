import { cellA1 } from '../engine/address';
import { collectLessons, LessonRecord } from '../engine/lessons';
import { ROLLUP_LESSONS } from '../engine/rollup';
import { CellValue } from '../engine/values';
import { findTableNames, readTables } from './read';
import { ExcelRunner } from './types';

/**
 * The open workbook's lessons for the knowledge-base page: its Summaries with their projects, and a
 * roll-up's Lessons table when there is one. Two round trips, three with a Lessons table.
 */
export async function readLessons(run: ExcelRunner): Promise<LessonRecord[]> {
  return run(async (context) => {
    const names = await findTableNames(context);
    const { snapshot } = await readTables(context, names, { formulas: false }, ['Projects', 'Summaries', 'Policy']);
    const lessonsName = names.get(ROLLUP_LESSONS.name.toLowerCase());
    if (lessonsName) {
      const table = context.workbook.tables.getItem(lessonsName);
      const header = table.getHeaderRowRange().load('values,rowIndex,columnIndex');
      const body = table.getDataBodyRange().load('values');
      const sheet = table.worksheet.load('name');
      await context.sync();
      snapshot.tables[ROLLUP_LESSONS.name] = {
        name: lessonsName,
        sheet: sheet.name,
        topLeft: cellA1(header.rowIndex, header.columnIndex),
        headers: header.values[0] as CellValue[],
        rows: body.values as CellValue[][],
      };
    }
    return collectLessons(snapshot);
  });
}
