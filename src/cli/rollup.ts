import { existsSync, statSync, writeFileSync } from 'fs';
import * as os from 'os';
import { dirname, extname, join, resolve } from 'path';
import { Lang } from '../engine/i18n';
import { collectLessons, LessonRecord, searchLessons } from '../engine/lessons';
import { combineRollup, ROLLUP_LESSONS, RollupOptions, rollupPart, RollupPart } from '../engine/rollup';
import { isoFromSerial } from '../engine/values';
import { displayName, expandInputs, identity, ReadFileOptions, readWorkbookFile, WorkbookFile } from './workbook-files';
import { fsReason } from './fs-errors';
import { partOfFile, PartResult, PartTask, WORKER_MARK } from './rollup-worker';

export interface CommandIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** A usage or output problem: one line, exit 2. */
export class CommandError extends Error {}

const CONCURRENCY = 4;

/**
 * Which inputs to read, in the order given: a file named twice is read once, the output file never.
 * `out` holds the inputs decided without reading (with their reason); `todo` the indexes to read.
 */
function planReads(
  files: readonly string[],
  skip: Map<string, string>,
): { out: (WorkbookFile | undefined)[]; todo: number[] } {
  const out: (WorkbookFile | undefined)[] = new Array(files.length);
  const seen = new Map<string, string>();
  const todo: number[] = [];
  files.forEach((f, i) => {
    const id = identity(f);
    const asOut = skip.get(id);
    if (asOut)
      out[i] = {
        file: f,
        path: id,
        error: { zh: `与输出文件 ${asOut} 是同一个文件，未读取`, en: `it is the output file ${asOut}; not read` },
      };
    else if (seen.has(id))
      out[i] = {
        file: f,
        path: id,
        error: { zh: `与 ${seen.get(id)} 是同一个文件，只计一次`, en: `same file as ${seen.get(id)}; counted once` },
      };
    else {
      seen.set(id, f);
      todo.push(i);
    }
  });
  return { out, todo };
}

/** Reads the inputs (a few at a time), in the order given; a file named twice is read once. */
async function readAll(
  files: readonly string[],
  skip: Map<string, string>,
  options: ReadFileOptions = {},
): Promise<WorkbookFile[]> {
  const { out, todo } = planReads(files, skip);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      const i = todo[next++];
      out[i] = await readWorkbookFile(files[i], options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, todo.length) }, worker));
  return out as WorkbookFile[];
}

/** Worker threads pay for their start (each loads the reader and the engine) from this many files on. */
const MIN_FILES_FOR_THREADS = 4;
const MAX_THREADS = 4;

/**
 * How many threads read: one per core but one, at most four (PRESALES_ROLLUP_THREADS sets it). Each
 * thread's hot code is compiled anew by V8 on background threads, and this thread writes the roll-up
 * once all are read: on two cores a second reading thread cost more CPU in compiling than it saved.
 */
function readingThreads(): number {
  const asked = Number(process.env.PRESALES_ROLLUP_THREADS);
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, MAX_THREADS);
  return Math.max(1, Math.min(MAX_THREADS, cores() - 1));
}

/**
 * Each input's share of the roll-up, in the order given: read and checked in worker threads when there
 * are enough files (and the compiled worker is there); in this thread otherwise.
 */
async function rollupParts(files: readonly string[], options: RollupOptions): Promise<RollupPart[]> {
  const { out, todo } = planReads(files, new Map());
  const parts: RollupPart[] = out.map((r, i) =>
    r ? rollupPart({ file: displayName(files[i]), error: r.error }, options) : (undefined as unknown as RollupPart),
  );
  const tasks: PartTask[] = todo.map((index) => ({
    index,
    file: files[index],
    lang: options.lang,
    asOf: options.asOf,
  }));
  const script = join(__dirname, 'rollup-worker.js');
  const threads = Math.min(readingThreads(), tasks.length);
  if (tasks.length < MIN_FILES_FOR_THREADS || !existsSync(script)) {
    for (const t of tasks) parts[t.index] = await partOfFile(t);
    return parts;
  }
  const { Worker } = await import('worker_threads');
  await new Promise<void>((done, fail) => {
    const workers = Array.from({ length: threads }, () => new Worker(script, { workerData: WORKER_MARK }));
    let next = 0;
    let received = 0;
    let over = false;
    const finish = (error?: Error): void => {
      if (over) return;
      over = true;
      for (const w of workers) void w.terminate();
      if (error) fail(error);
      else done();
    };
    for (const w of workers) {
      const feed = (): void => {
        if (next < tasks.length) w.postMessage(tasks[next++]);
      };
      w.on('message', (r: PartResult) => {
        if (r.error !== undefined) return finish(new Error(r.error));
        parts[r.index] = r.part!;
        if (++received === tasks.length) finish();
        else feed();
      });
      w.on('error', (e) => finish(e));
      w.on('exit', (code) => {
        if (code !== 0) finish(new Error(`a reading thread stopped (exit code ${code})`));
      });
      feed();
    }
  });
  return parts;
}

