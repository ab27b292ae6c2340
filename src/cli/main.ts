import { existsSync, readFileSync, writeFileSync, statSync } from 'fs';
import { basename, dirname, join, resolve } from 'path';
import { Lang } from '../engine/i18n';
import { serialFromIso } from '../engine/values';
import { analyze, Analysis } from '../engine/analyze';
import { WorkbookSnapshot } from '../engine/snapshot';
import { readPipelineXlsx } from '../hosts/xlsx/pipeline-reader';
import { XlsxReadError } from '../hosts/xlsx/read-error';
import { UserError } from '../workbook/types';
import { fsReason } from './fs-errors';
import { nodeInflate } from './node-inflate';
import { approvalsText, toJson, toText } from './report';

export { fsReason };

const HELP = `presales — Presales Pipeline (售前项目管理) on .xlsx files

Usage:
  presales template OUT.xlsx [--lang zh|en] [--sample] [--team NAME] [--force]
      Write a workbook with every sheet, table, validation, format and formula of the
      pipeline (the add-in's own set-up). --sample fills in an example pipeline.
      --team sets Policy Team (and gives the sample's IDs the team's code).
      --force replaces OUT.xlsx if it exists.
  presales check IN.xlsx [--json] [--as-of YYYY-MM-DD] [--lang zh|en]
      Check a workbook and print the findings and each project's grade, budget and
      escalation. Never writes to IN.xlsx.
  presales approvals IN.xlsx [--json] [--as-of YYYY-MM-DD] [--lang zh|en]
      List the approval queue: every pending adjustment and termination with the level
      it needs, who may approve it and whether the sponsor confirmed; and the escalated
      projects that still need a request. The same queue as the pane's Approvals page.
  presales rollup OUT.xlsx IN.xlsx|DIR… [--lang zh|en] [--as-of YYYY-MM-DD] [--json] [--force]
      Check many team workbooks and write one roll-up for directors: sources, every
      project, the review list, the knowledge base, duplicates across workbooks and a
      dashboard with three native charts. Never writes an input. Exit 0 every input
      read; 1 some skipped (each listed with its reason); 2 none read or OUT not written.
  presales lessons IN.xlsx|DIR… [--query TEXT] [--outcome O] [--reason R]
                   [--market M] [--customer C] [--tag T] [--json] [--lang zh|en]
      Search the summary reports (and a roll-up's Lessons table) by words in either
      language; a word in Lessons Learned or Knowledge Tags ranks first.
  presales --version
  presales agenda IN.xlsx [--date YYYY-MM-DD] [--sponsor NAME] [--json] [--out AGENDA.xlsx] [--force]
      The war-room agenda for a meeting date (default: the as-of date), for one sponsor
      or all: the projects that need the meeting, grouped by why. --out writes a
      printable agenda workbook (never IN.xlsx).
  presales --help

Documentation: docs/README.md in the package (the process, every finding code and how to fix it,
the policy keys, this command line and its JSON).

Exit status: 0 no errors; 1 errors found; 2 the file could not be read or written.
`;

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const defaultIo: Io = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') };

interface Parsed {
  command: string | null;
  file: string | null;
  flags: Map<string, string | true>;
  /** Positional arguments beyond the command and its file. */
  extra: string[];
}

/** The options each command understands; anything else is a usage error (exit 2). */
const KNOWN_FLAGS: Record<string, readonly string[]> = {
  template: ['lang', 'sample', 'force', 'team', 'help'],
  check: ['json', 'as-of', 'lang', 'help'],
  agenda: ['date', 'sponsor', 'json', 'out', 'force', 'lang', 'help'],
  approvals: ['json', 'as-of', 'lang', 'help'],
  rollup: ['lang', 'as-of', 'json', 'force', 'help'],
  lessons: ['query', 'outcome', 'reason', 'market', 'customer', 'tag', 'json', 'lang', 'help'],
};

/** Commands that take any number of inputs after their first argument. */
const MANY_INPUTS = new Set(['rollup', 'lessons']);
const VALUE_FLAGS = [
  'lang',
  'as-of',
  'team',
  'query',
  'outcome',
  'reason',
  'market',
  'customer',
  'tag',
  'date',
  'sponsor',
  'out',
];

function parse(argv: string[]): Parsed {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2);
      if (v !== undefined) flags.set(k, v);
      else if (VALUE_FLAGS.includes(k) && argv[i + 1] !== undefined && !argv[i + 1].startsWith('--'))
        flags.set(k, argv[++i]);
      else flags.set(k, true);
    } else if (a === '-h') flags.set('help', true);
    else if (a === '-v') flags.set('version', true);
    else positional.push(a);
  }
  return { command: positional[0] ?? null, file: positional[1] ?? null, flags, extra: positional.slice(2) };
}

