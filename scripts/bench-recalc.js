#!/usr/bin/env node

/**
 * LibreOffice recalculation (part of `npm run bench`; issue 8 item 1, spec §7).
 *
 * The 2,000-project workbook (scripts/synthetic.js written through the add-in's own set-up and export,
 * as the CLI bench makes it: 2,000 projects, 12,000 milestones, 1,000 adjustments) in three versions of
 * one file, identical but for the computed cells:
 *   - ours:        the computed columns as set-up writes them. Checked first: every computed cell of
 *                  every table holds our formula, in the full structured-reference form
 *                  (`Table[[#This Row],[Column]]`, which LibreOffice evaluates);
 *   - yardstick:   every computed cell (and the table's calculated-column formula) rewritten with the
 *                  plain one-aggregate-per-value formulas of YARDSTICK below, written by hand from the
 *                  spec's definitions — not generated from our schema, which only names the columns;
 *   - no formulas: every computed cell emptied: LibreOffice's start, load and save alone (the baseline).
 * Each is opened by LibreOffice headless with a full recalculation forced on load (OOXMLRecalcMode =
 * always, in a private profile, set up by one untimed start) and converted to .xlsx, the three one after
 * the other in one run so they share the machine's load (--rounds N repeats that, interleaved, for
 * medians; one round takes about two minutes of CPU, most of it the yardstick). Printed: wall clock per
 * version, CPU seconds of the LibreOffice processes, the recalculation alone (minus the baseline), and
 * the ratio ours / yardstick of the wall clock (target ≤ 1.0; PASS/FAIL), with the recalculation-alone
 * ratios beside it. Then both recalculated files are read back and every computed cell compared, so the
 * yardstick is known to compute the same values as ours.
 *
 * Expects lib/ to be built (bench.js builds it). Options: --rounds N (default 1), --projects N (default
 * 2000), --lang zh|en (default zh), --swap Table:key,… (adds ours with those columns taken from the
 * yardstick, to find which column costs), --keep DIR (keep the workbooks). SOFFICE=path picks LibreOffice.
 */
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const lib = (p) => require(path.join(ROOT, 'lib', p));
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sec = (msx) => `${(msx / 1000).toFixed(1)} s`;
const verdict = (ok) => (ok ? 'PASS' : 'FAIL');
const CONVERT_TIMEOUT_MS = 15 * 60 * 1000;

// ---------------------------------------------------------------------------------------------------
// The yardstick: the spec's computed columns, each written plainly with at most one aggregate (SUMIFS,
// COUNTIFS, MAXIFS) or one lookup (INDEX/MATCH) per value. Headers are the spec's English ones;
// `[@X]` is this row's X and `Table[X]` a whole column (expanded below into the full form, in the
// workbook's language). List values are compared in both languages, as the reader accepts both.
// ---------------------------------------------------------------------------------------------------
const WORDS = {
  zh: {
    leadership: '企业领导审批',
    adjustment: '需调整：总经理/销售总监审批',
    none: '无',
    approveLeadership: '企业领导',
    approveGm: '总经理/销售总监',
  },
  en: {
    leadership: 'Leadership approval',
    adjustment: 'Adjustment: GM / Sales Director',
    none: 'None',
    approveLeadership: 'Leadership',
    approveGm: 'GM / Sales Director',
  },
};

