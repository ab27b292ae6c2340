import { analyze, Analysis, AnalyzeOptions } from '../engine/analyze';
import { headerMatches, matchRenamedTables } from '../engine/model';
import { CellValue } from '../engine/values';
import { TABLES } from '../engine/schema';
import { WorkbookSnapshot } from '../engine/snapshot';
import { findTableNames, readTables } from './read';
import { ExcelRunner, TableStatus, WorkbookStatus } from './types';

/** Reads every table of ours (two round trips, plus one per 4 MB beyond the first). */
export async function readSnapshot(run: ExcelRunner): Promise<WorkbookSnapshot> {
  return run(async (context) => {
    const names = await findTableNames(context);
    await findRenamedTables(context, names);
    return (await readTables(context, names, { formulas: true })).snapshot;
  });
}

/** Reads every table and runs the engine. */
export async function checkWorkbook(run: ExcelRunner, options: AnalyzeOptions = {}): Promise<Analysis> {
  return analyze(await readSnapshot(run), options);
}

/**
 * When one of our tables is missing by name, looks for it by its headers among the workbook's other
 * tables (a user renamed Projects to Table1) and reads it under our name; the check then says to
 * rename it. One round trip, only when a table is missing and the workbook has other tables.
 */
async function findRenamedTables(context: Excel.RequestContext, names: Map<string, string>): Promise<void> {
  if (TABLES.every((s) => names.has(s.name.toLowerCase()))) return;
  const ours = new Set(TABLES.map((s) => s.name.toLowerCase()));
  const others = [...names.values()].filter((n) => !ours.has(n.toLowerCase()));
  if (others.length === 0) return;
  const headers = others.map((n) => context.workbook.tables.getItem(n).getHeaderRowRange().load('values'));
  await context.sync();
  const candidates = others.map((name, i) => ({ name, headers: (headers[i].values[0] ?? []) as CellValue[] }));
  for (const name of names.values()) if (ours.has(name.toLowerCase())) candidates.push({ name, headers: [] });
  for (const [schema, actual] of matchRenamedTables(candidates)) names.set(schema.toLowerCase(), actual);
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
      return {
        table: schema.name,
        state: problems.length ? 'broken' : 'ok',
        sheet: f.sheet,
        rows: f.nonBlank.length,
        problems,
      };
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
