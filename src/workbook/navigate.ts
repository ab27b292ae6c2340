import { splitAddress } from '../engine/address';
import { Finding } from '../engine/findings';
import { parseAmountText } from '../engine/values';
import { queueUnhighlight } from './highlight';
import { ExcelRunner, UserError } from './types';

/** Activates the sheet of an address and selects the cell (one round trip). */
export async function goToCell(run: ExcelRunner, address: string): Promise<void> {
  const { sheet, range } = splitAddress(address);
  if (!sheet) return;
  await run(async (context) => {
    const ws = context.workbook.worksheets.getItem(sheet);
    ws.activate();
    ws.getRange(range).select();
    await context.sync();
  });
}

/**
 * Writes the number a finding's text reads as (amount-as-text: “50万”; policy-invalid: “6%”), only if
 * the cell still holds that text, so a fix never overwrites something the user typed since the check.
 * The cell's highlight, if "Highlight in sheet" put one there, goes with it: its fill from before the
 * highlight is put back and the other highlights stay. Two round trips (three in a workbook without the
 * highlight state sheet, which set-up makes).
 */
export async function fixAmountAsText(run: ExcelRunner, finding: Finding): Promise<number> {
  if (finding.fixValue === undefined || (finding.fixFrom === undefined && finding.code !== 'amount-as-text')) {
    throw new UserError({ zh: '此问题没有自动修复。', en: 'This finding has no automatic fix.' });
  }
  try {
    return await writeFix(run, finding, true);
  } catch (e) {
    // No highlight state sheet (a workbook set up some other way): fix without it. Any other missing
    // item (the finding's sheet) fails again below with its own error.
    if ((e as { code?: string } | null)?.code !== 'ItemNotFound') throw e;
    return writeFix(run, finding, false);
  }
}

async function writeFix(run: ExcelRunner, finding: Finding, unhighlight: boolean): Promise<number> {
  const { sheet, range } = splitAddress(finding.cell);
  return run(async (context) => {
    const cell = context.workbook.worksheets
      .getItem(sheet ?? '')
      .getRange(range)
      .load('values');
    const highlight = unhighlight ? queueUnhighlight(context, [finding.cell]) : null;
    await context.sync();
    const v = cell.values[0][0];
    const unchanged =
      finding.fixFrom !== undefined
        ? v === finding.fixFrom
        : typeof v === 'string' && parseAmountText(v) === finding.fixValue;
    if (!unchanged) {
      throw new UserError({
        zh: `单元格 ${finding.cell} 的内容已改变，请重新检查后再修复。`,
        en: `Cell ${finding.cell} has changed since the check; run the check again before fixing.`,
      });
    }
    cell.values = [[finding.fixValue]];
    highlight?.restore();
    await context.sync();
    return finding.fixValue!;
  });
}