function yardstick(lang) {
  const w = WORDS[lang];
  const id = '[@[Project ID]]';
  const plan = '([@[Planned Cost]]+[@[Approved Adjustments]])';
  const asOf = 'IF(ISNUMBER(PP_AsOfDate),PP_AsOfDate,TODAY())';
  const blank = (expr) => `IF(${id}="","",${expr})`;
  const approved = '[@Decision]="已批准",[@Decision]="Approved"';
  return {
    Projects: {
      'Weight in Markets': 'IFERROR(INDEX(Markets[Weight],MATCH([@Market],Markets[Market],0)),"")',
      'Market Weight': 'IF(ISNUMBER([@[Weight in Markets]]),[@[Weight in Markets]],"")',
      'Margin Tier':
        'IF(ISNUMBER([@[Est. Gross Margin]]),IF([@[Est. Gross Margin]]>=PP_MarginTier5,5,' +
        'IF([@[Est. Gross Margin]]>=PP_MarginTier4,4,IF([@[Est. Gross Margin]]>=PP_MarginTier3,3,' +
        'IF([@[Est. Gross Margin]]>=PP_MarginTier2,2,1)))),"")',
      'Importance Score':
        'IF(AND(ISNUMBER([@[Margin Tier]]),ISNUMBER([@[Market Weight]])),' +
        'ROUND(PP_ScoreWeightMargin*[@[Margin Tier]]+PP_ScoreWeightMarket*[@[Market Weight]],2),"")',
      'Importance Grade':
        'IF(ISNUMBER([@[Importance Score]]),IF([@[Importance Score]]>=PP_GradeAMinScore,"A",' +
        'IF([@[Importance Score]]>=PP_GradeBMinScore,"B",IF([@[Importance Score]]>=PP_GradeCMinScore,"C","D"))),"")',
      'Pre-sales Budget Cap':
        'IF(AND(ISNUMBER([@[Est. Gross Margin]]),[@[Importance Grade]]<>""),MAX(0,[@[Est. Gross Margin]])*' +
        'IF([@[Importance Grade]]="A",PP_FeeRatioA,IF([@[Importance Grade]]="B",PP_FeeRatioB,' +
        'IF([@[Importance Grade]]="C",PP_FeeRatioC,PP_FeeRatioD))),"")',
      'Planned Cost': blank(`SUMIFS(TaskBook[Planned Cost],TaskBook[Project ID],${id})`),
      'Approved Adjustments': blank(`SUMIFS(Adjustments[Approved Cost Change],Adjustments[Project ID],${id})`),
      'Actual Cost': blank(`SUMIFS(TaskBook[Actual Cost],TaskBook[Project ID],${id})`),
      Overrun: blank(`MAX(0,[@[Actual Cost]]-${plan})`),
      'Overrun %': blank(`IF([@Overrun]<=0,0,IF(${plan}<=0,1,[@Overrun]/${plan}))`),
      'Unapproved Slip (days)': blank(`MAX(0,_xlfn.MAXIFS(TaskBook[Slip (days)],TaskBook[Project ID],${id}))`),
      Escalation: blank(
        `IF(OR([@Overrun]>PP_LeadOverrunPct*${plan},[@Overrun]>PP_LeadOverrunAmount,` +
          `[@[Unapproved Slip (days)]]>PP_LeadSlipDays,` +
          `AND(ISNUMBER([@[Pre-sales Budget Cap]]),[@[Planned Cost]]>[@[Pre-sales Budget Cap]])),"${w.leadership}",` +
          `IF(OR([@Overrun]>0,[@[Unapproved Slip (days)]]>0),"${w.adjustment}","${w.none}"))`,
      ),
      'Open Milestones': blank(`COUNTIFS(TaskBook[Project ID],${id},TaskBook[Actual End],"")`),
    },
    TaskBook: {
      'Cost Variance':
        'IF(AND(ISNUMBER([@[Actual Cost]]),ISNUMBER([@[Planned Cost]])),[@[Actual Cost]]-[@[Planned Cost]],"")',
      'Slip (days)':
        `IF(ISNUMBER([@[Planned End]]),MAX(0,IF(ISNUMBER([@[Actual End]]),[@[Actual End]],` +
        `MAX([@[Planned End]],${asOf}))-[@[Planned End]]-SUMIFS(Adjustments[Approved Schedule Days],` +
        `Adjustments[Project ID],${id},Adjustments[Milestone],[@Milestone])),"")`,
      Open: blank('IF([@[Actual End]]="",1,0)'),
    },
    Adjustments: {
      'Required Approval': blank(
        `IF(OR(ABS(N([@[Cost Change]]))>PP_AdjLeadPct*SUMIFS(TaskBook[Planned Cost],TaskBook[Project ID],${id}),` +
          `ABS(N([@[Cost Change]]))>PP_AdjLeadAmount,N([@[Schedule Change (days)]])>PP_AdjLeadDays),` +
          `"${w.approveLeadership}","${w.approveGm}")`,
      ),
      'Approved Cost Change': blank(`IF(AND(OR([@Type]="费用",[@Type]="Cost"),OR(${approved})),N([@[Cost Change]]),0)`),
      'Approved Schedule Days': blank(
        `IF(AND(OR([@Type]="进度",[@Type]="Schedule"),OR(${approved})),N([@[Schedule Change (days)]]),0)`,
      ),
    },
    Terminations: {
      'Cost to Date': blank(`SUMIFS(TaskBook[Actual Cost],TaskBook[Project ID],${id})`),
    },
    Summaries: {
      'Pre-sales Cost': blank(`SUMIFS(TaskBook[Actual Cost],TaskBook[Project ID],${id})`),
      'Current Plan': blank(
        `SUMIFS(TaskBook[Planned Cost],TaskBook[Project ID],${id})+` +
          `SUMIFS(Adjustments[Approved Cost Change],Adjustments[Project ID],${id})`,
      ),
      'Budget Used %': blank('IF([@[Current Plan]]>0,[@[Pre-sales Cost]]/[@[Current Plan]],"")'),
    },
    MonthlyReports: {
      'Due Date': 'IF(ISNUMBER([@Month]),DATE(YEAR([@Month]),MONTH([@Month])+1,PP_ReportDueDay),"")',
    },
  };
}

