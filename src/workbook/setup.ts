import { parseCell, sheetCell, splitAddress } from '../engine/address';
import { columnFormula } from '../engine/formulas';
import { Lang } from '../engine/i18n';
import { absoluteCell, absoluteRange, listName, listsSheetColumns, MARKET_LIST_ROWS, PEOPLE_LIST_ROWS, SheetPlan, SHEETS } from '../engine/layout';
import { POLICY, policyName } from '../engine/policy';
import { DEFAULT_MARKETS, TABLE_BY_NAME, TableName, TableSchema } from '../engine/schema';
import { CellValue } from '../engine/values';
import { BodyPosition, dressColumns, formattedColumns, writeConditionalFormats, writeFormula, writeNumberFormat, writeValidation } from './decor';
import { columnCovered, FoundTable, inAreas, readTables } from './read';
import { ExcelRunner, SetupOptions, SetupResult } from './types';
import { STATE_SHEET } from './highlight';

/** The table holding the dropdown lists; ours because of its name, wherever it is. */
export const LISTS_TABLE = 'PipelineLists';

const TABLE_STYLE = 'TableStyleMedium2';
const POLICY_FORMATS: Record<string, string> = { money: '#,##0', ratio: '0%', number: '0.00', days: '0', rank: '0', date: 'yyyy-mm-dd' };
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
 * Creates what is missing of the layout and repairs what is broken, in three round trips: find the
 * tables, read them, write. It never changes a cell a user typed, nor a sheet or table of the user's.
 */
