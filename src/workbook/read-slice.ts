import { cellA1, parseCell, splitAddress } from '../engine/address';
import { headerMatches } from '../engine/model';
import { TABLE_BY_NAME, TableName, TableSchema } from '../engine/schema';
import { WorkbookSnapshot } from '../engine/snapshot';
import { CellValue } from '../engine/values';
import { FoundTable, PAYLOAD_BUDGET, parseAreas, readTables, Rect } from './read';

/**
 * Reads that stay small in a big workbook: operations that touch one project or two columns need not
 * read every table whole. Each read here takes a fixed number of round trips whatever the row count.
 */

/** A row the slice did not read: blank to the engine, so every row keeps its own index (and address). */
const UNREAD: readonly CellValue[] = Object.freeze([]);

interface Located {
  schema: TableSchema;
  name: string;
  table: Excel.Table;
  header: Excel.Range;
  body: Excel.Range;
}

/** Queues the loads that tell where a table is and what its columns are (read after the next sync). */
function locate(context: Excel.RequestContext, schema: TableSchema, name: string): Located {
  const table = context.workbook.tables.getItem(name);
  const header = table.getHeaderRowRange().load('values,address');
  const body = table.getDataBodyRange().load('rowCount,address');
  return { schema, name, table, header, body };
}

function foundOf(l: Located): FoundTable {
  const { sheet, range } = splitAddress(l.header.address);
  const top = parseCell(range.split(':')[0]) ?? { row: 0, col: 0 };
  const headers = l.header.values[0] as CellValue[];
  return {
    schema: l.schema,
    name: l.name,
    sheet: sheet ?? '',
    row: top.row,
    col: top.col,
    headers,
    rowCount: l.body.rowCount,
    columnIndex: l.schema.columns.map((c) => headers.findIndex((h) => headerMatches(c, h) !== null)),
    formulaAreas: [],
    validationAreas: [],
    formatAreas: [],
    nonBlank: [],
    lastUsed: -1,
    brokenColumns: new Set<number>(),
    edgeFormulas: [],
  };
}

const colOf = (f: FoundTable, key: string): number =>
  f.columnIndex[f.schema.columns.findIndex((c) => c.key === key)] ?? -1;

/**
 * Queues Range.getUsedRange(valuesOnly) over each run of the table's columns that are not computed (a
 * user's own columns count): after the sync, the function sets `f.lastUsed` as a full read would.
 */
function queueLastUsed(context: Excel.RequestContext, f: FoundTable): () => void {
  if (f.rowCount === 0) return () => undefined;
  const computed = new Set(
    f.schema.columns.map((c, ci) => (c.type === 'computed' ? f.columnIndex[ci] : -1)).filter((i) => i >= 0),
  );
  const runs: [number, number][] = [];
  for (let c = 0; c < f.headers.length; c++) {
    if (computed.has(c)) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === c - 1) last[1] = c;
    else runs.push([c, c]);
  }
  const ws = context.workbook.worksheets.getItem(f.sheet);
  const used = runs.map(([c0, c1]) =>
    ws
      .getRangeByIndexes(f.row + 1, f.col + c0, f.rowCount, c1 - c0 + 1)
      .getUsedRangeOrNullObject(true)
      .load('address'),
  );
  return () => {
    for (const u of used) {
      if (u.isNullObject) continue;
      for (const r of parseAreas(u.address)) f.lastUsed = Math.max(f.lastUsed, r.r1 - f.row - 1);
    }
  };
}

const tablesWithProjectId = (names: Map<string, string>): TableSchema[] =>
  Object.values(TABLE_BY_NAME).filter(
    (s) => names.has(s.name.toLowerCase()) && s.columns.some((c) => c.key === 'projectId'),
  );

/**
 * What one project's analysis needs: the tables without a Project ID column whole (Policy, Markets,
 * People: small), and of the others only the rows whose Project ID cell is this project's
 * (Worksheet.findAll, complete and case-insensitive, as the engine matches IDs). Rows not read are blank,
 * so addresses stay right. The last used row of `appendTo` tables is found for appending. Three round
 * trips after the table names: locate and find, read the rows.
 */