/** Inside brackets Excel escapes [ ] # and ' with an apostrophe. */
const bracket = (name) => name.replace(/(['#[\]])/g, "'$1");

/**
 * The yardstick's shorthand in the full structured-reference form, headers in the workbook's language.
 * `headers(table)` maps a table's English header to the workbook's header.
 */
function expand(table, formula, headers) {
  const name = (t, en) => {
    const h = headers(t)[en];
    if (h === undefined) throw new Error(`yardstick: ${t} has no column "${en}"`);
    return bracket(h);
  };
  return formula
    .replace(/\[@\[([^\]]+)\]\]|\[@([^[\]]+)\]/g, (_m, a, b) => `${table}[[#This Row],[${name(table, a || b)}]]`)
    .replace(/\b([A-Za-z]+)\[([^[\]]+)\](?!\])/g, (m, t, col) => (headers(t) ? `${t}[${name(t, col)}]` : m));
}

// ---------------------------------------------------------------------------------------------------
// The workbook's parts: which table lives on which sheet, its range, columns and calculated formulas.
// Only files our own export wrote are read here, so their XML layout is known.
// ---------------------------------------------------------------------------------------------------
const unescapeXml = (s) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const columnNumber = (letters) => [...letters].reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0);

async function readParts(bytes) {
  const JSZip = require('jszip');
  const zip = await JSZip.loadAsync(bytes);
  const tables = [];
  for (const rel of Object.keys(zip.files)) {
    const m = /^xl\/worksheets\/_rels\/(sheet\d+\.xml)\.rels$/.exec(rel);
    if (!m) continue;
    const rels = await zip.file(rel).async('string');
    for (const t of rels.matchAll(/Target="([^"]*tables\/(table\d+\.xml))"/g)) {
      const part = `xl/tables/${t[2]}`;
      const xml = await zip.file(part).async('string');
      const ref = /\sref="([A-Z]+)(\d+):([A-Z]+)(\d+)"/.exec(xml);
      const columns = [
        ...xml.matchAll(/<tableColumn\b[^>]*?\bname="([^"]*)"[^>]*?(?:\/>|>([\s\S]*?)<\/tableColumn>)/g),
      ].map((c) => {
        const calc = c[2] && /<calculatedColumnFormula>([^<]*)<\/calculatedColumnFormula>/.exec(c[2]);
        return { name: unescapeXml(c[1]), calc: calc ? unescapeXml(calc[1]) : null };
      });
      tables.push({
        name: /\sname="([^"]+)"/.exec(xml)[1],
        sheet: `xl/worksheets/${m[1]}`,
        part,
        firstCol: columnNumber(ref[1]),
        headerRow: Number(ref[2]),
        lastRow: Number(ref[4]),
        columns,
      });
    }
  }
  return { zip, tables };
}

const CELL_WITH_FORMULA = /<c r="([A-Z]+)(\d+)"([^>]*)><f>([^<]*)<\/f>(?:<v>[^<]*<\/v>)?<\/c>/g;

