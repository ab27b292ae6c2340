import { baseline, run, withCode } from './build';

describe('every finding on a project row names its project', () => {
  test('a money cell typed as text on Projects carries the project ID', () => {
    const spec = baseline();
    spec.Projects[0] = { ...spec.Projects[0], estContractValue: '50万' };
    const [f] = withCode(run(spec), 'amount-as-text');
    expect(f.projectId).toBe(spec.Projects[0].projectId);
    expect(f.fixValue).toBe(500000);
  });

  test('a TaskBook finding carries the project of its row; a Markets finding has none', () => {
    const spec = baseline();
    spec.TaskBook[0] = { ...spec.TaskBook[0], actualCost: 'abc' };
    spec.Markets[0] = { ...spec.Markets[0], weight: 9 };
    const a = run(spec);
    expect(withCode(a, 'type-error')[0].projectId).toBe(spec.TaskBook[0].projectId);
    expect(withCode(a, 'out-of-range')[0].projectId).toBeUndefined();
  });
});

describe('open milestones (the column the 80% warning reads in the sheet)', () => {
  test('counts TaskBook rows without an actual end; a typed text end counts as closed, as COUNTIFS(…,"") does', () => {
    const spec = baseline();
    const id = spec.Projects[0].projectId;
    const open = (s: typeof spec) => run(s).cells.Projects.get(0)!.openMilestones;
    const expected = spec.TaskBook.filter(
      (r) => r.projectId === id && (r.actualEnd === null || r.actualEnd === undefined || r.actualEnd === ''),
    ).length;
    expect(open(spec)).toBe(expected);
    spec.TaskBook.forEach((r) => (r.actualEnd = null));
    expect(open(spec)).toBe(spec.TaskBook.length);
    spec.TaskBook[0].actualEnd = '2026.05.01';
    expect(open(spec)).toBe(spec.TaskBook.length - 1);
  });
  test("each TaskBook row's Open cell is 1 without an actual end, 0 with one (a date or text), empty without a Project ID", () => {
    const spec = baseline();
    const [done, open] = spec.TaskBook;
    expect(typeof done.actualEnd).toBe('number');
    expect(open.actualEnd).toBeNull();
    spec.TaskBook.push({ ...done, milestone: 'typed end', actualEnd: '2026.05.01' });
    spec.TaskBook.push({ ...open, projectId: null, milestone: 'no project' });
    const a = run(spec);
    const cell = (i: number) => a.cells.TaskBook.get(i)!.open;
    expect([cell(0), cell(1), cell(2), cell(3)]).toEqual([0, 1, 0, null]);
    // Projects' Open Milestones is their sum over the project's rows.
    const id = spec.Projects[0].projectId;
    const sum = spec.TaskBook.reduce((s, r, i) => s + (r.projectId === id ? Number(cell(i) ?? 0) : 0), 0);
    expect(a.cells.Projects.get(0)!.openMilestones).toBe(sum);
    expect(sum).toBeGreaterThan(0);
  });
});
