import { jsonBytes, PAYLOAD_BUDGET } from './read';

/**
 * One queued write and the request bytes it adds. Writes are queued as steps so that a large one (a
 * formula down 60,000 rows) can be split and sent over several requests, each under Excel on the
 * web's 5 MB limit, in the order they were queued.
 */
export interface Step {
  bytes: number;
  run: () => void;
}

/** What an operation with no array of its own costs in a request (object paths, property names). */
export const STEP_BYTES = 512;

export const step = (run: () => void, bytes = STEP_BYTES): Step => ({ run, bytes });

/** The request bytes of writing a 2-D array. */
export const arrayBytes = (grid: unknown[][]): number => jsonBytes(grid) + STEP_BYTES;

/**
 * One column of `rows` cells, all `value`, written as n×1 arrays (the documented shape) in pieces that
 * each fit a request; `write(firstRow, rows, grid)` queues the write of one piece.
 */
export function columnSteps(
  rows: number,
  value: string | number,
  write: (offset: number, grid: (string | number)[][]) => void,
): Step[] {
  const perRow = jsonBytes([[value]]);
  const piece = Math.max(1, Math.floor(PAYLOAD_BUDGET / 2 / perRow));
  const out: Step[] = [];
  for (let at = 0; at < rows; at += piece) {
    const n = Math.min(piece, rows - at);
    const offset = at;
    out.push({
      bytes: n * perRow + STEP_BYTES,
      run: () =>
        write(
          offset,
          Array.from({ length: n }, () => [value]),
        ),
    });
  }
  return out;
}

/**
 * Runs the steps in order, syncing whenever the next one would take the request over the budget, and
 * once at the end. Calculation waits until each sync (Excel recalculates once per request).
 */
export async function runSteps(
  context: Excel.RequestContext,
  steps: readonly Step[],
  budget = PAYLOAD_BUDGET,
): Promise<void> {
  let used = 0;
  for (const s of steps) {
    if (used > 0 && used + s.bytes > budget) {
      await context.sync();
      used = 0;
    }
    if (used === 0) context.application.suspendApiCalculationUntilNextSync();
    s.run();
    used += s.bytes;
  }
  if (used > 0) await context.sync();
}