/**
 * Calls visit(table, column, formula) for every formula cell of every table's data body and for every
 * calculated-column formula; visit returns a new formula, null to empty the cell, or undefined to keep
 * it. Returns the rewritten file.
 */
async function rewriteFormulas(bytes, visit) {
  const { zip, tables } = await readParts(bytes);
  for (const sheet of [...new Set(tables.map((t) => t.sheet))]) {
    const here = tables.filter((t) => t.sheet === sheet);
    const xml = await zip.file(sheet).async('string');
    const out = xml.replace(CELL_WITH_FORMULA, (cell, col, row, attrs, f) => {
      const c = columnNumber(col);
      const r = Number(row);
      const t = here.find(
        (x) => r > x.headerRow && r <= x.lastRow && c >= x.firstCol && c < x.firstCol + x.columns.length,
      );
      if (!t) return cell;
      const next = visit(t.name, t.columns[c - t.firstCol].name, unescapeXml(f), r);
      if (next === undefined) return cell;
      if (next === null) return `<c r="${col}${row}"${attrs.replace(/\st="[^"]*"/, '')}/>`;
      return `<c r="${col}${row}"${attrs.replace(/\st="[^"]*"/, '')}><f>${escapeXml(next)}</f></c>`;
    });
    zip.file(sheet, out);
  }
  for (const t of tables) {
    const xml = await zip.file(t.part).async('string');
    const out = xml.replace(
      /(<tableColumn\b[^>]*?\bname="([^"]*)"[^>]*>)<calculatedColumnFormula>([^<]*)<\/calculatedColumnFormula>/g,
      (all, open, name, f) => {
        const next = visit(t.name, unescapeXml(name), unescapeXml(f), null);
        if (next === undefined) return all;
        return next === null ? open : `${open}<calculatedColumnFormula>${escapeXml(next)}</calculatedColumnFormula>`;
      },
    );
    zip.file(t.part, out);
  }
  // Fast deflate: the versions are read once by LibreOffice, whose inflating does not depend on the level.
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 } });
}

// ---------------------------------------------------------------------------------------------------
// The three versions of the workbook.
// ---------------------------------------------------------------------------------------------------
async function buildOurs(n, lang) {
  const synthetic = require('./synthetic');
  const engine = synthetic.engineOf(lib);
  const { MemoryWorkbook } = lib('hosts/memory');
  const { exportXlsx } = lib('hosts/xlsx');
  const W = lib('workbook');
  const { serialFromYmd } = lib('engine/values');
  const today = serialFromYmd(2026, 6, 1);
  const wb = new MemoryWorkbook();
  const run = (b) => wb.run(b);
  await W.setUp(run, { lang });
  wb.payloadLimitBytes = Number.POSITIVE_INFINITY; // building the fixture is not measured
  const data = synthetic.syntheticRows(engine, n, { lang, today });
  await synthetic.fillWorkbook(engine, run, data);
  const counts = Object.fromEntries(Object.entries(data.rows).map(([k, v]) => [k, v.length]));
  return { bytes: await exportXlsx(wb), counts };
}

/**
 * Every computed column of the schema, in every data row of its table, must hold exactly the formula
 * set-up writes (columnFormula, with the file format's _xlfn. prefixes), and no short `[@Col]` form.
 * Returns the number of computed cells; throws on the first table that breaks it.
 */
