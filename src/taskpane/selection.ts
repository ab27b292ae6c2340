import type { ExcelRunner } from '../workbook/types';

/**
 * Calls `callback` whenever the user selects other cells. Uses Workbook.onSelectionChanged (ExcelApi 1.2)
 * when the host has it; otherwise (a host without events) polls the selected range's address.
 * Returns an unsubscribe function. The Office event handler stays registered with Excel after
 * unsubscribing (removing it needs the original request context); it just stops calling back.
 */
export async function subscribeSelection(
  run: ExcelRunner,
  callback: (address?: string) => void,
  options: { pollMs?: number } = {},
): Promise<() => void> {
  let active = true;
  const fire = (address?: string): void => {
    if (active) callback(address);
  };
  let evented = false;
  try {
    evented = await run(async (context) => {
      const wb = context.workbook as unknown as {
        onSelectionChanged?: { add?: (h: (e: unknown) => Promise<void>) => unknown };
      };
      const ev = wb.onSelectionChanged;
      if (!ev || typeof ev.add !== 'function') return false;
      ev.add(async (e: unknown) => {
        const address = (e as { address?: string } | undefined)?.address;
        fire(typeof address === 'string' ? address : undefined);
      });
      await context.sync();
      return true;
    });
  } catch {
    evented = false;
  }
  if (evented) {
    return () => {
      active = false;
    };
  }

  // Fallback: poll the selection.
  let last: string | null = null;
  let busy = false;
  const read = async (): Promise<string | null> =>
    run(async (context) => {
      const range = context.workbook.getSelectedRange();
      range.load('address');
      await context.sync();
      return range.address;
    });
  try {
    last = await read();
  } catch {
    last = null;
  }
  const timer = setInterval(() => {
    if (busy || !active) return;
    busy = true;
    read()
      .then((address) => {
        if (address !== last) {
          last = address;
          fire(address ?? undefined);
        }
      })
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  }, options.pollMs ?? 600);
  return () => {
    active = false;
    clearInterval(timer);
  };
}

/**
 * Calls `callback` whenever data in any table of the workbook changes, through
 * TableCollection.onChanged (ExcelApi 1.7). Hosts without the event get no staleness marking (the
 * results then simply show when they were computed). Returns an unsubscribe function.
 */
export async function subscribeTableChanges(run: ExcelRunner, callback: () => void): Promise<() => void> {
  let active = true;
  try {
    await run(async (context) => {
      const tables = context.workbook.tables as unknown as {
        onChanged?: { add?: (h: (e: unknown) => Promise<void>) => unknown };
      };
      const ev = tables.onChanged;
      if (!ev || typeof ev.add !== 'function') return;
      ev.add(async () => {
        if (active) callback();
      });
      await context.sync();
    });
  } catch {
    /* no event support: nothing to subscribe */
  }
  return () => {
    active = false;
  };
}
