/**
 * The model numbers projects as it reads the tables (TableData.projectOf, WorkbookModel.projectKeys): two
 * rows have the same number exactly when their Project IDs match as SUMIFS matches them, whatever order
 * the tables list projects in and however the IDs are typed.
 */
import { analyze } from '../../src/engine/analyze';
import { buildModel, ByProject, projectKey, WorkbookModel } from '../../src/engine/model';
import { TableName } from '../../src/engine/schema';
import { CellValue, matchKey } from '../../src/engine/values';
import { build, RowSpec } from './build';

/** Every non-blank row of the tables that have a Project ID: its ID as typed, key and number. */
function numbered(model: WorkbookModel): { table: TableName; id: CellValue; key: string | null; n: number }[] {
  const out: { table: TableName; id: CellValue; key: string | null; n: number }[] = [];
  for (const table of ['Projects', 'TaskBook', 'Adjustments', 'MonthlyReports'] as TableName[]) {
    const t = model.tables[table];
    const pi = t.schema.columns.findIndex((c) => c.key === 'projectId');
    for (const r of t.rows) out.push({ table, id: t.cells[r][pi], key: projectKey(t, r), n: t.projectOf[r] });
  }
  return out;
}

/** Rows with these Project IDs and one other cell filled, so that a blank ID is a row of its own. */
const ids = (other: string, list: CellValue[]): RowSpec[] => list.map((projectId) => ({ projectId, [other]: 'x' }));

describe('project numbers', () => {
  const model = buildModel(
    build({
      Projects: ids('projectName', ['P-1', 'P-2', 'P-3', 'P-4', 1001]),
      // The same order, a gap, the order reversed, other cases and spaces, a number typed as text, blanks.
      TaskBook: ids('milestone', ['P-1', 'P-2', 'P-4', 'P-3', 'p-2', 'P-1', ' P-1', 'P-9', '1001', null, 'P-9']),
      Adjustments: ids('adjustmentId', ['P-4', 'P-3', 'P-2', 'P-1', 1001, 'p-4']),
      MonthlyReports: ids('author', ['P-1', 'P-2', 'P-3', 'P-4', 'P-1', 'P-2', 'P-3', 'P-4', '']),
    }),
  );
  const rows = numbered(model);

  test('a number names the key of its row, and a blank ID has none', () => {
    for (const x of rows) {
      expect(x.key).toBe(matchKey(x.id));
      if (x.key === null) expect(x.n).toBe(-1);
      else expect(model.projectKeys[x.n]).toBe(x.key);
    }
  });

  test('two rows share a number exactly when their keys match', () => {
    for (const a of rows)
      for (const b of rows) if (a.key !== null && b.key !== null) expect(a.n === b.n).toBe(a.key === b.key);
  });

  test('numbers follow the order projects are first met, one per key', () => {
    expect(model.projectKeys).toEqual(['p-1', 'p-2', 'p-3', 'p-4', '1001', ' p-1', 'p-9']);
    expect(new Set(model.projectKeys).size).toBe(model.projectKeys.length);
  });
});

describe('per-project records by key, built on first read', () => {
  test('ByProject.byKey holds the records made so far, in the order they were made', () => {
    const index = new ByProject(() => ({ n: 0 }), ['a', 'b', 'c']);
    index.of(2)!.n = 2;
    expect([...index.byKey.keys()]).toEqual(['c']);
    index.of(0)!.n = 0;
    index.of(2);
    expect([...index.byKey]).toEqual([
      ['c', { n: 2 }],
      ['a', { n: 0 }],
    ]);
    expect(index.byKey.get('a')).toBe(index.items[0]);
    expect(index.of(-1)).toBeNull();
  });

  const a = analyze(
    build({
      Projects: ids('projectName', ['P-1', 'P-2', 'p-1', 'P-3']),
      TaskBook: ids('milestone', ['P-3', 'P-1', 'P-1']),
      // A cycle record is made for a report of a readable month.
      MonthlyReports: [
        { projectId: 'P-2', month: 46143 },
        { projectId: 'P-3', month: 46143 },
        { projectId: 'P-1', author: 'x' },
      ],
    }),
  );
  const c = a.computed;
  const numberOf = (key: string): number => a.model.projectKeys.indexOf(key);

  test('the maps by key hold what the arrays by number hold', () => {
    expect([...c.aggregates.keys()].sort()).toEqual(['p-1', 'p-3']);
    for (const [k, v] of c.aggregates) expect(v).toBe(c.aggregateAt[numberOf(k)]);
    expect([...c.cycle.byProject.keys()].sort()).toEqual(['p-2', 'p-3']);
    for (const [k, v] of c.cycle.byProject) expect(v).toBe(c.cycle.byNumber[numberOf(k)]);
  });

  test("a repeated ID's first Projects row wins, in table order", () => {
    expect([...c.projectRows]).toEqual([
      ['p-1', 0],
      ['p-2', 1],
      ['p-3', 3],
    ]);
    expect([...c.byProject.keys()]).toEqual(['p-1', 'p-2', 'p-3']);
    expect(c.byProject.get('p-1')).toBe(c.projects[0].metrics);
    expect(c.projectRowOf[numberOf('p-1')]).toBe(0);
  });
});