async function checkOurs(bytes, lang) {
  const { TABLE_BY_NAME, computedColumns } = lib('engine/schema');
  const { columnFormula } = lib('engine/formulas');
  const { addXlfn } = lib('hosts/xlsx/xml');
  const { tables } = await readParts(bytes);
  const expected = new Map(); // "Table\u0000Header" -> formula
  for (const t of tables) {
    const schema = TABLE_BY_NAME[t.name];
    if (!schema) continue;
    for (const c of computedColumns(schema)) {
      const f = addXlfn(columnFormula(schema, c, lang).slice(1));
      if (f.includes('[@')) throw new Error(`${t.name}.${c.key}: not in the full structured-reference form`);
      expected.set(`${t.name}\u0000${c.header[lang]}`, f);
      const col = t.columns.find((x) => x.name === c.header[lang]);
      if (!col) throw new Error(`${t.name} has no column ${c.header[lang]}`);
      if (col.calc !== f) throw new Error(`${t.name}[${col.name}]: calculated-column formula is not ours: ${col.calc}`);
    }
  }
  const seen = new Map();
  let wrong = null;
  await rewriteFormulas(bytes, (table, header, f, row) => {
    const key = `${table}\u0000${header}`;
    if (row === null || !expected.has(key)) return undefined;
    if (f !== expected.get(key) && !wrong) wrong = `${table}[${header}] row ${row}: ${f}`;
    seen.set(key, (seen.get(key) || 0) + 1);
    return undefined;
  });
  if (wrong) throw new Error(`a computed cell does not hold our formula: ${wrong}`);
  let cells = 0;
  for (const t of tables) {
    for (const [key] of expected) {
      if (!key.startsWith(`${t.name}\u0000`)) continue;
      const n = seen.get(key) || 0;
      if (n !== t.lastRow - t.headerRow)
        throw new Error(`${key.replace('\u0000', '[')}]: ${n} formulas in ${t.lastRow - t.headerRow} rows`);
      cells += n;
    }
  }
  return { cells, columns: expected.size };
}

/** The yardstick formula of each computed column, keyed "Table\u0000Header" in the workbook's language. */
function yardstickFormulas(lang) {
  const { TABLE_BY_NAME } = lib('engine/schema');
  // Only to translate the spec's English headers into the workbook's language.
  const headers = (t) =>
    TABLE_BY_NAME[t] && Object.fromEntries(TABLE_BY_NAME[t].columns.map((c) => [c.header.en, c.header[lang]]));
  const out = new Map();
  for (const [table, cols] of Object.entries(yardstick(lang)))
    for (const [en, f] of Object.entries(cols))
      out.set(`${table}\u0000${headers(table)[en]}`, expand(table, f, headers));
  return out;
}

/** Ours with the computed columns named in `swap` (or all of them) replaced by the yardstick's. */
async function withYardstick(bytes, lang, swap) {
  const { TABLE_BY_NAME } = lib('engine/schema');
  const formulas = yardstickFormulas(lang);
  const missing = [];
  const keyOf = (table, header) => {
    const c = TABLE_BY_NAME[table] && TABLE_BY_NAME[table].columns.find((x) => x.header[lang] === header);
    return c ? `${table}:${c.key}` : `${table}:?`;
  };
  const out = await rewriteFormulas(bytes, (table, header) => {
    const key = `${table}\u0000${header}`;
    if (swap && !swap.has(keyOf(table, header))) return undefined;
    if (!formulas.has(key)) {
      if (!missing.includes(key)) missing.push(key);
      return undefined;
    }
    return formulas.get(key);
  });
  if (missing.length)
    throw new Error(
      `the yardstick has no formula for ${missing.map((k) => k.replace('\u0000', '[') + ']').join(', ')}`,
    );
  return out;
}

/** Ours with every computed cell emptied. */
const withoutFormulas = (bytes) => rewriteFormulas(bytes, () => null);

