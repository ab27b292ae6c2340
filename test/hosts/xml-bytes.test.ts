/**
 * ByteFeed: a part's bytes come in chunks and an element a chunk boundary cuts is scanned again with the
 * next chunk — joined to all of it (next) or only to its first bytes (stitch). Either way every element
 * is scanned complete exactly once, in order, whatever the chunk sizes.
 */
import { ByteFeed, bytesOf, indexOfSeq } from '../../src/hosts/xlsx/xml-bytes';

const OPEN = bytesOf('<e>');
const CLOSE = bytesOf('</e>');

/** A scanner of `<e>…</e>` elements: records each complete one, returns where the first incomplete one starts. */
function scanner(seen: string[]): (s: Uint8Array) => number {
  const text = new TextDecoder();
  return (s) => {
    let pos = 0;
    for (;;) {
      const i = indexOfSeq(s, OPEN, pos);
      if (i < 0) return Math.max(pos, s.length - OPEN.length + 1);
      const e = indexOfSeq(s, CLOSE, i + OPEN.length);
      if (e < 0) return i;
      seen.push(text.decode(s.subarray(i + OPEN.length, e)));
      pos = e + CLOSE.length;
    }
  };
}

function feedAll(bytes: Uint8Array, sizes: () => number, stitch: boolean): string[] {
  const seen: string[] = [];
  const run = scanner(seen);
  const feed = new ByteFeed();
  for (let i = 0; i < bytes.length;) {
    const n = Math.max(1, sizes());
    const chunk = bytes.slice(i, i + n);
    i += n;
    const s = feed.next(stitch ? feed.stitch(chunk, run) : chunk);
    feed.leave(s, run(s));
  }
  return seen;
}

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x7fffffff;
  };
}

/** `count` elements, short and (every 97th) longer than the 64 KiB stitch, with text between them. */
function sample(count: number): { bytes: Uint8Array; elements: string[] } {
  const rnd = random(7);
  const elements: string[] = [];
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const len = i % 97 === 5 ? 70_000 + Math.floor(rnd() * 70_000) : Math.floor(rnd() * 300);
    const body = `${i}:${'x甲'.repeat(len >> 1)}`;
    elements.push(body);
    parts.push(`<e>${body}</e>`, ' '.repeat(Math.floor(rnd() * 5)), i % 3 ? '<f/>' : '');
  }
  return { bytes: new TextEncoder().encode(parts.join('')), elements };
}

describe('ByteFeed', () => {
  const big = sample(400);
  const small = sample(60);

  test.each([
    ['1 MiB chunks', big, () => 1024 * 1024],
    ['64 KiB chunks', big, () => 64 * 1024],
    [
      'chunks of 1 to 200 KiB',
      big,
      (
        (r) => () =>
          Math.floor(r() * 200 * 1024)
      )(random(3)),
    ],
    [
      'chunks of 1 to 2,000 bytes',
      small,
      (
        (r) => () =>
          Math.floor(r() * 2000)
      )(random(5)),
    ],
  ])('%s: every element once, in order, joined whole or stitched', (_name, { bytes, elements }, sizes) => {
    expect(feedAll(bytes, sizes, false)).toEqual(elements);
    expect(feedAll(bytes, sizes, true)).toEqual(elements);
  });

  test('stitch copies only the first bytes of a chunk when the cut element ends in them', () => {
    const seen: string[] = [];
    const run = scanner(seen);
    const feed = new ByteFeed();
    const first = bytesOf('<e>one</e><e>tw');
    feed.leave(first, run(first));
    const chunk = new Uint8Array(300 * 1024).fill(0x20);
    chunk.set(bytesOf('o</e>'), 0);
    const rest = feed.stitch(chunk, run);
    // The rest of the chunk itself (no copy), from past the finished element.
    expect(rest.buffer).toBe(chunk.buffer);
    expect(rest.byteOffset).toBeGreaterThanOrEqual(5);
    expect(seen).toEqual(['one', 'two']);
  });
});
