/**
 * `presales rollup` and `presales lessons` read their inputs with the direct reader (as `check` and the
 * pane do). The roll-up and the lessons it gives are the same as through the former path — ExcelJS
 * builds the workbook model and the Office.js reader reads its tables — on the sample team workbooks
 * and on a roll-up file (its `Lessons` table, read as an extra table). Read in worker threads (the
 * compiled CLI, several files), the roll-up is the same as read in one thread.
 */
import { spawnSync } from 'child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, relative, resolve } from 'path';
import ts from 'typescript';
import { cellA1 } from '../../src/engine/address';
import { collectLessons } from '../../src/engine/lessons';
import { buildRollup, ROLLUP_LESSONS, RollupInput } from '../../src/engine/rollup';
import { WorkbookSnapshot } from '../../src/engine/snapshot';
import { CellValue, serialFromIso } from '../../src/engine/values';
import { dataRect } from '../../src/hosts/memory/model';
import { importXlsx } from '../../src/hosts/xlsx';
import { readPipelineXlsx } from '../../src/hosts/xlsx/pipeline-reader';
import { readSnapshot } from '../../src/workbook/check';
import { main } from '../../src/cli/main';
import { readWorkbookFile } from '../../src/cli/workbook-files';

let dir: string;
const TEAMS = [
  ['east.xlsx', 'zh', '华东'],
  ['south.xlsx', 'zh', '华南'],
  ['west.xlsx', 'en', 'West'],
] as const;
const file = (name: string): string => join(dir, name);
const quiet = { out: (): void => {}, err: (): void => {} };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'presales-rollup-reader-'));
  for (const [name, lang, team] of TEAMS) {
    expect(await main(['template', file(name), '--sample', '--lang', lang, '--team', team], quiet)).toBe(0);
  }
  const inputs = TEAMS.map(([name]) => file(name));
  expect(await main(['rollup', file('all.xlsx'), ...inputs, '--lang', 'zh'], quiet)).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The former CLI input path: ExcelJS's model read by the Office.js reader, plus every other table's values. */
async function viaExcelJs(bytes: Uint8Array): Promise<WorkbookSnapshot> {
  const wb = await importXlsx(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const snapshot = await readSnapshot(wb.run.bind(wb));
  for (const t of wb.model.tables) {
    if (Object.keys(snapshot.tables).some((k) => k.toLowerCase() === t.name.toLowerCase())) continue;
    const value = (r: number, c: number): CellValue => {
      const v = t.sheet.get(r, c)?.v;
      return v === undefined || (typeof v === 'object' && v !== null) ? null : (v as CellValue);
    };
    const cols = (r: number): CellValue[] =>
      Array.from({ length: t.rect.c1 - t.rect.c0 + 1 }, (_, i) => value(r, t.rect.c0 + i));
    const body = dataRect(t);
    const rows: CellValue[][] = [];
    if (body) for (let r = body.r0; r <= body.r1; r++) rows.push(cols(r));
    snapshot.tables[t.name] = {
      name: t.name,
      sheet: t.sheet.name,
      topLeft: cellA1(t.rect.r0, t.rect.c0),
      headers: cols(t.rect.r0),
      rows,
    };
  }
  return snapshot;
}

describe('the direct reader gives the roll-up the former ExcelJS path gave', () => {
  test('three sample team workbooks (two zh, one en): every table, source, finding and chart series', async () => {
    const direct: RollupInput[] = [];
    const former: RollupInput[] = [];
    for (const [name] of TEAMS) {
      const read = await readWorkbookFile(file(name));
      expect(read.error).toBeUndefined();
      direct.push({ file: name, snapshot: read.snapshot });
      former.push({ file: name, snapshot: await viaExcelJs(readFileSync(file(name))) });
    }
    for (const lang of ['zh', 'en'] as const) {
      const options = { lang, asOf: serialFromIso('2026-06-01')! };
      const a = buildRollup(direct, options);
      const b = buildRollup(former, options);
      expect(a.rows.RollupProjects.length).toBeGreaterThan(30);
      expect(a.rows.Lessons.length).toBeGreaterThan(0);
      expect(a).toEqual(b);
    }
  }, 60_000);

  test("a roll-up file's Lessons table: the same lessons, found only when asked for", async () => {
    const bytes = readFileSync(file('all.xlsx'));
    const read = await readWorkbookFile(file('all.xlsx'), { extraTables: [ROLLUP_LESSONS.name] });
    const lessons = collectLessons(read.snapshot!, 'all.xlsx');
    expect(lessons.length).toBeGreaterThan(0);
    expect(lessons.every((l) => l.team !== '')).toBe(true);
    expect(lessons).toEqual(collectLessons(await viaExcelJs(bytes), 'all.xlsx'));

    // By default the reader keeps to the pipeline's tables.
    const plain = await readPipelineXlsx(bytes);
    expect(Object.keys(plain.snapshot.tables)).not.toContain(ROLLUP_LESSONS.name);
    // Matched ignoring case, keyed by the name asked for; not listed among the pipeline's tables.
    const lower = await readPipelineXlsx(bytes, { extraTables: ['lessons'] });
    expect(lower.snapshot.tables.lessons!.name).toBe(ROLLUP_LESSONS.name);
    expect(lower.snapshot.tables.lessons!.rows).toEqual(read.snapshot!.tables[ROLLUP_LESSONS.name]!.rows);
    expect(lower.snapshot.tables.lessons!.formulas).toBeUndefined();
    expect(lower.tables.map((t) => t.table)).not.toContain('lessons');
    // A table that is not there is simply absent.
    expect(
      (await readPipelineXlsx(bytes, { extraTables: ['NoSuchTable'] })).snapshot.tables.NoSuchTable,
    ).toBeUndefined();
  });
});

/** The CLI's sources as Node runs them (transpiled one by one, as tsc -p tsconfig.cli.json would emit them). */
function transpileCli(outDir: string): string {
  const src = resolve(__dirname, '../../src');
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2020,
    esModuleInterop: true,
  };
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ts$/.test(name) && !/\.d\.ts$/.test(name)) {
        const out = join(outDir, relative(src, p)).replace(/\.ts$/, '.js');
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, ts.transpileModule(readFileSync(p, 'utf8'), { compilerOptions: options }).outputText);
      }
    }
  };
  for (const part of ['engine', 'hosts/memory', 'hosts/xlsx', 'workbook', 'cli']) walk(join(src, part));
  return join(outDir, 'cli', 'main.js');
}