class CliError extends Error {}

function langFlag(flags: Map<string, string | true>): Lang | undefined {
  const v = flags.get('lang');
  if (v === undefined) return undefined;
  if (v === 'zh' || v === 'en') return v;
  throw new CliError(`--lang must be zh or en, not ${v === true ? '(nothing)' : v}`);
}

/** The package's version, read from package.json (../../package.json from src/cli and from lib/cli). */
export function version(): string {
  try {
    return String(JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version);
  } catch {
    return 'unknown';
  }
}

/** Runs the CLI; returns the exit status instead of exiting, so tests can call it. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const { command, file, flags, extra } = parse(argv);
  if ((command === null && flags.has('version')) || command === 'version') {
    io.out(`presales ${version()}`);
    return 0;
  }
  if (flags.has('help') || command === 'help' || command === null) {
    io.out(HELP);
    return command === null && !flags.has('help') ? 2 : 0;
  }
  try {
    const known = KNOWN_FLAGS[command];
    if (known) {
      const unknown = [...flags.keys()].find((k) => !known.includes(k));
      if (unknown !== undefined) throw new CliError(`unknown option --${unknown} for ${command}; see presales --help`);
      if (extra.length && !MANY_INPUTS.has(command))
        throw new CliError(`unexpected argument "${extra[0]}"; see presales --help`);
    }
    if (command === 'template') return await template(file, flags, io);
    if (command === 'check') return await check(file, flags, io);
    if (command === 'approvals') return await approvals(file, flags, io);
    // Each command loads only what it uses: `check` starts fast (no workbook model, no ExcelJS, no agenda).
    if (command === 'agenda') {
      const { agendaCommand } = await import('./agenda');
      return await agendaCommand(file, flags, io, langFlag(flags));
    }
    if (command === 'rollup') {
      const { rollupCommand } = await import('./rollup');
      return await rollupCommand(
        {
          out: file,
          inputs: extra,
          lang: langFlag(flags) ?? 'zh',
          asOf: asOfFlag(flags),
          json: flags.has('json'),
          force: flags.has('force'),
        },
        io,
      );
    }
    if (command === 'lessons') {
      const text = (k: string): string | undefined =>
        typeof flags.get(k) === 'string' ? (flags.get(k) as string) : undefined;
      const { lessonsCommand } = await import('./rollup');
      return await lessonsCommand(
        {
          inputs: file ? [file, ...extra] : [],
          lang: langFlag(flags) ?? 'zh',
          query: text('query') ?? '',
          outcome: text('outcome'),
          reason: text('reason'),
          market: text('market'),
          customer: text('customer'),
          tag: text('tag'),
          json: flags.has('json'),
        },
        io,
      );
    }
    throw new CliError(`unknown command "${command}"; see presales --help`);
  } catch (e) {
    io.err(`presales: ${oneLine(e)}`);
    return 2;
  }
}

/** A file the reader refused: in the language asked for, else in both (the file's language is unknown). */
function readErrorLine(e: XlsxReadError, lang: Lang | undefined): string {
  return lang ? e.text[lang] : `${e.text.en} / ${e.text.zh}`;
}

/** --as-of as an Excel serial, or undefined when not given; a bad date is a usage error. */
function asOfFlag(flags: Map<string, string | true>): number | undefined {
  const v = flags.get('as-of');
  if (v === undefined) return undefined;
  const serial = typeof v === 'string' ? serialFromIso(v) : null;
  if (serial === null || serial === undefined)
    throw new CliError(`--as-of must be a date YYYY-MM-DD, not ${v === true ? '(nothing)' : v}`);
  // Excel's dates run from 1900-01-01 to 9999-12-31; the sheet could not hold any other as-of date.
  const iso = (v as string).trim().replace(/-(\d)(?=-|$)/g, '-0$1');
  if (iso < '1900-01-01' || iso > '9999-12-31')
    throw new CliError(`--as-of must be a date between 1900-01-01 and 9999-12-31 (Excel's date range), not ${v}`);
  return serial;
}

function oneLine(e: unknown): string {
  if (e instanceof UserError) return e.text.en;
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0];
}

