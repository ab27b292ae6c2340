/**
 * The size in UTF-8 bytes of a value written as JSON, exactly as `JSON.stringify` would write it, found
 * without making the string: Excel on the web limits a request and its response to 5 MB of JSON, and
 * both the memory host (which refuses an oversized request, as Excel does) and the workbook operations
 * (which cut their writes to fit) measure every request. For 10,000 rows of 50 cells, building the
 * JSON only to count it took longer than the writes themselves.
 */

/** UTF-8 bytes of a string as JSON writes it, quotes included (ECMA-262 QuoteJSONString). */
export function jsonStringBytes(s: string): number {
  let n = s.length + 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20) {
        if (c === 0x22 || c === 0x5c) n += 1; // \" and \\
      } else if (c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d)
        n += 1; // \b \t \n \f \r
      else n += 5; // \u00XX
    } else if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        n += 2; // a pair: 4 bytes for 2 code units
        i++;
      } else n += 5; // a lone surrogate is written \uXXXX
    } else n += 2;
  }
  return n;
}

/**
 * UTF-8 bytes of `JSON.stringify(value)`; 0 when it gives undefined (a function, a symbol, undefined).
 * Throws where JSON.stringify throws (a cycle, a BigInt).
 */
export function jsonBytes(value: unknown): number {
  const n = measure(value, '', []);
  return n < 0 ? 0 : n;
}

/**
 * Bytes of one value, or -1 where JSON leaves it out (undefined, a function, a symbol). `key` is the
 * property name or array index that toJSON would be given (an index made a string only then).
 */
function measure(value: unknown, key: string | number, stack: object[]): number {
  if (typeof value === 'string') return jsonStringBytes(value);
  if (typeof value === 'number') return Number.isFinite(value) ? numberBytes(value) : 4;
  if (typeof value === 'boolean') return value ? 4 : 5;
  if (value === null) return 4;
  if (typeof value !== 'object' && typeof value !== 'bigint') return -1;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return measure(toJSON.call(value, String(key)), key, stack);
  if (typeof value === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
  // Number, String, Boolean and BigInt objects: as JSON.stringify writes them (rare; no need to be quick).
  if (value instanceof Number || value instanceof String || value instanceof Boolean || value instanceof BigInt)
    return utf8Bytes(JSON.stringify(value));
  if (stack.includes(value)) throw new TypeError('Converting circular structure to JSON');
  stack.push(value);
  let n = 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const x: unknown = value[i];
      // Strings and numbers (most of a request's cells) measured here, without the general call.
      const b =
        typeof x === 'string'
          ? jsonStringBytes(x)
          : typeof x === 'number' && Number.isFinite(x)
            ? numberBytes(x)
            : measure(x, i, stack);
      n += (b < 0 ? 4 : b) + (i > 0 ? 1 : 0);
    }
  } else {
    let first = true;
    for (const k of Object.keys(value)) {
      const b = measure((value as Record<string, unknown>)[k], k, stack);
      if (b < 0) continue;
      n += jsonStringBytes(k) + 1 + b + (first ? 0 : 1);
      first = false;
    }
  }
  stack.pop();
  return n;
}

/** A finite number as JSON writes it (as String does; -0 as "0"): ASCII, so its length. */
function numberBytes(v: number): number {
  return Number.isSafeInteger(v) && v >= 0 ? decimalDigits(v) : String(v).length;
}

/** 10^0 … 10^15 (a safe integer has at most 16 digits). */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * How many decimal digits a safe integer ≥ 0 has, counted by comparing (a division per digit cost more,
 * over a request's 200,000 numbers).
 */
export function decimalDigits(v: number): number {
  let n = 1;
  while (n < 16 && v >= POWERS_OF_TEN[n]) n++;
  return n;
}

/**
 * UTF-8 bytes of a string's characters: a CJK character is 3 bytes, a pair of surrogates 4, a lone
 * surrogate 3 (written as U+FFFD).
 */
export function utf8Bytes(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else {
      n += 2;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const next = s.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++; // a pair: 4 bytes for 2 code units
      }
    }
  }
  return n;
}
