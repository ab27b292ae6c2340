import { parseCell, sheetCell, splitAddress } from '../engine/address';
import { columnFormula, normalizeFormula } from '../engine/formulas';
import { Lang } from '../engine/i18n';
import {
  absoluteCell,
  absoluteRange,
  LIST_TITLES,
  listName,
  listsSheetColumns,
  MARKET_LIST_ROWS,
  PEOPLE_LIST_ROWS,
  SheetPlan,
  SHEETS,
} from '../engine/layout';
import { POLICY, policyName } from '../engine/policy';
import { ListName } from '../engine/lists';
import { DEFAULT_MARKETS, TABLE_BY_NAME, TableName, TableSchema } from '../engine/schema';
import { CellValue } from '../engine/values';
import {
  BodyPosition,
  dressColumns,
  formattedColumns,
  writeConditionalFormats,
  writeFormula,
  writeNumberFormat,
  writeValidation,
} from './decor';
import { columnCovered, FoundTable, inAreas, parseAreas, readTables } from './read';
import { arrayBytes, columnSteps, runSteps, Step, step } from './steps';
import { ExcelRunner, SetupOptions, SetupResult } from './types';
import { STATE_SHEET } from './highlight';

/** The table holding the dropdown lists; ours because of its name, wherever it is. */
export const LISTS_TABLE = 'PipelineLists';

const TABLE_STYLE = 'TableStyleMedium2';
const POLICY_FORMATS: Record<string, string> = {
  money: '#,##0',
  ratio: '0%',
  number: '0.00',
  days: '0',
  rank: '0',
  date: 'yyyy-mm-dd',
  text: '@',
};
const SETTINGS_STYLE = 'TableStyleLight9';
/** Excel column width is in points; a character of the default font is about 7 points wide. */
const POINTS_PER_CHAR = 7;

interface Placed {
  schema: TableSchema;
  sheet: string;
  row: number;
  col: number;
  /** Sheet column of each schema column. */
  colOf: (key: string) => number;
}