export async function readProjectSlice(
  context: Excel.RequestContext,
  names: Map<string, string>,
  projectId: string,
  appendTo: readonly TableName[] = [],
): Promise<{ snapshot: WorkbookSnapshot; found: FoundTable[] }> {
  const id = projectId.trim();
  const sliced = tablesWithProjectId(names);
  const whole = Object.values(TABLE_BY_NAME)
    .filter((s) => !sliced.includes(s))
    .map((s) => s.name);
  let queued: (Located & { hits: Excel.RangeAreas | null })[] = [];
  const read = await readTables(
    context,
    names,
    {
      formulas: false,
      alsoLoad: () => {
        queued = sliced.map((schema) => {
          const l = locate(context, schema, names.get(schema.name.toLowerCase())!);
          const hits = id
            ? l.table.worksheet.findAllOrNullObject(id, { completeMatch: true, matchCase: false }).load('address')
            : null;
          return { ...l, hits };
        });
      },
    },
    whole,
  );

  const pending: (() => void)[] = [];
  const found = queued.map((q) => {
    const f = foundOf(q);
    const idCol = colOf(f, 'projectId');
    const rows: CellValue[][] = new Array(f.rowCount).fill(UNREAD);
    const firstRow = f.row + 1;
    const runs: Rect[] =
      !q.hits || q.hits.isNullObject || idCol < 0
        ? []
        : parseAreas(q.hits.address)
            .filter((r) => r.c0 <= f.col + idCol && r.c1 >= f.col + idCol)
            .map((r) => ({ ...r, r0: Math.max(r.r0, firstRow), r1: Math.min(r.r1, firstRow + f.rowCount - 1) }))
            .filter((r) => r.r0 <= r.r1);
    const ranges = runs.map((r) => ({
      at: r.r0 - firstRow,
      range: q.body
        .getRow(r.r0 - firstRow)
        .getResizedRange(r.r1 - r.r0, 0)
        .load('values'),
    }));
    pending.push(() => {
      for (const { at, range } of ranges)
        (range.values as CellValue[][]).forEach((v, i) => {
          rows[at + i] = v;
          f.nonBlank.push(at + i);
        });
    });
    if (appendTo.includes(f.schema.name)) pending.push(queueLastUsed(context, f));
    read.snapshot.tables[f.schema.name] = {
      name: f.name,
      sheet: f.sheet,
      topLeft: cellA1(f.row, f.col),
      headers: f.headers,
      rows,
    };
    return f;
  });
  await context.sync();
  for (const done of pending) done();
  return { snapshot: read.snapshot, found: [...read.found, ...found] };
}

/**
 * Some columns of one table (by schema key), every row, with the table's last used row: two round trips
 * after the table names while the columns fit the payload budget, one more per further chunk.
 */
export async function readColumns(
  context: Excel.RequestContext,
  names: Map<string, string>,
  tableName: TableName,
  keys: readonly string[],
): Promise<{ f: FoundTable; columns: Record<string, CellValue[]> } | null> {
  const name = names.get(tableName.toLowerCase());
  if (!name) return null;
  const l = locate(context, TABLE_BY_NAME[tableName], name);
  await context.sync();
  const f = foundOf(l);
  const lastUsed = queueLastUsed(context, f);
  const columns: Record<string, CellValue[]> = {};
  const wanted = keys.map((k) => ({ key: k, col: colOf(f, k) })).filter((k) => k.col >= 0);
  for (const k of keys) columns[k] = [];
  // A date or an ID takes well under 64 bytes in a response.
  const perRow = Math.max(1, wanted.length) * 64;
  const chunk = Math.max(1, Math.floor(PAYLOAD_BUDGET / perRow));
  for (let start = 0; start < f.rowCount || start === 0; start += chunk) {
    const count = Math.min(chunk, f.rowCount - start);
    const ranges =
      count > 0
        ? wanted.map((k) => ({ key: k.key, range: l.body.getCell(start, k.col).getResizedRange(count - 1, 0) }))
        : [];
    for (const r of ranges) r.range.load('values');
    await context.sync();
    for (const r of ranges) for (const [v] of r.range.values as CellValue[][]) columns[r.key].push(v);
    if (start + chunk >= f.rowCount) break;
  }
  lastUsed();
  return { f, columns };
}
