/**
 * Recalculates .xlsx files with LibreOffice headless and returns the recalculated files.
 *
 * Each call gets its own LibreOffice profile (a mkdtemp directory passed as
 * `-env:UserInstallation=file://…`) holding a pre-written `user/registrymodifications.xcu` that sets
 * `/org.openoffice.Office.Calc/Formula/Load` `OOXMLRecalcMode` = 0 ("always recalculate"), so formulas
 * are evaluated by LibreOffice rather than their cached results kept. Several files share one soffice
 * start. Temp dirs are removed afterwards; a missing soffice or a hang is a clear error.
 */
import { spawn, spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { pathToFileURL } from 'url';

export const SOFFICE_TIMEOUT_MS = 60_000;

const REGISTRY = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
`;

let cachedBinary: string | null | undefined;

/** The soffice (or libreoffice) executable on PATH, or null. */
export function findSoffice(): string | null {
  if (cachedBinary !== undefined) return cachedBinary;
  for (const name of [process.env.SOFFICE, 'soffice', 'libreoffice'].filter((x): x is string => !!x)) {
    const r = spawnSync(name, ['--version'], { encoding: 'utf8', timeout: 20_000 });
    if (!r.error && r.status === 0) return (cachedBinary = name);
  }
  return (cachedBinary = null);
}

function requireSoffice(): string {
  const bin = findSoffice();
  if (!bin) {
    throw new Error(
      'LibreOffice (soffice) is not installed or not on PATH; these tests need it to recalculate workbooks. ' +
        'CI installs libreoffice-calc (apt-get install -y libreoffice-calc); set SOFFICE=/path/to/soffice to use another one.',
    );
  }
  return bin;
}

/**
 * Opens each input in LibreOffice (recalculating every formula on load) and saves it as .xlsx again.
 * Returns the saved files in input order. One soffice process serves all inputs.
 */
export async function recalcXlsxMany(
  inputs: readonly Buffer[],
  options: { timeoutMs?: number } = {},
): Promise<Buffer[]> {
  if (inputs.length === 0) return [];
  const bin = requireSoffice();
  const timeoutMs = options.timeoutMs ?? SOFFICE_TIMEOUT_MS;
  const work = mkdtempSync(join(tmpdir(), 'presales-lo-'));
  try {
    const profile = join(work, 'profile');
    mkdirSync(join(profile, 'user'), { recursive: true });
    writeFileSync(join(profile, 'user', 'registrymodifications.xcu'), REGISTRY);
    const inDir = join(work, 'in');
    const outDir = join(work, 'out');
    mkdirSync(inDir);
    mkdirSync(outDir);
    const names = inputs.map((buf, i) => {
      const name = `book${i}.xlsx`;
      writeFileSync(join(inDir, name), buf);
      return name;
    });
    const args = [
      `-env:UserInstallation=${pathToFileURL(profile).href}`,
      '--headless',
      '--norestore',
      '--nolockcheck',
      '--convert-to',
      'xlsx',
      '--outdir',
      outDir,
      ...names.map((n) => join(inDir, n)),
    ];
    const { code, stdout, stderr, timedOut } = await new Promise<{
      code: number | null;
      stdout: string;
      stderr: string;
      timedOut: boolean;
    }>((resolve, reject) => {
      const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      let out = '';
      let err = '';
      let timedOut = false;
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-child.pid!, 'SIGKILL'); // the whole process group: soffice forks oosplash/soffice.bin
        } catch {
          child.kill('SIGKILL');
        }
      }, timeoutMs);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`cannot start ${bin}: ${e.message}`));
      });
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve({ code: c, stdout: out, stderr: err, timedOut });
      });
    });
    if (timedOut)
      throw new Error(`LibreOffice did not finish within ${timeoutMs / 1000} s converting ${names.join(', ')}`);
    return names.map((n) => {
      const p = join(outDir, n);
      if (!existsSync(p)) {
        throw new Error(
          `LibreOffice did not write ${n} (exit ${code}): ${(stderr || stdout).trim().split('\n').slice(-3).join(' | ') || 'no output'}`,
        );
      }
      return readFileSync(p);
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Recalculates one .xlsx with LibreOffice and returns the recalculated file. */
export async function recalcXlsx(input: Buffer, options: { timeoutMs?: number } = {}): Promise<Buffer> {
  return (await recalcXlsxMany([input], options))[0];
}