async function template(file: string | null, flags: Map<string, string | true>, io: Io): Promise<number> {
  if (!file) throw new CliError('template needs an output file: presales template OUT.xlsx');
  const lang = langFlag(flags) ?? 'zh';
  const path = resolve(file);
  const folder = dirname(path);
  if (existsSync(path) && statSync(path).isDirectory())
    throw new CliError(`${file} is a folder; give a file name in it, such as ${join(file, 'pipeline.xlsx')}`);
  if (!/\.xlsx$/i.test(path))
    throw new CliError(
      `template writes an Excel workbook: give a file name ending in .xlsx, such as ${basename(file).replace(/\.[^.]*$/, '') || 'pipeline'}.xlsx`,
    );
  if (!existsSync(folder)) throw new CliError(`cannot write ${file}: the folder ${dirname(file)} does not exist`);
  if (!statSync(folder).isDirectory())
    throw new CliError(`cannot write ${file}: ${dirname(file)} is a file, not a folder`);
  if (existsSync(path) && !flags.has('force')) throw new CliError(`${file} already exists; use --force to replace it`);
  const { MemoryWorkbook } = await import('../hosts/memory');
  const { loadSample, setPolicyValue, setUp } = await import('../workbook');
  // No default Sheet1: the file holds only the pipeline's sheets.
  const wb = new MemoryWorkbook({ empty: true });
  const run = wb.run.bind(wb);
  await setUp(run, { lang });
  const team = flags.get('team');
  if (team === true || (typeof team === 'string' && !team.trim()))
    throw new CliError('--team needs a name, e.g. --team 华东');
  if (flags.has('sample')) await loadSample(run, { lang, team: team || undefined });
  if (team)
    await setPolicyValue(
      run,
      'Team',
      team.trim(),
      lang === 'zh'
        ? '本工作簿所属的团队或区域（汇总时使用）'
        : 'The team or region this workbook belongs to (used by the roll-up)',
    );
  // ExcelJS takes long to load; only the commands that write a workbook need it.
  const { exportXlsx } = await import('../hosts/xlsx/export');
  const buf = await exportXlsx(wb);
  try {
    writeFileSync(path, buf);
  } catch (e) {
    throw new CliError(`cannot write ${file}: ${fsReason(e)}`);
  }
  io.out(lang === 'zh' ? `已写入 ${file}` : `Wrote ${file}`);
  return 0;
}

/** Reads IN.xlsx (never writes it) and runs the check, with --as-of and --lang read first. */
async function readAndCheck(
  command: string,
  file: string | null,
  flags: Map<string, string | true>,
): Promise<{ analysis: Analysis; lang: Lang }> {
  if (!file) throw new CliError(`${command} needs a workbook: presales ${command} IN.xlsx`);
  // Options first: a usage mistake is reported as such, whatever the file.
  const asOf = asOfFlag(flags);
  langFlag(flags);
  const path = resolve(file);
  if (!existsSync(path)) throw new CliError(`cannot read ${file}: no such file`);
  if (statSync(path).isDirectory()) throw new CliError(`cannot read ${file}: it is a folder`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${fsReason(e)}`);
  }
  // The direct reader: the tables straight from the file's parts, no workbook model built.
  let snapshot: WorkbookSnapshot;
  try {
    snapshot = (await readPipelineXlsx(bytes, { inflate: nodeInflate })).snapshot;
  } catch (e) {
    throw new CliError(
      `cannot read ${file}: ${e instanceof XlsxReadError ? readErrorLine(e, langFlag(flags)) : oneLine(e)}`,
    );
  }
  const analysis = analyze(snapshot, { asOf, lang: langFlag(flags) });
  return { analysis, lang: langFlag(flags) ?? analysis.lang };
}

async function check(file: string | null, flags: Map<string, string | true>, io: Io): Promise<number> {
  const { analysis, lang } = await readAndCheck('check', file, flags);
  if (flags.has('json')) io.out(JSON.stringify(toJson(analysis, file!, lang), null, 2));
  else io.out(toText(analysis, file!, lang));
  return analysis.counts.error > 0 ? 1 : 0;
}

/** The approval queue; exit 0 (a queue is work to do, not an error), 2 when the file cannot be read. */
async function approvals(file: string | null, flags: Map<string, string | true>, io: Io): Promise<number> {
  const { analysis, lang } = await readAndCheck('approvals', file, flags);
  const { approvalQueue, queueJson } = await import('../engine/approvals');
  const q = approvalQueue(analysis);
  if (flags.has('json')) io.out(JSON.stringify({ file, lang, ...queueJson(q, lang) }, null, 2));
  else io.out(approvalsText(q, file!, lang));
  return 0;
}