const cores = (): number => {
  const o = os as { availableParallelism?: () => number };
  return typeof o.availableParallelism === 'function' ? o.availableParallelism() : os.cpus().length;
};

export interface RollupArgs {
  out: string | null;
  inputs: string[];
  lang: Lang;
  asOf?: number;
  json: boolean;
  force: boolean;
}

/** `presales rollup OUT.xlsx IN.xlsx|DIR…` — exit 0 all read, 1 some skipped, 2 none read or OUT not written. */
export async function rollupCommand(args: RollupArgs, io: CommandIo): Promise<number> {
  const { lang } = args;
  if (!args.out)
    throw new CommandError('rollup needs an output file and inputs: presales rollup OUT.xlsx IN.xlsx|DIR…');
  if (extname(args.out).toLowerCase() !== '.xlsx')
    throw new CommandError(`the output must be an .xlsx file, not ${args.out}`);
  if (!args.inputs.length) throw new CommandError('rollup needs at least one input workbook or folder');
  const outPath = resolve(args.out);
  const outId = identity(args.out);
  if (existsSync(outPath) && statSync(outPath).isDirectory())
    throw new CommandError(`cannot write ${args.out}: it is a folder`);
  if (!existsSync(dirname(outPath)))
    throw new CommandError(`cannot write ${args.out}: folder ${dirname(args.out)} does not exist`);
  const { files, ignored } = expandInputs(args.inputs);
  const inputIds = new Set(files.map(identity));
  if (inputIds.has(outId)) {
    throw new CommandError(
      `${args.out} is also an input; the roll-up never writes over an input — choose another output file`,
    );
  }
  if (existsSync(outPath) && !args.force)
    throw new CommandError(`${args.out} already exists; use --force to replace it`);
  for (const i of ignored) io.err(`presales: ${i.file}: ${i.why[lang]}`);
  if (!files.length) throw new CommandError('no .xlsx workbooks among the inputs');

  const options: RollupOptions = { lang, asOf: args.asOf };
  const reading = rollupParts(files, options);
  // The writer loads while the files are read (in other threads, from four files on: started first).
  const writer = new Promise((next) => setImmediate(next)).then(async () => ({
    ...(await import('../hosts/memory')),
    ...(await import('../workbook/rollup-sheets')),
    ...(await import('../hosts/xlsx/plain-export')),
  }));
  writer.catch(() => undefined); // awaited only when something is written
  const rollup = combineRollup(await reading, options);
  rollup.sources.forEach((s, i) => {
    if (!s.ok) io.err(`presales: ${files[i]}: ${s.reason![lang]}`);
  });
  const okCount = rollup.sources.filter((s) => s.ok).length;

  if (okCount > 0) {
    const { MemoryWorkbook, writeRollup, exportPlainXlsx } = await writer;
    const wb = new MemoryWorkbook({ empty: true });
    await writeRollup(wb.run.bind(wb), rollup, lang);
    // Values, formats, tables and charts: written straight as SpreadsheetML (ExcelJS takes seconds on 10,000 rows).
    const buf = await exportPlainXlsx(wb);
    try {
      writeFileSync(outPath, buf);
    } catch (e) {
      throw new CommandError(`cannot write ${args.out}: ${fsReason(e)}`);
    }
  }

  if (args.json) {
    io.out(
      JSON.stringify(
        {
          out: okCount > 0 ? args.out : null,
          asOf: args.asOf !== undefined ? isoFromSerial(args.asOf) : null,
          lang,
          sources: rollup.sources.map((s, i) => ({
            file: files[i],
            team: s.team,
            status: s.ok ? 'ok' : 'skipped',
            reason: s.reason ? s.reason[lang] : null,
            projects: s.projects,
            active: s.active,
            errors: s.errors,
            warnings: s.warnings,
            currentPlan: s.currentPlan,
            actualCost: s.actualCost,
            overrun: s.overrun,
            leadership: s.leadership,
            adjustment: s.adjustment,
          })),
          projects: rollup.rows.RollupProjects.length,
          review: rollup.rows.RollupReview.map((r) => ({
            team: r[0],
            projectId: r[1],
            escalation: r[3],
            overrun: r[8],
            file: r[12],
          })),
          lessons: rollup.rows.Lessons.length,
          findings: rollup.findings.map((f) => ({
            code: f.code,
            severity: f.severity,
            projectId: f.projectId || null,
            files: f.files,
            message: f.message[lang],
          })),
        },
        null,
        2,
      ),
    );
  } else {
    const T =
      lang === 'zh'
        ? {
            wrote: '已写入',
            none: '没有可读取的工作簿，未写入',
            read: '读取',
            skipped: '跳过',
            projects: '个项目',
            review: '个需升级',
            dup: '个跨工作簿重复',
          }
        : {
            wrote: 'Wrote',
            none: 'No workbook could be read; nothing written',
            read: 'read',
            skipped: 'skipped',
            projects: 'projects',
            review: 'escalated',
            dup: 'duplicated across workbooks',
          };
    if (okCount > 0) {
      io.out(
        `${T.wrote} ${args.out}: ${okCount} ${T.read}, ${rollup.sources.length - okCount} ${T.skipped}; ` +
          `${rollup.rows.RollupProjects.length} ${T.projects}, ${rollup.rows.RollupReview.length} ${T.review}, ${rollup.findings.length} ${T.dup}`,
      );
    } else io.err(`presales: ${T.none}`);
  }
  if (okCount === 0) return 2;
  return okCount < rollup.sources.length ? 1 : 0;
}

