import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'fs';
import { basename, join, resolve } from 'path';
import { Text } from '../engine/i18n';
import { WorkbookSnapshot } from '../engine/snapshot';
import { readPipelineXlsx } from '../hosts/xlsx/pipeline-reader';
import { XlsxReadError } from '../hosts/xlsx/read-error';
import type { Inflater } from '../hosts/xlsx/zip';
import { nodeInflate } from './node-inflate';

/** One input of a many-workbook command (rollup, lessons), read or with the reason it was not. */
export interface WorkbookFile {
  /** As the user named it (relative paths stay relative). */
  file: string;
  path: string;
  snapshot?: WorkbookSnapshot;
  error?: Text;
}

export interface ReadFileOptions {
  /** Tables beyond the pipeline's to read too (a roll-up's `Lessons` for the knowledge base). */
  extraTables?: readonly string[];
  /** Node's zlib streamed by default; a worker thread inflates on its own thread (nodeInflateAtOnce). */
  inflate?: Inflater;
}

const firstLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/**
 * Reads one file with the direct reader (the one `check` and the pane use); never throws for a bad
 * file — the reason is carried instead, the reader's own line for a file it refuses.
 */
export async function readWorkbookFile(file: string, options: ReadFileOptions = {}): Promise<WorkbookFile> {
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
  // A file of 0 bytes is a file-system fact, told like a missing file (a save that never finished).
  if (bytes.length === 0) return { file, path, error: { zh: '空文件（0 字节）', en: 'empty file (0 bytes)' } };
  try {
    // Node's zlib inflates, as for `check` (pako stays the browser's).
    const { snapshot } = await readPipelineXlsx(bytes, {
      extraTables: options.extraTables,
      inflate: options.inflate ?? nodeInflate,
    });
    return { file, path, snapshot };
  } catch (e) {
    return {
      file,
      path,
      error:
        e instanceof XlsxReadError
          ? e.text
          : { zh: `无法读取工作簿：${firstLine(e)}`, en: `cannot read the workbook: ${firstLine(e)}` },
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
