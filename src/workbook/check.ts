import { analyze, Analysis, AnalyzeOptions } from '../engine/analyze';
import { headerMatches } from '../engine/model';
import { TABLES } from '../engine/schema';
import { WorkbookSnapshot } from '../engine/snapshot';
import { findTableNames, readTables } from './read';
import { ExcelRunner, TableStatus, WorkbookStatus } from './types';

/** Reads every table of ours (two round trips, plus one per 4 MB beyond the first). */
export async function readSnapshot(run: ExcelRunner): Promise<WorkbookSnapshot> {
  return run(async (context) => {
    const names = await findTableNames(context);
    return (await readTables(context, names, { formulas: true })).snapshot;
  });
}

/** Reads every table and runs the engine. */
export async function checkWorkbook(run: ExcelRunner, options: AnalyzeOptions = {}): Promise<Analysis> {
  return analyze(await readSnapshot(run), options);
}

/** Which of our tables exist, are missing or broken (a column gone), for the Workbook page. */
export async function getStatus(run: ExcelRunner): Promise<WorkbookStatus> {
  return run(async (context) => {
    const names = await findTableNames(context);
    const { snapshot, found } = await readTables(context, names, { formulas: false });
    const tables: TableStatus[] = TABLES.map((schema) => {
      const f = found.find((x) => x.schema.name === schema.name);
      if (!f) return { table: schema.name, state: 'missing', sheet: null, rows: 0, problems: [] };
      const problems = schema.columns
        .filter((c) => !f.headers.some((h) => headerMatches(c, h)))
        .map((c) => ({ zh: `缺少列「${c.header.zh}」`, en: `Column "${c.header.en}" is missing` }));
      return { table: schema.name, state: problems.length ? 'broken' : 'ok', sheet: f.sheet, rows: f.nonBlank.length, problems };
    });
    const projects = snapshot.tables.Projects;
    let lang: WorkbookStatus['lang'] = null;
    if (projects) {
      const zh = TABLES[0].columns.filter((c) => projects.headers.includes(c.header.zh)).length;
      const en = TABLES[0].columns.filter((c) => projects.headers.includes(c.header.en)).length;
      lang = zh + en === 0 ? null : zh >= en ? 'zh' : 'en';
    }
    return { lang, tables, ready: tables.every((t) => t.state === 'ok') };
  });
}
