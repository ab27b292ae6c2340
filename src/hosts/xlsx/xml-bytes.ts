/**
 * Scanning OOXML as UTF-8 bytes (the inflated part as it comes), decoding to text only what is kept. A
 * sheet is mostly markup and formulas the reader skips; finding `<c`, `<v>` and `</c>` among bytes and
 * decoding a value's few bytes is several times cheaper than decoding the whole part to a string first.
 * Every byte below 0x80 is the ASCII character it looks like in UTF-8, so markup is found by its bytes.
 */

// Made on first use: a page (or jsdom) may provide them only after this module is imported.
let decoder: TextDecoder | undefined;
let encoder: TextEncoder | undefined;
const utf8 = { decode: (b: Uint8Array): string => (decoder ??= new TextDecoder('utf-8')).decode(b) };

/** The bytes of an ASCII token such as `<x:c`. */
export function bytesOf(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return (encoder ??= new TextEncoder()).encode(s);
    out[i] = c;
  }
  return out;
}

/** True when s[i..] starts with `seq`. */
export function startsAt(s: Uint8Array, i: number, seq: Uint8Array): boolean {
  if (i + seq.length > s.length) return false;
  for (let k = 0; k < seq.length; k++) if (s[i + k] !== seq[k]) return false;
  return true;
}

/**
 * The first place at or after `from` where byte `b` occurs; -1 if none. A plain loop: markup is dense,
 * and for the short hops between tags it is several times cheaper than calling Uint8Array#indexOf.
 */
export function find(s: Uint8Array, b: number, from: number): number {
  const n = s.length;
  for (let i = from; i < n; i++) if (s[i] === b) return i;
  return -1;
}

/**
 * indexOfSeq for an end tag after text that may be long (a formula): the native search for its `<`,
 * fast over a long run, costs a call that a short hop would not repay.
 */
export function seqAfterText(s: Uint8Array, seq: Uint8Array, from: number): number {
  const len = seq.length;
  for (let i = s.indexOf(seq[0], from); i >= 0; i = s.indexOf(seq[0], i + 1)) {
    if (i + len > s.length) return -1;
    let k = 1;
    while (k < len && s[i + k] === seq[k]) k++;
    if (k === len) return i;
  }
  return -1;
}

/** The first place at or after `from` where `seq` (which starts with `<` or another rare byte) occurs; -1 if none. */
export function indexOfSeq(s: Uint8Array, seq: Uint8Array, from: number): number {
  const first = seq[0];
  const len = seq.length;
  const last = s.length - len;
  for (let i = from; i <= last; i++) {
    if (s[i] !== first) continue;
    let k = 1;
    while (k < len && s[i + k] === seq[k]) k++;
    if (k === len) return i;
  }
  return -1;
}

/** True for the byte after an element name that ends it (so `<c` is not `<col`): `>`, `/` or a space. */
export const endsNameByte = (c: number): boolean => c === 62 || c === 47 || c === 32 || c === 10 || c === 13 || c === 9;

/** The text of s[from, to): UTF-8, with a short ASCII run built directly (the common case of a number). */
export function textOf(s: Uint8Array, from: number, to: number): string {
  if (to - from <= 24) {
    let out = '';
    for (let i = from; i < to; i++) {
      const c = s[i];
      if (c >= 0x80) return utf8.decode(s.subarray(from, to));
      out += String.fromCharCode(c);
    }
    return out;
  }
  return utf8.decode(s.subarray(from, to));
}

/**
 * s[from, to) as a non-negative integer when it is only ASCII digits (at most 15, so exact); else -1. The
 * callers fall back to the text's own parsing for anything else, so results equal Number()/parseFloat().
 */
export function digitsAt(s: Uint8Array, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s[i] - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * s[from, to) as a number when it is a plain decimal (`-12.5`: optional minus, at most 15 digits, no
 * exponent); else NaN, and the caller parses the text. Exact: an integer below 2^53 divided by an exact
 * power of ten is the correctly rounded value, as parseFloat gives it.
 */
export function decimalAt(s: Uint8Array, from: number, to: number): number {
  let i = from;
  const negative = s[i] === 45; /* - */
  if (negative) i++;
  let m = 0;
  let digits = 0;
  let point = -1;
  for (; i < to; i++) {
    const d = s[i] - 48;
    if (d >= 0 && d <= 9) {
      m = m * 10 + d;
      digits++;
    } else if (d === -2 /* . */ && point < 0) point = digits;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  const v = point < 0 ? m : m / POW10[digits - point];
  return negative ? -v : v;
}

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * Joins each inflated chunk to the unread end of the previous ones (at most one element, which a chunk
 * boundary cut), in one buffer reused from chunk to chunk.
 */
export class ByteFeed {
  private scratch = new Uint8Array(0);
  private tail: Uint8Array | null = null;

  /** The bytes to scan: what was left unread, then `chunk`. */
  next(chunk: Uint8Array): Uint8Array {
    const tail = this.tail;
    if (!tail) return chunk;
    const n = tail.length + chunk.length;
    if (this.scratch.length < n) this.scratch = new Uint8Array(Math.max(n, 2 * this.scratch.length));
    this.scratch.set(tail, 0);
    this.scratch.set(chunk, tail.length);
    return this.scratch.subarray(0, n);
  }

  /** Leaves s[at..] unread (copied: s may be the reused buffer); returns how many bytes that is. */
  leave(s: Uint8Array, at: number): number {
    this.tail = at < s.length ? s.slice(at) : null;
    return s.length - at;
  }

  /**
   * Finishes the element left unread with the first bytes of `chunk` only, not with a copy of the whole
   * chunk (most of a sheet's bytes): `run` scans the unread end joined to at most STITCH bytes and
   * returns where its own unread end begins. Returns the bytes to hand to next() and scan then: the rest
   * of `chunk` as it is, or, when the element needs more than those bytes, what follows them (joined
   * then to the still unread end). No element is given to `run` complete twice.
   */
  stitch(chunk: Uint8Array, run: (s: Uint8Array) => number): Uint8Array {
    const tail = this.tail;
    if (!tail) return chunk;
    const k = Math.min(chunk.length, STITCH);
    const s = this.next(chunk.subarray(0, k));
    const at = run(s);
    if (at >= tail.length) {
      this.tail = null;
      return chunk.subarray(at - tail.length);
    }
    this.tail = s.slice(at);
    return chunk.subarray(k);
  }
}

/** Bytes of the next chunk that stitch() joins to an element a chunk boundary cut. */
const STITCH = 64 * 1024;

/**
 * The first bytes as a string of one character per byte (Latin-1), so that string positions are byte
 * positions: for reading a part's prolog with the text helpers.
 */
export function headText(s: Uint8Array, max: number): string {
  let out = '';
  const n = Math.min(s.length, max);
  for (let i = 0; i < n; i += 8192) out += String.fromCharCode(...s.subarray(i, Math.min(n, i + 8192)));
  return out;
}