describe('presales rollup in worker threads', () => {
  test('several files: read and checked in threads, the same roll-up and the same file as in one thread', async () => {
    const lib = mkdtempSync(join(tmpdir(), 'presales-rollup-lib-'));
    try {
      const mainJs = transpileCli(lib);
      // Five inputs (threads start from four), one of them bad, one named twice.
      const inputs = [...TEAMS.map(([name]) => file(name)), file('east-2.xlsx'), file('bad.xlsx'), file('east.xlsx')];
      copyFileSync(file('east.xlsx'), file('east-2.xlsx'));
      writeFileSync(file('bad.xlsx'), 'Project ID,Customer\n');
      const args = ['rollup', '--json', '--lang', 'en', '--as-of', '2026-06-01'];

      const out: string[] = [];
      const err: string[] = [];
      const code = await main([...args, file('one-thread.xlsx'), ...inputs], {
        out: (x) => out.push(x),
        err: (x) => err.push(x),
      });
      expect(code).toBe(1);

      // The compiled CLI in a child process, counting the threads it starts.
      const probe =
        `const wt = require('worker_threads'); const W = wt.Worker; let n = 0;` +
        `wt.Worker = class extends W { constructor(...a) { super(...a); n++; } };` +
        `require(${JSON.stringify(mainJs)}).main(process.argv.slice(1), { out: (s) => process.stdout.write(s + '\\n'),` +
        ` err: (s) => process.stderr.write(s + '\\n') }).then((code) => { process.stderr.write('@@threads ' + n + '\\n'); process.exitCode = code; });`;
      const res = spawnSync(process.execPath, ['-e', probe, ...args, file('threads.xlsx'), ...inputs], {
        encoding: 'utf8',
        timeout: 120_000,
        // The transpiled CLI lives outside the repository: its packages come from the repository's.
        // Two reading threads whatever the cores (one per core but one by default), so parts come back
        // out of order and from more than one thread.
        env: { ...process.env, NODE_PATH: resolve(__dirname, '../../node_modules'), PRESALES_ROLLUP_THREADS: '2' },
      });
      expect(res.stderr).toMatch(/@@threads/);
      expect(res.status).toBe(1);
      expect(Number(/@@threads (\d+)/.exec(res.stderr)?.[1])).toBeGreaterThanOrEqual(2);
      const threaded = JSON.parse(res.stdout);
      const single = JSON.parse(out.join('\n'));
      expect({ ...threaded, out: null }).toEqual({ ...single, out: null });
      expect(res.stderr.replace(/@@threads \d+\n/, '').trim()).toBe(err.join('\n'));

      const names = ['RollupSources', 'RollupProjects', 'RollupReview', 'Lessons', 'RollupFindings'];
      const a = await readPipelineXlsx(readFileSync(file('threads.xlsx')), { extraTables: names });
      const b = await readPipelineXlsx(readFileSync(file('one-thread.xlsx')), { extraTables: names });
      expect(a.snapshot.tables.RollupProjects!.rows.length).toBeGreaterThan(50);
      // The file names in the tables are the same; the output's own name differs, and appears nowhere.
      expect(a.snapshot).toEqual(b.snapshot);
    } finally {
      rmSync(lib, { recursive: true, force: true });
    }
  }, 180_000);
});
