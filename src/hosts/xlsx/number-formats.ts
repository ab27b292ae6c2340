/**
 * Which number formats show dates. A date cell's value is a serial day number either way; the
 * reader needs to know only to move 1904-system dates onto the 1900 system the engine counts in.
 */

/**
 * Built-in format ids that are dates or times: 14–22 and 45–47 everywhere, 27–36 and 50–58 in the East
 * Asian locales (zh-CN: 27 `yyyy"年"m"月"`, 31 `yyyy"年"m"月"d"日"`, …), where Excel stores only the id.
 */
const BUILTIN_DATE_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56,
  57, 58,
]);

/** A custom format code is a date when y, m, d, h or s appear outside quotes, brackets and escapes. */
export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '');
  return /[ymdhs]/i.test(bare);
}

export function isDateFormat(id: number, custom: ReadonlyMap<number, string>): boolean {
  const code = custom.get(id);
  if (code !== undefined) return isDateFormatCode(code);
  return BUILTIN_DATE_IDS.has(id);
}
