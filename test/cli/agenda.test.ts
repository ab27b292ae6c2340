/**
 * The monthly cycle from the command line: the sample template reports every new code of spec §8, and
 * `presales agenda` lists the groups in order, filters by sponsor, writes a printable agenda workbook,
 * and never writes the file it reads.
 */
import { createHash } from 'crypto';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { main } from '../../src/cli/main';
import { AGENDA_GROUPS } from '../../src/engine/agenda';
import { isoFromSerial, todaySerial } from '../../src/engine/values';
import { importXlsx } from '../../src/hosts/xlsx';
import { CYCLE_CODES } from '../spec-codes';

let dir: string;
const file = (name: string): string => join(dir, name);
const TODAY = isoFromSerial(todaySerial());

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'presales-agenda-'));
  expect((await cli('template', file('x.xlsx'), '--sample', '--lang', 'zh')).code).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('template --sample --lang zh, then check --json: every new code of spec §8', async () => {
  const r = await cli('check', file('x.xlsx'), '--json');
  const json = JSON.parse(r.out);
  const codes = new Set(json.findings.map((f: { code: string }) => f.code));
  expect(CYCLE_CODES.filter((c) => !codes.has(c))).toEqual([]);
  expect(
    json.findings.some(
      (f: { code: string; table: string }) => f.code === 'duplicate-key' && f.table === 'MonthlyReports',
    ),
  ).toBe(true);
});

test('agenda --json lists the groups of spec §8 in order, each item with its reasons and decision', async () => {
  const before = sha(file('x.xlsx'));
  const r = await cli('agenda', file('x.xlsx'), '--json', '--date', TODAY);
  expect(r.code).toBe(0);
  expect(r.err).toBe('');
  const json = JSON.parse(r.out);
  expect(json.date).toBe(TODAY);
  expect(json.sponsor).toBeNull();
  expect(json.groups.map((g: { code: string }) => g.code)).toEqual([...AGENDA_GROUPS]);
  const item = json.groups[0].items[0];
  expect(Object.keys(item)).toEqual([
    'projectId',
    'projectName',
    'sponsor',
    'grade',
    'escalation',
    'currentPlan',
    'actualCost',
    'overrun',
    'slipDays',
    'reasons',
    'decision',
    'cell',
  ]);
  expect(item.reasons[0].code).toBe('leadership');
  expect(item.reasons[0].text).toMatch(/[\u4e00-\u9fff]/);
  expect(sha(file('x.xlsx'))).toBe(before);
});

test('agenda --sponsor: one sponsor only; a sponsor nobody has is an empty agenda with a message, exit 0', async () => {
  const one = JSON.parse((await cli('agenda', file('x.xlsx'), '--json', '--sponsor', '王建国', '--date', TODAY)).out);
  const sponsors = new Set(one.groups.flatMap((g: { items: { sponsor: string }[] }) => g.items.map((i) => i.sponsor)));
  expect([...sponsors]).toEqual(['王建国']);
  const r = await cli('agenda', file('x.xlsx'), '--sponsor', '无此人', '--date', TODAY);
  expect(r.code).toBe(0);
  expect(r.out).toContain('没有项目的发起人是“无此人”');
  const en = JSON.parse((await cli('agenda', file('x.xlsx'), '--json', '--sponsor', 'Nobody', '--lang', 'en')).out);
  expect(en.groups).toEqual([]);
  expect(en.message).toContain('No project has "Nobody" as its sponsor');
});

test('agenda --out writes a printable agenda workbook; never the input; bad options are one line, exit 2', async () => {
  const r = await cli('agenda', file('x.xlsx'), '--date', TODAY, '--out', file('agenda.xlsx'));
  expect(r.code).toBe(0);
  const wb = await importXlsx(readFileSync(file('agenda.xlsx')));
  const sheet = wb.sheet('例会议程');
  expect(String(sheet.get(0, 0)?.v)).toContain(TODAY);
  expect(sheet.page).toMatchObject({ orientation: 'Landscape', paperSize: 'A4', printTitleRows: { r0: 2, r1: 2 } });
  expect((await cli('agenda', file('x.xlsx'), '--out', file('agenda.xlsx'))).code).toBe(2); // exists, no --force
  for (const bad of [
    ['agenda', file('x.xlsx'), '--out', file('x.xlsx'), '--force'],
    ['agenda', file('x.xlsx'), '--date', '2026-13-01'],
    ['agenda', file('x.xlsx'), '--out', file('agenda.txt')],
    ['agenda', file('nope.xlsx')],
    ['agenda', file('x.xlsx'), '--as-of', TODAY],
  ]) {
    const e = await cli(...bad);
    expect(e.code).toBe(2);
    expect(e.out).toBe('');
    expect(e.err.split('\n')).toHaveLength(1);
    expect(e.err).toMatch(/^presales: /);
  }
});