const normName = (f: string): string => f.replace(/^=/, '').replace(/'/g, '').replace(/\s+/g, '').toLowerCase();

function initialRows(schema: TableSchema, lang: Lang): CellValue[][] {
  if (schema.name === 'Policy') return POLICY.map((p) => [p.key, p.default ?? '', p.description[lang]]);
  if (schema.name === 'Markets') return DEFAULT_MARKETS.map((m) => [m[lang], m.weight]);
  return [];
}

/**
 * Creates what is missing of the layout and repairs what is broken: find the tables, read them, then
 * write in an order Excel accepts — every sheet, table, column and row first, then the defined names,
 * then what refers to them (formulas naming other tables, validation lists naming the names, formats).
 * Excel refuses a structured reference to a table or column that does not exist yet, and does not roll
 * back a batch that fails half-way. Nothing is placed over a cell that holds anything: a missing table
 * goes on a new sheet, or to the right of what is on its sheet. It never changes a cell a user typed,
 * nor a sheet or table of the user's, nor the visibility of a sheet that exists.
 */
export async function setUp(run: ExcelRunner, options: SetupOptions): Promise<SetupResult> {
  const { lang } = options;
  return run(async (context) => {
    const wb = context.workbook;
    const sheets = wb.worksheets.load('items/name,items/visibility');
    const tables = wb.tables.load('items/name');
    const names = wb.names.load('items/name,items/formula');
    await context.sync();

    const tableNames = new Map(tables.items.map((t) => [t.name.toLowerCase(), t.name]));
    const sheetNames = new Set(sheets.items.map((s) => s.name.toLowerCase()));
    const nameFormulas = new Map(names.items.map((n) => [n.name.toLowerCase(), n.formula]));
    const has = (table: string): boolean => tableNames.has(table.toLowerCase());

    let listsHeader: Excel.Range | null = null;
    let found: FoundTable[] = [];
    // Where a sheet of ours lost a table: what is on the sheet, and whether the table's own place is empty.
    const usedOf = new Map<SheetPlan['key'], Excel.Range>();
    const placeOf = new Map<TableName, Excel.Range>();
    // A visible sheet named like one of ours that holds none of our tables is used again if the places
    // of its tables are empty (a table the user deleted comes back where it was).
    const visible = new Map(
      sheets.items
        .filter((x) => x.visibility === Excel.SheetVisibility.visible)
        .map((x) => [x.name.toLowerCase(), x.name]),
    );
    const reuseOf = new Map<SheetPlan['key'], { sheet: string; places: Excel.Range[] }>();
    const listsCols = listsSheetColumns(lang);
    const queueLoads = (): void => {
      if (has(LISTS_TABLE))
        listsHeader = wb.tables
          .getItem(tableNames.get(LISTS_TABLE.toLowerCase())!)
          .getHeaderRowRange()
          .load('address,values');
      for (const plan of SHEETS) {
        const present = plan.tables.find((t) => has(t.table));
        const ours = plan.key === 'lists' ? has(LISTS_TABLE) : !!present;
        const sheet = visible.get(plan.name[lang].toLowerCase());
        if (!ours && sheet) {
          const ws = wb.worksheets.getItem(sheet);
          const rects =
            plan.key === 'lists'
              ? [
                  {
                    row: 0,
                    col: 0,
                    height: 1 + Math.max(...listsCols.map((c) => c.values.length)),
                    width: listsCols.length,
                  },
                ]
              : plan.tables.map((t) => ({
                  row: t.row,
                  col: t.col,
                  height: placeHeight(t.table, lang),
                  width: TABLE_BY_NAME[t.table].columns.length,
                }));
          reuseOf.set(plan.key, {
            sheet,
            places: rects.map((r) =>
              ws.getRangeByIndexes(r.row, r.col, r.height, r.width).getUsedRangeOrNullObject(false).load('address'),
            ),
          });
        }
        if (!present || plan.tables.every((t) => has(t.table))) continue;
        const ws = wb.tables.getItem(tableNames.get(present.table.toLowerCase())!).worksheet;
        usedOf.set(plan.key, ws.getUsedRange(false).load('address'));
        for (const t of plan.tables.filter((x) => !has(x.table))) {
          placeOf.set(
            t.table,
            ws
              .getRangeByIndexes(t.row, t.col, placeHeight(t.table, lang), TABLE_BY_NAME[t.table].columns.length)
              .getUsedRangeOrNullObject(false)
              .load('address'),
          );
        }
      }
    };
    const reusable = (key: SheetPlan['key']): string | null => {
      const r = reuseOf.get(key);
      return r && r.places.every((x) => x.isNullObject) ? r.sheet : null;
    };
    const anyOurs = [LISTS_TABLE, ...Object.keys(TABLE_BY_NAME)].some(has);
    let policyRows: CellValue[][] = [];
    if (anyOurs) {
      const res = await readTables(context, tableNames, { formulas: true, formats: true, alsoLoad: queueLoads });
      found = res.found;
      policyRows = res.snapshot.tables.Policy?.rows ?? [];
    } else {
      queueLoads();
      if (reuseOf.size > 0) await context.sync();
    }
    const foundBy = new Map(found.map((f) => [f.schema.name, f]));

    const result: SetupResult = {
      created: [],
      repaired: [],
      overwrittenFormulas: [],
      restoredFormulas: 0,
      changed: false,
    };
    // The three phases, run in this order.
    const structure: Step[] = [];
    const naming: Step[] = [];
    const dress: Step[] = [];
    const sheetProxies = new Map<string, Excel.Worksheet>();
    const sheetOf = (name: string): Excel.Worksheet => {
      let ws = sheetProxies.get(name);
      if (!ws) {
        ws = wb.worksheets.getItem(name);
        sheetProxies.set(name, ws);
      }
      return ws;
    };
    const freeSheetName = (base: string): string => {
      let name = base;
      for (let k = 2; sheetNames.has(name.toLowerCase()); k++) name = `${base} (${k})`;
      sheetNames.add(name.toLowerCase());
      return name;
    };
    const newSheets: { plan: SheetPlan; name: string }[] = [];
    const placed = new Map<TableName, Placed>();
    let listsSheet: string | null = null;
    let listsAt = { row: 0, col: 0 };

    for (const plan of SHEETS) {
      if (plan.key === 'lists') {
        const h = listsHeader as Excel.Range | null;
        if (h) {
          const [sheet, a1] = splitSheetAddress(h.address);
          listsSheet = sheet;
          listsAt = a1;
        } else if ((listsSheet = reusable(plan.key)) === null) {
          listsSheet = freeSheetName(plan.name[lang]);
          newSheets.push({ plan, name: listsSheet });
        }
        continue;
      }
      const existing = plan.tables.map((t) => foundBy.get(t.table)).find((f) => f);
      let sheetName: string;
      // On a sheet of ours that lost a table, the first free column right of everything on it.
      let freeCol = -1;
      if (existing) {
        sheetName = existing.sheet;
        const used = usedOf.get(plan.key);
        freeCol = used ? parseAreas(used.address).reduce((c, a) => Math.max(c, a.c1 + 2), 0) : 0;
      } else {
        const reuse = reusable(plan.key);
        sheetName = reuse ?? freeSheetName(plan.name[lang]);
        if (!reuse) newSheets.push({ plan, name: sheetName });
      }
      for (const t of plan.tables) {
        const f = foundBy.get(t.table);
        const schema = TABLE_BY_NAME[t.table];
        if (f) {
          // Columns that are missing come back at the end of the table.
          let next = f.col + f.headers.length;
          const colOf = new Map<string, number>();
          schema.columns.forEach((c, ci) =>
            colOf.set(c.key, f.columnIndex[ci] >= 0 ? f.col + f.columnIndex[ci] : next++),
          );
          placed.set(t.table, { schema, sheet: f.sheet, row: f.row, col: f.col, colOf: (k) => colOf.get(k) ?? -1 });
        } else {
          // Its own place if nothing is there, else the free columns on the right.
          const own = placeOf.get(t.table);
          const free = freeCol < 0 || (own !== undefined && own.isNullObject);
          const at = free ? { row: t.row, col: t.col } : { row: 0, col: freeCol };
          if (!free) freeCol += schema.columns.length + 1;
          placed.set(t.table, {
            schema,
            sheet: sheetName,
            row: at.row,
            col: at.col,
            colOf: (k) => at.col + schema.columns.findIndex((c) => c.key === k),
          });
        }
      }
    }

    // New sheets and tables.
    for (const { plan, name } of newSheets) {
      structure.push(
        step(() => {
          const ws = wb.worksheets.add(name);
          sheetProxies.set(name, ws);
          if (plan.tabColor) ws.tabColor = plan.tabColor;
          if (plan.key !== 'lists' && plan.key !== 'settings') ws.freezePanes.freezeRows(1);
        }),
      );
      result.created.push(name);
    }
    // The very hidden state sheet keeps the fills that highlights replace; it comes last so that a
    // visible sheet is first. Made hidden as it is made: an existing sheet's visibility is the user's.
    if (!sheetNames.has(STATE_SHEET.toLowerCase())) {
      structure.push(
        step(() => {
          const ws = wb.worksheets.add(STATE_SHEET);
          ws.visibility = Excel.SheetVisibility.veryHidden;
        }),
      );
      result.created.push(STATE_SHEET);
    }
    // Each list's column in our lists table, found by its header in either language; a list added since
    // the table was made (MeetingDecisions, spec §8) becomes a new column at its end.
    const listOffsets = new Map<ListName, number>();
    const listOffset = (list: ListName): number => listOffsets.get(list) ?? listsCols.findIndex((c) => c.list === list);
    const existingLists = listsHeader as Excel.Range | null;
    if (existingLists) {
      const headers = ((existingLists.values[0] ?? []) as CellValue[]).map((x) =>
        String(x ?? '')
          .trim()
          .toLowerCase(),
      );
      let next = headers.length;
      for (const c of listsCols) {
        const title = LIST_TITLES[c.list];
        const at = headers.findIndex((x) => x === title.zh.toLowerCase() || x === title.en.toLowerCase());
        if (at >= 0) {
          listOffsets.set(c.list, at);
          continue;
        }
        const offset = next++;
        listOffsets.set(c.list, offset);
        const sheet = listsSheet!;
        const values = c.values.map((v) => [v]);
        structure.push(
          step(() => {
            wb.tables
              .getItem(tableNames.get(LISTS_TABLE.toLowerCase()) ?? LISTS_TABLE)
              .columns.add(undefined, undefined, c.header);
            sheetOf(sheet).getRangeByIndexes(listsAt.row + 1, listsAt.col + offset, values.length, 1).values = values;
          }, arrayBytes(values)),
        );
        result.repaired.push(`${LISTS_TABLE}.${c.header}`);
      }
    }
    if (!(listsHeader as Excel.Range | null) && listsSheet) {
      const ls = listsSheet;
      const cols = listsCols;
      const height = Math.max(...cols.map((c) => c.values.length));
      const grid: CellValue[][] = [cols.map((c) => c.header)];
      for (let r = 0; r < height; r++) grid.push(cols.map((c) => c.values[r] ?? ''));
      structure.push(
        step(() => {
          const ws = sheetOf(ls);
          const range = ws.getRangeByIndexes(0, 0, grid.length, cols.length);
          range.values = grid as unknown as string[][];
          const t = ws.tables.add(range, true);
          t.name = LISTS_TABLE;
          t.style = SETTINGS_STYLE;
          range.format.columnWidth = 16 * POINTS_PER_CHAR;
        }, arrayBytes(grid)),
      );
      result.created.push(LISTS_TABLE);
    }

    for (const [name, p] of placed) {
      const f = foundBy.get(name);
      const schema = p.schema;
      const tableLang: Lang = f
        ? f.headers.some((h) => schema.columns.some((c) => c.header.zh === h))
          ? 'zh'
          : 'en'
        : lang;
      if (!f) {
        const rows = initialRows(schema, lang);
        const headers = schema.columns.map((c) => c.header[lang]);
        // Computed cells of the initial rows get their formulas with the dress, once every table exists.
        const grid = [headers, ...rows].map((r) => headers.map((_, i) => r[i] ?? ''));
        structure.push(
          step(() => {
            const ws = sheetOf(p.sheet);
            const range = ws.getRangeByIndexes(p.row, p.col, grid.length, headers.length);
            range.values = grid as unknown as string[][];
            const t = ws.tables.add(range, true);
            t.name = schema.name;
            t.style = p.sheet === placed.get('Policy')?.sheet ? SETTINGS_STYLE : TABLE_STYLE;
          }, arrayBytes(grid)),
        );
        dress.push(
          ...dressColumns(
            lazyBody(() => sheetOf(p.sheet), p.row + 1, Math.max(1, rows.length), p.colOf),
            schema,
            lang,
          ),
        );
        dress.push(
          step(() => {
            const ws = sheetOf(p.sheet);
            schema.columns.forEach((c, i) => {
              ws.getRangeByIndexes(0, p.col + i, 1, 1).getEntireColumn().format.columnWidth =
                (c.width ?? 12) * POINTS_PER_CHAR;
            });
            ws.getRangeByIndexes(p.row, p.col, 1, headers.length).format.wrapText = true;
            if (schema.name === 'Policy') {
              // Each policy value shown as what it is: a ratio, an amount, a date.
              const formats = POLICY.map((e) => [POLICY_FORMATS[e.kind]]);
              ws.getRangeByIndexes(p.row + 1, p.colOf('value'), formats.length, 1).numberFormat = formats;
            }
          }),
        );
        result.created.push(schema.name);
        continue;
      }
      // Repair an existing table.
      const ws = (): Excel.Worksheet => sheetOf(p.sheet);
      const b = lazyBody(ws, f.row + 1, f.rowCount, p.colOf);
      const nonBlank = f.nonBlank;
      const cfCols = formattedColumns(schema);
      schema.columns.forEach((c, ci) => {
        const present = f.columnIndex[ci] >= 0;
        if (!present) {
          structure.push(
            step(
              () => void context.workbook.tables.getItem(f.name).columns.add(undefined, undefined, c.header[tableLang]),
            ),
          );
          if (c.type === 'computed') dress.push(...writeFormula(b, schema, c, tableLang));
          dress.push(...writeNumberFormat(b, c));
          if (c.type !== 'computed') dress.push(...writeValidation(b, c, tableLang));
          if (cfCols.has(c.key)) dress.push(...writeConditionalFormats(b, schema, c.key));
          result.repaired.push(`${schema.name}.${c.header[tableLang]}`);
          return;
        }
        const sheetCol = p.colOf(c.key);
        if (c.type === 'computed') {
          const overwritten: number[] = [];
          for (const r of nonBlank) if (!inAreas(f.formulaAreas, f.row + 1 + r, sheetCol)) overwritten.push(r);
          for (const r of overwritten)
            result.overwrittenFormulas.push({
              table: schema.name,
              column: c.key,
              cell: sheetCell(f.sheet, f.row + 1 + r, sheetCol),
            });
          // Formulas broken for good by a deleted table or column (#REF!), or written by an older version
          // (another formula in the first or last row), are ours: rewritten wherever a formula is; a
          // value typed over one is left alone.
          const current = normalizeFormula(columnFormula(schema, c, tableLang));
          const stale = f.edgeFormulas.some((r) => {
            const v = r[f.columnIndex[ci]];
            return typeof v === 'string' && v.startsWith('=') && normalizeFormula(v) !== current;
          });
          if (stale || f.brokenColumns.has(f.columnIndex[ci])) {
            const formula = columnFormula(schema, c, tableLang);
            for (const a of f.formulaAreas) {
              if (sheetCol < a.c0 || sheetCol > a.c1) continue;
              const r0 = Math.max(a.r0, f.row + 1);
              const r1 = Math.min(a.r1, f.row + f.rowCount);
              if (r1 >= r0)
                dress.push(
                  ...columnSteps(
                    r1 - r0 + 1,
                    formula,
                    (offset, grid) => (ws().getRangeByIndexes(r0 + offset, sheetCol, grid.length, 1).formulas = grid),
                  ),
                );
            }
            result.repaired.push(`${schema.name}.${c.header[tableLang]} formulas`);
          }
          if (options.restoreFormulas && overwritten.length > 0) {
            const formula = columnFormula(schema, c, tableLang);
            for (const r of overwritten)
              dress.push(step(() => (ws().getRangeByIndexes(f.row + 1 + r, sheetCol, 1, 1).formulas = [[formula]])));
            result.restoredFormulas += overwritten.length;
          }
        } else if (
          hasValidation(c) &&
          f.rowCount > 0 &&
          !columnCovered(f.validationAreas, sheetCol, f.row + 1, f.row + f.rowCount)
        ) {
          dress.push(...writeValidation(b, c, tableLang));
          result.repaired.push(`${schema.name}.${c.header[tableLang]} validation`);
        }
        if (
          cfCols.has(c.key) &&
          f.rowCount > 0 &&
          !columnCovered(f.formatAreas, sheetCol, f.row + 1, f.row + f.rowCount)
        ) {
          dress.push(...writeConditionalFormats(b, schema, c.key));
          result.repaired.push(`${schema.name}.${c.header[tableLang]} conditional format`);
        }
      });
      if (name === 'Policy') {
        const keyCol = f.columnIndex[0];
        const have = new Set(policyRows.map((r) => String(r[keyCol] ?? '').trim()));
        const missing = POLICY.filter((e) => !have.has(e.key));
        if (missing.length > 0 && keyCol >= 0) {
          const rows = missing.map((e) => {
            const r: CellValue[] = new Array(f.headers.length).fill('');
            r[f.columnIndex[0]] = e.key;
            if (f.columnIndex[1] >= 0) r[f.columnIndex[1]] = e.default ?? '';
            if (f.columnIndex[2] >= 0) r[f.columnIndex[2]] = e.description[tableLang];
            return r;
          });
          structure.push(
            step(
              () => void context.workbook.tables.getItem(f.name).rows.add(undefined, rows as unknown as string[][]),
              arrayBytes(rows),
            ),
          );
          result.repaired.push(`Policy: ${missing.map((m) => m.key).join(', ')}`);
          // Appended rows follow the existing ones; the names below point at them.
          for (const e of missing) {
            const r: CellValue[] = new Array(f.headers.length).fill('');
            r[keyCol] = e.key;
            policyRows.push(r);
          }
        }
      }
    }

    // Defined names: policy values by key, and the dropdown ranges.
    const wantNames = new Map<string, string>();
    const policy = placed.get('Policy')!;
    const pf = foundBy.get('Policy');
    const keyCol = pf ? pf.columnIndex[0] : 0;
    const valueCol = policy.colOf('value');
    const keyRows = pf ? policyRows.map((r) => String(r[keyCol] ?? '').trim()) : POLICY.map((p) => p.key);
    for (const e of POLICY) {
      const idx = keyRows.indexOf(e.key);
      if (idx >= 0) wantNames.set(policyName(e.key), `=${absoluteCell(policy.sheet, policy.row + 1 + idx, valueCol)}`);
    }
    if (listsSheet) {
      listsCols.forEach((c) =>
        wantNames.set(
          listName(c.list),
          `=${absoluteRange(listsSheet!, listsAt.row + 1, listsAt.col + listOffset(c.list), c.values.length)}`,
        ),
      );
    }
    const markets = placed.get('Markets')!;
    wantNames.set(
      listName('Markets'),
      `=${absoluteRange(markets.sheet, markets.row + 1, markets.colOf('market'), MARKET_LIST_ROWS)}`,
    );
    const people = placed.get('People')!;
    wantNames.set(
      listName('People'),
      `=${absoluteRange(people.sheet, people.row + 1, people.colOf('name'), PEOPLE_LIST_ROWS)}`,
    );
    for (const [n, formula] of wantNames) {
      const current = nameFormulas.get(n.toLowerCase());
      if (current !== undefined && normName(current) === normName(formula)) continue;
      if (current === undefined) naming.push(step(() => void wb.names.add(n, formula)));
      else naming.push(step(() => (wb.names.getItem(n).formula = formula)));
      result.repaired.push(`name ${n}`);
    }

    const all = [...structure, ...naming, ...dress];
    if (all.length === 0) return result;
    result.changed = true;
    if (result.created.includes(TABLE_BY_NAME.Projects.sheet[lang]) || newSheets.some((s) => s.plan.key === 'projects'))
      all.push(step(() => sheetOf(placed.get('Projects')!.sheet).activate()));
    await runSteps(context, all);
    return result;
  });
}

/** A body whose sheet proxy is made when a step runs: a sheet added in the same batch has none before. */
function lazyBody(
  sheet: () => Excel.Worksheet,
  firstRow: number,
  rows: number,
  colOf: (key: string) => number,
): BodyPosition {
  return {
    get sheet() {
      return sheet();
    },
    firstRow,
    rows,
    colOf,
  };
}

/** Rows below a table's header that a dropdown name covers (the table may grow into them). */
const reservedRows = (table: TableName): number =>
  table === 'Markets' ? MARKET_LIST_ROWS : table === 'People' ? PEOPLE_LIST_ROWS : 0;

/** The rows a new table takes (header, first rows, the rows its dropdown name covers): all must be empty. */
const placeHeight = (table: TableName, lang: Lang): number =>
  1 + Math.max(1, initialRows(TABLE_BY_NAME[table], lang).length, reservedRows(table));

const hasValidation = (c: { type: string }): boolean =>
  c.type !== 'text' && c.type !== 'computed' && c.type !== 'number';

function splitSheetAddress(address: string): [string, { row: number; col: number }] {
  const { sheet, range } = splitAddress(address);
  return [sheet ?? '', parseCell(range.split(':')[0]) ?? { row: 0, col: 0 }];
}
