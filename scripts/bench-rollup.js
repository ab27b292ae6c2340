#!/usr/bin/env node

/**
 * Roll-up figures (part of `npm run bench`): 50 team workbooks of 200 projects each (10,000 projects,
 * with their plans, milestones, adjustments and summaries), then `presales rollup` on them as a child
 * process. Prints projects per second (target ≥ 2,000, i.e. ≤ 5 s) and the child's peak memory (target
 * ≤ 1 GB). Expects lib/ to be built (bench.js builds it). Options: --teams N, --projects N.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const lib = (p) => require(path.join(ROOT, 'lib', p));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};

async function teamFiles(dir, teams, perTeam) {
  const JSZip = require('jszip');
  const synthetic = require('./synthetic');
  const engine = synthetic.engineOf(lib);
  const { MemoryWorkbook } = lib('hosts/memory');
  const { exportXlsx } = lib('hosts/xlsx');
  const W = lib('workbook');
  const { serialFromYmd } = lib('engine/values');
  const today = serialFromYmd(2026, 6, 1);
  // One team workbook is built through the add-in's own set-up, then copied per team with its IDs renamed
  // (SYN-… → Tnn-…), so the teams' projects are distinct as they are in real life.
  const wb = new MemoryWorkbook({ empty: true });
  const run = (b) => wb.run(b);
  await W.setUp(run, { lang: 'zh' });
  wb.payloadLimitBytes = Number.POSITIVE_INFINITY;
  await synthetic.fillWorkbook(engine, run, synthetic.syntheticRows(engine, perTeam, { lang: 'zh', today }));
  const base = await exportXlsx(wb);
  const files = [];
  for (let t = 1; t <= teams; t++) {
    const zip = await JSZip.loadAsync(base);
    const code = `T${String(t).padStart(2, '0')}`;
    for (const part of Object.keys(zip.files).filter((p) =>
      /^xl\/(sharedStrings|worksheets\/sheet\d+)\.xml$/.test(p),
    )) {
      const xml = await zip.file(part).async('string');
      zip.file(part, xml.replace(/SYN-/g, `${code}-`));
    }
    const file = path.join(dir, `team-${code}.xlsx`);
    fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    files.push(file);
  }
  return { files, today };
}

async function main() {
  const teams = arg('teams', 50);
  const perTeam = arg('projects', 200);
  const total = teams * perTeam;
  console.log(
    `\n== Roll-up: presales rollup on ${teams} team workbooks of ${perTeam} projects (${total.toLocaleString('en-US')} projects) ==`,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'presales-rollup-bench-'));
  try {
    const t0 = Date.now();
    // The inputs in a folder of their own: the output never lands among them (rollup refuses OUT as an input).
    const inDir = path.join(dir, 'teams');
    fs.mkdirSync(inDir);
    const { files } = await teamFiles(inDir, teams, perTeam);
    const bytes = files.reduce((a, f) => a + fs.statSync(f).size, 0);
    console.log(
      `  (built the inputs in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${(bytes / 1024 / 1024).toFixed(1)} MB in all)`,
    );
    const out = path.join(dir, 'rollup.xlsx');
    // The CLI in a child process that reports its own peak memory (maxRSS, in KB) when it ends.
    const probe =
      `const { main } = require(${JSON.stringify(path.join(ROOT, 'lib', 'cli', 'main.js'))});` +
      `main(process.argv.slice(1), { out: () => {}, err: (s) => process.stderr.write(s + "\\n") }).then((code) => {` +
      `const u = process.resourceUsage(); process.stderr.write("@@maxrss " + u.maxRSS + "\\n@@cpu " + (u.userCPUTime + u.systemCPUTime) + "\\n");` +
      `process.exitCode = code; });`;
    const runs = [];
    for (let i = 0; i < 3; i++) {
      fs.rmSync(out, { force: true });
      const t = process.hrtime.bigint();
      const res = spawnSync(
        process.execPath,
        ['-e', probe, 'rollup', out, inDir, '--lang', 'zh', '--as-of', '2026-06-01'],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      const rss = Number((/@@maxrss (\d+)/.exec(res.stderr) || [])[1] || 0) * 1024;
      const cpu = Number((/@@cpu (\d+)/.exec(res.stderr) || [])[1] || 0) / 1e6; // µs
      runs.push({
        ms,
        rss,
        cpu,
        load: os.loadavg()[0],
        status: res.status,
        err: res.stderr.replace(/@@(maxrss|cpu) \d+\n?/g, '').trim(),
      });
    }
    runs.sort((a, b) => a.ms - b.ms);
    const mid = runs[1];
    const pps = total / (mid.ms / 1000);
    const peak = Math.max(...runs.map((r) => r.rss));
    // A run that wrote nothing (a crash, a refusal) is reported as such, never as a stat error of the bench.
    const size = fs.existsSync(out) ? `${(fs.statSync(out).size / 1024 / 1024).toFixed(1)} MB` : 'none written';
    console.log(`  exit status ${mid.status}${mid.err ? `; stderr: ${mid.err.slice(0, 300)}` : ''}; output ${size}`);
    if (runs.some((r) => r.status !== 0)) {
      console.log(`  FAIL: presales rollup exited with ${runs.map((r) => r.status).join(', ')}`);
      process.exitCode = 1;
      return;
    }
    console.log(
      `  wall time (median of 3): ${(mid.ms / 1000).toFixed(2)} s  [runs: ${runs.map((r) => (r.ms / 1000).toFixed(2)).join(', ')}]`,
    );
    // Two cores are shared: the load and the CPU time (all threads) say how far the wall time is the machine's.
    console.log(
      `  CPU time of that run (all threads): ${mid.cpu.toFixed(1)} s; load average (1 min) ${runs.map((r) => r.load.toFixed(1)).join(', ')} on ${os.cpus().length} cores`,
    );
    console.log(
      `  throughput: ${Math.round(pps).toLocaleString('en-US')} projects/s (target ≥ 2,000) ${pps >= 2000 ? 'PASS' : 'FAIL'}`,
    );
    console.log(
      `  peak memory: ${(peak / 1024 / 1024).toFixed(0)} MB (target ≤ 1,024 MB) ${peak <= 1024 * 1024 * 1024 ? 'PASS' : 'FAIL'}`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { teamFiles };

if (require.main === module) {
  main().catch((e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exitCode = 1;
  });
}