export async function setUp(run: ExcelRunner, options: SetupOptions): Promise<SetupResult> {
  const { lang } = options;
  return run(async (context) => {
    const wb = context.workbook;
    const sheets = wb.worksheets.load('items/name');
    const tables = wb.tables.load('items/name');
    const names = wb.names.load('items/name,items/formula');
    await context.sync();

    const tableNames = new Map(tables.items.map((t) => [t.name.toLowerCase(), t.name]));
    const sheetNames = new Set(sheets.items.map((s) => s.name.toLowerCase()));
    const nameFormulas = new Map(names.items.map((n) => [n.name.toLowerCase(), n.formula]));

    let listsHeader: Excel.Range | null = null;
    let found: FoundTable[] = [];
    const anyOurs = [LISTS_TABLE, ...Object.keys(TABLE_BY_NAME)].some((n) => tableNames.has(n.toLowerCase()));
    let policyRows: CellValue[][] = [];
    if (anyOurs) {
      const res = await readTables(context, tableNames, {
        formulas: true,
        formats: true,
        alsoLoad: () => {
          if (tableNames.has(LISTS_TABLE.toLowerCase())) listsHeader = wb.tables.getItem(tableNames.get(LISTS_TABLE.toLowerCase())!).getHeaderRowRange().load('address');
        },
      });
      found = res.found;
      policyRows = res.snapshot.tables.Policy?.rows ?? [];
    }
    const foundBy = new Map(found.map((f) => [f.schema.name, f]));

    const result: SetupResult = { created: [], repaired: [], overwrittenFormulas: [], restoredFormulas: 0, changed: false };
    const writes: (() => void)[] = [];
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
        } else {
          listsSheet = freeSheetName(plan.name[lang]);
          newSheets.push({ plan, name: listsSheet });
        }
        continue;
      }
      const existing = plan.tables.map((t) => foundBy.get(t.table)).find((f) => f);
      let sheetName: string;
      if (existing) sheetName = existing.sheet;
      else {
        sheetName = freeSheetName(plan.name[lang]);
        newSheets.push({ plan, name: sheetName });
      }
      for (const t of plan.tables) {
        const f = foundBy.get(t.table);
        const schema = TABLE_BY_NAME[t.table];
        if (f) {
          // Columns that are missing come back at the end of the table.
          let next = f.col + f.headers.length;
          const colOf = new Map<string, number>();
          schema.columns.forEach((c, ci) => colOf.set(c.key, f.columnIndex[ci] >= 0 ? f.col + f.columnIndex[ci] : next++));
          placed.set(t.table, { schema, sheet: f.sheet, row: f.row, col: f.col, colOf: (k) => colOf.get(k) ?? -1 });
        } else {
          placed.set(t.table, { schema, sheet: sheetName, row: t.row, col: t.col, colOf: (k) => t.col + schema.columns.findIndex((c) => c.key === k) });
        }
      }
    }

    // New sheets and tables.
    for (const { plan, name } of newSheets) {
      writes.push(() => {
        const ws = wb.worksheets.add(name);
        sheetProxies.set(name, ws);
        if (plan.tabColor) ws.tabColor = plan.tabColor;
        if (plan.key !== 'lists' && plan.key !== 'settings') ws.freezePanes.freezeRows(1);
      });
      result.created.push(name);
    }
    // The very hidden state sheet keeps the fills that highlights replace; it comes last so that a
    // visible sheet is first.
    if (!sheetNames.has(STATE_SHEET.toLowerCase())) {
      writes.push(() => {
        const ws = wb.worksheets.add(STATE_SHEET);
        ws.visibility = Excel.SheetVisibility.veryHidden;
      });
      result.created.push(STATE_SHEET);
    }
    if (!(listsHeader as Excel.Range | null) && listsSheet) {
      const ls = listsSheet;
      writes.push(() => {
        const cols = listsSheetColumns(lang);
        const height = Math.max(...cols.map((c) => c.values.length));
        const grid: CellValue[][] = [cols.map((c) => c.header)];
        for (let r = 0; r < height; r++) grid.push(cols.map((c) => c.values[r] ?? ''));
        const ws = sheetOf(ls);
        const range = ws.getRangeByIndexes(0, 0, grid.length, cols.length);
        range.values = grid as unknown as string[][];
        const t = ws.tables.add(range, true);
        t.name = LISTS_TABLE;
        t.style = SETTINGS_STYLE;
        range.format.columnWidth = 16 * POINTS_PER_CHAR;
      });
      result.created.push(LISTS_TABLE);
    }

    for (const [name, p] of placed) {
      const f = foundBy.get(name);
      const schema = p.schema;
      const tableLang: Lang = f ? (f.headers.some((h) => schema.columns.some((c) => c.header.zh === h)) ? 'zh' : 'en') : lang;
      if (!f) {
        const rows = initialRows(schema, lang);
        writes.push(() => {
          const ws = sheetOf(p.sheet);
          const headers = schema.columns.map((c) => c.header[lang]);
          const grid: CellValue[][] = [headers, ...rows];
          const range = ws.getRangeByIndexes(p.row, p.col, grid.length, headers.length);
          // Computed cells of the initial rows get their formulas from dressColumns below.
          range.values = grid.map((r) => headers.map((_, i) => r[i] ?? '')) as unknown as string[][];
          const t = ws.tables.add(range, true);
          t.name = schema.name;
          t.style = p.sheet === placed.get('Policy')?.sheet ? SETTINGS_STYLE : TABLE_STYLE;
          const body: BodyPosition = { sheet: ws, firstRow: p.row + 1, rows: Math.max(1, rows.length), colOf: p.colOf };
          dressColumns(body, schema, lang);
          schema.columns.forEach((c, i) => {
            ws.getRangeByIndexes(0, p.col + i, 1, 1).getEntireColumn().format.columnWidth = (c.width ?? 12) * POINTS_PER_CHAR;
          });
          ws.getRangeByIndexes(p.row, p.col, 1, headers.length).format.wrapText = true;
          if (schema.name === 'Policy') {
            // Each policy value shown as what it is: a ratio, an amount, a date.
            const formats = POLICY.map((e) => [POLICY_FORMATS[e.kind]]);
            ws.getRangeByIndexes(p.row + 1, p.colOf('value'), formats.length, 1).numberFormat = formats;
          }
        });
        result.created.push(schema.name);
        continue;
      }
      // Repair an existing table.
      const ws = (): Excel.Worksheet => sheetOf(p.sheet);
      const body = (): BodyPosition => ({ sheet: ws(), firstRow: f.row + 1, rows: f.rowCount, colOf: p.colOf });
      const nonBlank = nonBlankRows(f);
      const cfCols = formattedColumns(schema);
      schema.columns.forEach((c, ci) => {
        const present = f.columnIndex[ci] >= 0;
        if (!present) {
          writes.push(() => {
            const col = context.workbook.tables.getItem(f.name).columns.add(undefined, undefined, c.header[tableLang]);
            void col;
            const b = body();
            if (c.type === 'computed') writeFormula(b, schema, c, tableLang);
            writeNumberFormat(b, c);
            if (c.type !== 'computed') writeValidation(b, c, tableLang);
            if (cfCols.has(c.key)) writeConditionalFormats(b, schema, c.key);
          });
          result.repaired.push(`${schema.name}.${c.header[tableLang]}`);
          return;
        }
        const sheetCol = p.colOf(c.key);
        if (c.type === 'computed') {
          const overwritten: number[] = [];
          for (const r of nonBlank) if (!inAreas(f.formulaAreas, f.row + 1 + r, sheetCol)) overwritten.push(r);
          for (const r of overwritten) result.overwrittenFormulas.push({ table: schema.name, column: c.key, cell: sheetCell(f.sheet, f.row + 1 + r, sheetCol) });
          if (options.restoreFormulas && overwritten.length > 0) {
            const formula = columnFormula(schema, c, tableLang);
            writes.push(() => {
              for (const r of overwritten) ws().getRangeByIndexes(f.row + 1 + r, sheetCol, 1, 1).formulas = [[formula]];
            });
            result.restoredFormulas += overwritten.length;
          }
        } else if (hasValidation(c) && f.rowCount > 0 && !columnCovered(f.validationAreas, sheetCol, f.row + 1, f.row + f.rowCount)) {
          writes.push(() => writeValidation(body(), c, tableLang));
          result.repaired.push(`${schema.name}.${c.header[tableLang]} validation`);
        }
        if (cfCols.has(c.key) && f.rowCount > 0 && !columnCovered(f.formatAreas, sheetCol, f.row + 1, f.row + f.rowCount)) {
          writes.push(() => writeConditionalFormats(body(), schema, c.key));
          result.repaired.push(`${schema.name}.${c.header[tableLang]} conditional format`);
        }
      });
      if (name === 'Policy') {
        const keyCol = f.columnIndex[0];
        const have = new Set(policyRows.map((r) => String(r[keyCol] ?? '').trim()));
        const missing = POLICY.filter((e) => !have.has(e.key));
        if (missing.length > 0 && keyCol >= 0) {
          writes.push(() => {
            const headersLen = f.headers.length;
            const rows = missing.map((e) => {
              const r: CellValue[] = new Array(headersLen).fill('');
              r[f.columnIndex[0]] = e.key;
              if (f.columnIndex[1] >= 0) r[f.columnIndex[1]] = e.default ?? '';
              if (f.columnIndex[2] >= 0) r[f.columnIndex[2]] = e.description[tableLang];
              return r;
            });
            context.workbook.tables.getItem(f.name).rows.add(undefined, rows as unknown as string[][]);
          });
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
      listsSheetColumns(lang).forEach((c, i) =>
        wantNames.set(listName(c.list), `=${absoluteRange(listsSheet!, listsAt.row + 1, listsAt.col + i, c.values.length)}`),
      );
    }
    const markets = placed.get('Markets')!;
    wantNames.set(listName('Markets'), `=${absoluteRange(markets.sheet, markets.row + 1, markets.colOf('market'), MARKET_LIST_ROWS)}`);
    const people = placed.get('People')!;
    wantNames.set(listName('People'), `=${absoluteRange(people.sheet, people.row + 1, people.colOf('name'), PEOPLE_LIST_ROWS)}`);
    for (const [n, formula] of wantNames) {
      const current = nameFormulas.get(n.toLowerCase());
      if (current !== undefined && normName(current) === normName(formula)) continue;
      if (current === undefined) writes.push(() => wb.names.add(n, formula));
      else writes.push(() => (wb.names.getItem(n).formula = formula));
      result.repaired.push(`name ${n}`);
    }

    if (writes.length === 0) return result;
    result.changed = true;
    context.application.suspendApiCalculationUntilNextSync();
    for (const w of writes) w();
    if (result.created.includes(TABLE_BY_NAME.Projects.sheet[lang])) sheetOf(placed.get('Projects')!.sheet).activate();
    await context.sync();
    return result;
  });
}

const hasValidation = (c: { type: string }): boolean => c.type !== 'text' && c.type !== 'computed' && c.type !== 'number';

const nonBlankRows = (f: FoundTable): number[] => f.nonBlank;

function splitSheetAddress(address: string): [string, { row: number; col: number }] {
  const { sheet, range } = splitAddress(address);
  return [sheet ?? '', parseCell(range.split(':')[0]) ?? { row: 0, col: 0 }];
}

