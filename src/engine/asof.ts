/**
 * The as-of date of a check: the date a person typed, else the Policy's AsOfDate, else today — the
 * same date the sheet's formulas use (PP_AsOfDate), so pane and sheet agree.
 */
import { CellValue, dateFromText, isNumber, MAX_SERIAL, MIN_SERIAL } from './values';

export type AsOfSource = 'typed' | 'policy' | 'today';

/** What the as-of box holds: nothing (use Policy AsOfDate, else today), a date, or text that is no date. */
export type AsOfInput = { kind: 'blank' } | { kind: 'date'; serial: number } | { kind: 'invalid' };

/** Reads the as-of box: 2026-11-30, 2026/11/30, 2026.11.30 or 2026年11月30日 (full-width digits too). */
export function parseAsOfInput(text: string): AsOfInput {
  const t = text.trim();
  if (t === '') return { kind: 'blank' };
  const serial = dateFromText(t);
  return serial !== null && serial >= MIN_SERIAL && serial <= MAX_SERIAL
    ? { kind: 'date', serial }
    : { kind: 'invalid' };
}

/** The date a check uses and where it came from. `policy` is the Policy AsOfDate cell as read. */
export function resolveAsOf(
  typed: number | null | undefined,
  policy: CellValue,
  today: number,
): { serial: number; source: AsOfSource } {
  if (typed !== null && typed !== undefined) return { serial: Math.floor(typed), source: 'typed' };
  if (isNumber(policy) && policy >= MIN_SERIAL && policy <= MAX_SERIAL)
    return { serial: Math.floor(policy), source: 'policy' };
  return { serial: today, source: 'today' };
}