// ---------------------------------------------------------------------------------------------------
// LibreOffice.
// ---------------------------------------------------------------------------------------------------
const REGISTRY = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
`;

function findSoffice() {
  for (const bin of [process.env.SOFFICE, 'soffice', 'libreoffice'].filter(Boolean)) {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30000 });
    if (!r.error && r.status === 0) return { bin, version: r.stdout.trim() };
  }
  return null;
}

// CPU seconds of the whole LibreOffice process tree, when GNU time is there to report it.
const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Converts `file` to .xlsx in `outDir` with the profile `profile`; wall clock and CPU seconds. */
function convert(soffice, profile, file, outDir) {
  const args = [
    `-env:UserInstallation=${require('url').pathToFileURL(profile).href}`,
    '--headless',
    '--norestore',
    '--nolockcheck',
    '--convert-to',
    'xlsx',
    '--outdir',
    outDir,
    file,
  ];
  const timeFile = path.join(outDir, `${path.basename(file)}.time`);
  const [cmd, cmdArgs] = GNU_TIME ? [GNU_TIME, ['-f', '%U %S', '-o', timeFile, soffice, ...args]] : [soffice, args];
  return new Promise((resolve, reject) => {
    const t = process.hrtime.bigint();
    const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let err = '';
    child.stdout.on('data', () => {});
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL'); // its own process group: soffice forks oosplash and soffice.bin
      } catch {
        child.kill('SIGKILL');
      }
      reject(new Error(`LibreOffice did not finish ${path.basename(file)} within ${CONVERT_TIMEOUT_MS / 60000} min`));
    }, CONVERT_TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
      const out = path.join(outDir, path.basename(file).replace(/\.[^.]*$/, '.xlsx'));
      if (!fs.existsSync(out)) {
        reject(
          new Error(`LibreOffice wrote no ${path.basename(file)} (exit ${code}): ${err.trim().split('\n').pop()}`),
        );
        return;
      }
      let cpuMs = NaN;
      if (GNU_TIME && fs.existsSync(timeFile)) {
        const parts = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        if (parts.length === 2 && parts.every(Number.isFinite)) cpuMs = (parts[0] + parts[1]) * 1000;
      }
      resolve({ wallMs, cpuMs, out });
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// The values both recalculated files show.
// ---------------------------------------------------------------------------------------------------
async function computedValues(bytes, lang) {
  const { readPipelineXlsx } = lib('hosts/xlsx/pipeline-reader');
  const { TABLE_BY_NAME, computedColumns } = lib('engine/schema');
  const { snapshot } = await readPipelineXlsx(bytes);
  const out = new Map();
  for (const t of Object.values(snapshot.tables)) {
    const schema = TABLE_BY_NAME[t.name];
    if (!schema) continue;
    for (const c of computedColumns(schema)) {
      const i = t.headers.indexOf(c.header[lang]);
      if (i >= 0)
        out.set(
          `${t.name}.${c.key}`,
          t.rows.map((r) => r[i]),
        );
    }
  }
  return out;
}

const same = (a, b) =>
  a === b ||
  ((a === null || a === '') && (b === null || b === '')) ||
  (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) ||
  JSON.stringify(a) === JSON.stringify(b);

function compareValues(ours, yard) {
  let cells = 0;
  const diffs = [];
  for (const [key, a] of ours) {
    const b = yard.get(key);
    if (!b) {
      diffs.push(`${key}: not in the yardstick's file`);
      continue;
    }
    for (let r = 0; r < Math.max(a.length, b.length); r++) {
      cells++;
      if (!same(a[r], b[r]))
        diffs.push(`${key} row ${r + 1}: ours ${JSON.stringify(a[r])}, yardstick ${JSON.stringify(b[r])}`);
    }
  }
  return { cells, diffs };
}

