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
