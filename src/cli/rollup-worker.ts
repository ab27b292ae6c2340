/**
 * A worker thread of `presales rollup`: reads team workbooks with the direct reader and makes each one's
 * share of the roll-up with the engine, so that files are read and checked on every core. It sends back
 * plain rows (no snapshot, no analysis), which cost little to pass between threads.
 */
import { parentPort, workerData } from 'worker_threads';
import { Lang } from '../engine/i18n';
import { rollupPart, RollupPart } from '../engine/rollup';
import { nodeInflateAtOnce } from './node-inflate';
import { displayName, readWorkbookFile } from './workbook-files';

export interface PartTask {
  index: number;
  file: string;
  lang: Lang;
  asOf?: number;
}

export interface PartResult {
  index: number;
  part?: RollupPart;
  /** An unexpected failure (a bug, not a bad file): the command stops with this line, as in one thread. */
  error?: string;
}

/** Marks the threads started as roll-up workers (a module may be loaded in a thread for other reasons). */
export const WORKER_MARK = 'presales-rollup-worker';

/**
 * Reads one file and makes its share; never throws for a bad file (its reason is in the part). A worker
 * thread inflates on its own thread (it has nothing else to do meanwhile); the main thread streams.
 */
export async function partOfFile(task: PartTask, inThread = false): Promise<RollupPart> {
  const read = await readWorkbookFile(task.file, inThread ? { inflate: nodeInflateAtOnce } : {});
  return rollupPart(
    { file: displayName(task.file), snapshot: read.snapshot, error: read.error },
    { lang: task.lang, asOf: task.asOf },
  );
}

if (parentPort && workerData === WORKER_MARK) {
  const port = parentPort;
  port.on('message', (task: PartTask) => {
    partOfFile(task, true).then(
      (part) => {
        // The analysis stays here: the roll-up needs only the rows and counts.
        const result: PartResult = { index: task.index, part: { ...part, source: { ...part.source, analysis: null } } };
        port.postMessage(result);
      },
      (e: unknown) => {
        const result: PartResult = { index: task.index, error: e instanceof Error ? e.message : String(e) };
        port.postMessage(result);
      },
    );
  });
}