// ---------------------------------------------------------------------------------------------------
async function main() {
  const n = Number(opt('projects', 2000));
  const rounds = Math.max(1, Number(opt('rounds', 1)));
  const lang = opt('lang', 'zh');
  const swap = opt('swap', null);
  const started = Date.now();
  console.log(
    `\n== LibreOffice: recalculating the ${n.toLocaleString('en-US')}-project workbook, ours vs. a one-aggregate-per-value yardstick ==`,
  );
  const lo = findSoffice();
  if (!lo) {
    console.log('  LibreOffice (soffice) not found; skipped (SOFFICE=/path/to/soffice to use one)');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'presales-bench-recalc-'));
  try {
    let t = Date.now();
    const { bytes, counts } = await buildOurs(n, lang);
    const { cells, columns } = await checkOurs(bytes, lang);
    const versions = [
      { name: 'ours', bytes },
      { name: 'yardstick', bytes: await withYardstick(bytes, lang, null) },
      { name: 'no formulas', bytes: await withoutFormulas(bytes) },
    ];
    if (swap) {
      const keys = new Set(swap.split(','));
      versions.push({ name: `ours, ${swap} from the yardstick`, bytes: await withYardstick(bytes, lang, keys) });
    }
    console.log(
      `  workbook (${lang}): ${counts.Projects} projects, ${counts.TaskBook} milestones, ${counts.Adjustments} adjustments, ` +
        `${counts.MonthlyReports} monthly reports; ${cells.toLocaleString('en-US')} computed cells in ${columns} columns, ` +
        `each holding our formula in the full structured-reference form (built in ${sec(Date.now() - t)})`,
    );
    console.log(`  ${lo.version}; recalculation forced on load (OOXMLRecalcMode = always), converted to .xlsx`);
    const profile = path.join(dir, 'profile');
    fs.mkdirSync(path.join(profile, 'user'), { recursive: true });
    fs.writeFileSync(path.join(profile, 'user', 'registrymodifications.xcu'), REGISTRY);
    // LibreOffice's first start in a new profile sets the profile up; do that outside the timings.
    const warm = path.join(dir, 'warm');
    fs.mkdirSync(warm);
    fs.writeFileSync(path.join(warm, 'warm.csv'), 'warm-up\n');
    await convert(lo.bin, profile, path.join(warm, 'warm.csv'), warm);
    for (const v of versions) {
      v.file = path.join(dir, `${v.name.replace(/[^a-z]+/gi, '-')}.xlsx`);
      fs.writeFileSync(v.file, v.bytes);
      v.runs = [];
    }
    for (let round = 0; round < rounds; round++) {
      // Interleaved, the order turned each round, so every version meets the same machine load.
      const order = round % 2 ? [...versions].reverse() : versions;
      for (const v of order) {
        const outDir = path.join(dir, `out-${round}`);
        fs.mkdirSync(outDir, { recursive: true });
        v.runs.push(await convert(lo.bin, profile, v.file, outDir));
      }
    }
    const load = os.loadavg()[0].toFixed(1);
    const base = versions.find((v) => v.name === 'no formulas');
    const baseWall = median(base.runs.map((r) => r.wallMs));
    const baseCpu = median(base.runs.map((r) => r.cpuMs));
    for (const v of versions) {
      v.wall = median(v.runs.map((r) => r.wallMs));
      v.cpu = median(v.runs.map((r) => r.cpuMs));
      const net = v === base ? '' : `; recalculation alone ${sec(v.wall - baseWall)} wall, ${sec(v.cpu - baseCpu)} CPU`;
      console.log(
        `  ${v.name.padEnd(13)} wall median ${sec(v.wall).padStart(7)}, CPU ${Number.isNaN(v.cpu) ? '-' : sec(v.cpu)}${net}  ` +
          `[runs: ${v.runs.map((r) => (r.wallMs / 1000).toFixed(1)).join(', ')} s]`,
      );
    }
    const [ours, yard] = versions;
    const ratio = ours.wall / yard.wall;
    const netRatio = (ours.wall - baseWall) / (yard.wall - baseWall);
    const cpuRatio = (ours.cpu - baseCpu) / (yard.cpu - baseCpu);
    console.log(
      `  ratio ours / yardstick, wall clock (${rounds === 1 ? 'one run each' : `median of ${rounds}`}): ${ratio.toFixed(2)} (target ≤ 1.0) ${verdict(ratio <= 1.0)}` +
        `; recalculation alone: ${netRatio.toFixed(2)} wall, ${Number.isNaN(cpuRatio) ? '-' : cpuRatio.toFixed(2)} CPU` +
        ` (load average ${load} on ${os.cpus().length} cores)`,
    );
    // The same values in every computed cell, so the yardstick is the same workbook, only cheaper or not.
    const last = (v) => fs.readFileSync(v.runs[v.runs.length - 1].out);
    const { cells: compared, diffs } = compareValues(
      await computedValues(last(ours), lang),
      await computedValues(last(yard), lang),
    );
    console.log(
      `  same values, ours vs. yardstick after recalculation: ${compared.toLocaleString('en-US')} computed cells compared, ` +
        `${diffs.length} differ ${verdict(diffs.length === 0 && compared > 0)}`,
    );
    for (const d of diffs.slice(0, 5)) console.log(`    ${d}`);
    const keep = opt('keep', null);
    if (keep) {
      fs.mkdirSync(keep, { recursive: true });
      for (const v of versions) fs.copyFileSync(v.file, path.join(keep, path.basename(v.file)));
    }
    console.log(`  (this section took ${sec(Date.now() - started)})`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err && err.stack ? err.stack : err);
    process.exitCode = 1;
  });
}

module.exports = { yardstick, expand, rewriteFormulas, readParts };
