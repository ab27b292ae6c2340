import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'fs';
import { basename, join, resolve } from 'path';
import { Text } from '../engine/i18n';
import { WorkbookSnapshot } from '../engine/snapshot';
import { MemoryWorkbook } from '../hosts/memory';
import { dataRect } from '../hosts/memory/model';
import { cellA1 } from '../engine/address';
import { CellValue } from '../engine/values';
import { readSnapshot } from '../workbook/check';

/** One input of a many-workbook command (rollup, lessons), read or with the reason it was not. */
export interface WorkbookFile {
  /** As the user named it (relative paths stay relative). */
  file: string;
  path: string;
  snapshot?: WorkbookSnapshot;
  error?: Text;
}

const OLE = [0xd0, 0xcf, 0x11, 0xe0];

/** Why bytes are not an .xlsx we can read, before any zip library sees them; null when they may be one. */
export function sniffNotXlsx(bytes: Uint8Array): Text | null {
  if (bytes.length === 0) return { zh: '空文件（0 字节）', en: 'empty file (0 bytes)' };
  if (OLE.every((b, i) => bytes[i] === b)) {
    return {
      zh: '旧版 .xls 或设置了密码的工作簿：请在 Excel 中打开，另存为不带密码的 .xlsx',
      en: 'old .xls or password-protected workbook: open it in Excel and save as .xlsx without a password',
    };
  }
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    return {
      zh: '不是 .xlsx 文件（看起来是文本或 CSV）：请在 Excel 中另存为 .xlsx',
      en: 'not an .xlsx file (it looks like text or CSV): save it from Excel as .xlsx',
    };
  }
  return null;
}

/** The tables of a workbook file as the engine reads them, plus any other table's values (Lessons, …). */
export async function snapshotFromBytes(bytes: Uint8Array): Promise<WorkbookSnapshot> {
  const { importXlsx } = await import('../hosts/xlsx/import'); // ExcelJS loads slowly: only when needed
  const wb: MemoryWorkbook = await importXlsx(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
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

const firstLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/** Reads one file; never throws for a bad file — the reason is carried instead. */
export async function readWorkbookFile(file: string): Promise<WorkbookFile> {
  const path = resolve(file);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why: Text =
      code === 'ENOENT'
        ? { zh: '文件不存在', en: 'no such file' }
        : code === 'EACCES' || code === 'EPERM'
          ? { zh: '没有读取权限', en: 'permission denied' }
          : code === 'EISDIR'
            ? { zh: '这是文件夹', en: 'it is a folder' }
            : { zh: `无法读取：${firstLine(e)}`, en: `cannot read: ${firstLine(e)}` };
    return { file, path, error: why };
  }
  const sniff = sniffNotXlsx(bytes);
  if (sniff) return { file, path, error: sniff };
  try {
    return { file, path, snapshot: await snapshotFromBytes(bytes) };
  } catch (e) {
    return {
      file,
      path,
      error: { zh: `无法读取工作簿：${firstLine(e)}`, en: `cannot read the workbook: ${firstLine(e)}` },
    };
  }
}

export interface ExpandedInputs {
  files: string[];
  /** Files in the folders given that are not workbooks, and names that do not exist, each with its reason. */
  ignored: { file: string; why: Text }[];
}

const isWorkbookName = (name: string): boolean =>
  /\.xlsx$/i.test(name) && !name.startsWith('~$') && !name.startsWith('.~lock');

/** Files named directly are taken as given; folders give their .xlsx files (not lock files), sorted. */
export function expandInputs(args: readonly string[]): ExpandedInputs {
  const files: string[] = [];
  const ignored: ExpandedInputs['ignored'] = [];
  for (const a of args) {
    let st;
    try {
      st = statSync(a);
    } catch {
      files.push(a); // reported as "no such file" when read
      continue;
    }
    if (!st.isDirectory()) {
      files.push(a);
      continue;
    }
    const names = readdirSync(a).sort((x, y) => x.localeCompare(y));
    for (const name of names) {
      const p = join(a, name);
      let isFile = false;
      try {
        isFile = statSync(p).isFile();
      } catch {
        isFile = false;
      }
      if (!isFile) continue;
      if (isWorkbookName(name)) files.push(p);
      else ignored.push({ file: p, why: { zh: '不是 .xlsx 文件，已忽略', en: 'not an .xlsx file; ignored' } });
    }
  }
  return { files, ignored };
}

/** The real path of a file, or its resolved path when it does not exist (for same-file checks). */
export function identity(file: string): string {
  const p = resolve(file);
  try {
    return existsSync(p) ? realpathSync(p) : p;
  } catch {
    return p;
  }
}

export const displayName = (file: string): string => basename(file);