export interface LessonsArgs {
  inputs: string[];
  lang: Lang;
  query: string;
  outcome?: string;
  reason?: string;
  market?: string;
  customer?: string;
  tag?: string;
  json: boolean;
}

/** `presales lessons IN.xlsx|DIR… [--query] [--outcome] [--reason] [--json]` — exit 2 when nothing could be read. */
export async function lessonsCommand(args: LessonsArgs, io: CommandIo): Promise<number> {
  const { lang } = args;
  if (!args.inputs.length)
    throw new CommandError('lessons needs a workbook or folder: presales lessons IN.xlsx|DIR… [--query TEXT]');
  const { files, ignored } = expandInputs(args.inputs);
  for (const i of ignored) io.err(`presales: ${i.file}: ${i.why[lang]}`);
  // A roll-up's Lessons table too, so the knowledge base searches a roll-up workbook (§9).
  const read = await readAll(files, new Map(), { extraTables: [ROLLUP_LESSONS.name] });
  const records: LessonRecord[] = [];
  let ok = 0;
  for (const r of read) {
    if (!r.snapshot) {
      io.err(`presales: ${r.file}: ${r.error![lang]}`);
      continue;
    }
    ok++;
    records.push(...collectLessons(r.snapshot, displayName(r.file)));
  }
  if (!ok) throw new CommandError(lang === 'zh' ? '没有可读取的工作簿' : 'no workbook could be read');
  const hits = searchLessons(records, args.query, {
    outcome: args.outcome,
    reason: args.reason,
    market: args.market,
    customer: args.customer,
    tag: args.tag,
  });
  if (args.json) {
    io.out(
      JSON.stringify(
        {
          query: args.query,
          total: records.length,
          hits: hits.map((h) => ({
            score: h.score,
            matched: h.matched,
            file: h.record.file,
            team: h.record.team || null,
            projectId: h.record.projectId,
            projectName: h.record.projectName,
            customer: h.record.customer,
            market: h.record.market,
            outcome: h.record.outcome,
            reason: h.record.reason,
            lessons: h.record.lessons,
            improvements: h.record.improvements,
            knowledgeTags: h.record.knowledgeTags,
            cell: h.record.cell,
          })),
        },
        null,
        2,
      ),
    );
  } else if (!hits.length) {
    io.out(
      lang === 'zh'
        ? `没有找到（共 ${records.length} 条总结）`
        : `No lessons found (${records.length} summaries searched)`,
    );
  } else {
    io.out(
      lang === 'zh'
        ? `找到 ${hits.length} 条（共 ${records.length} 条总结）`
        : `${hits.length} found (${records.length} summaries searched)`,
    );
    for (const h of hits) {
      const r = h.record;
      io.out('');
      io.out(
        `${r.projectId} ${r.projectName} · ${r.customer} · ${r.outcomeText} · ${r.reasonText}  [${r.file}${r.cell ? ` ${r.cell}` : ''}]`,
      );
      io.out(`  ${r.lessons}`);
      if (r.knowledgeTags.length) io.out(`  ${lang === 'zh' ? '标签' : 'Tags'}: ${r.knowledgeTags.join(', ')}`);
    }
  }
  return 0;
}
