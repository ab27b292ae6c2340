/**
 * `presales approvals`: the same queue as the engine's approvalQueue (which the pane's Approvals page
 * lists), as JSON and as text, and a usage error for a bad --as-of.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { main } from '../../src/cli/main';
import { approvalQueue, queueJson } from '../../src/engine/approvals';
import { importXlsx } from '../../src/hosts/xlsx';
import { readFileSync } from 'fs';
import { checkWorkbook } from '../../src/workbook';
import { serialFromIso } from '../../src/engine/values';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'presales-approvals-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test.each(['zh', 'en'] as const)('approvals --json lists every pending request of the sample (%s)', async (lang) => {
  const f = join(dir, `sample-${lang}.xlsx`);
  expect((await cli('template', f, '--sample', '--lang', lang)).code).toBe(0);
  const r = await cli('approvals', f, '--json', '--as-of', '2026-11-30');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  const json = JSON.parse(r.out);
  expect(json.requests.map((x: { id: string }) => x.id).sort()).toEqual(['ADJ-002', 'ADJ-005', 'PS-2026-010']);
  expect(json.requests.find((x: { id: string }) => x.id === 'ADJ-002').approvers).toHaveLength(1);
  expect(json.needsRequest.map((x: { projectId: string }) => x.projectId)).toContain('PS-2026-005');
  // Exactly the engine's queue of the same file (the pane lists approvalQueue too).
  const wb = await importXlsx(readFileSync(f));
  const again = await checkWorkbook(wb.run.bind(wb), { asOf: serialFromIso('2026-11-30')! });
  expect({ file: f, lang, ...queueJson(approvalQueue(again), lang) }).toEqual(json);

  const text = await cli('approvals', f, '--as-of', '2026-11-30');
  expect(text.out).toContain('ADJ-002');
  expect(text.out).toContain(lang === 'zh' ? '需提交调整申请' : 'Adjustment request needed');
});

test('approvals refuses a bad --as-of and a missing file with exit 2', async () => {
  expect((await cli('approvals', join(dir, 'none.xlsx'))).code).toBe(2);
  const r = await cli('approvals', join(dir, 'none.xlsx'), '--as-of', 'tomorrow');
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/--as-of/);
});

test('check --json carries the reasons of each project', async () => {
  const f = join(dir, 'sample-zh.xlsx');
  const r = await cli('check', f, '--json', '--as-of', '2026-11-30');
  const p5 = JSON.parse(r.out).projects.find((p: { projectId: string }) => p.projectId === 'PS-2026-005');
  expect(p5.reasons.escalation[0]).toBe('计划费用 ¥95,000 > 费用额度 ¥88,000（B 级：毛利 ¥2,200,000 × 4%）');
  expect(p5.reasons.budgetCap[0]).toContain('¥88,000');
  expect(p5.reasons.grade.join(' ')).toContain('B 级');
});
