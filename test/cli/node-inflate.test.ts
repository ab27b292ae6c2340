/**
 * The CLI's two inflaters over Node's zlib: the stream (main thread) and the one that inflates a part at
 * once on its own thread (the roll-up's worker threads). Same bytes, same refusals; a part that would
 * inflate beyond 64 MiB streams, so a zip bomb never sits whole in memory.
 */
import { deflateRawSync } from 'zlib';
import { nodeInflate, nodeInflateAtOnce } from '../../src/cli/node-inflate';
import type { Inflater } from '../../src/hosts/xlsx/zip';

async function collect(
  inflate: Inflater,
  data: Uint8Array,
  stopAfter = Infinity,
): Promise<{ bytes: Buffer; pieces: number[]; consumed: number[] }> {
  const chunks: Buffer[] = [];
  const pieces: number[] = [];
  const consumed: number[] = [];
  let total = 0;
  try {
    await inflate(data, (chunk, used) => {
      chunks.push(Buffer.from(chunk));
      pieces.push(chunk.length);
      consumed.push(used);
      total += chunk.length;
      if (total >= stopAfter) throw new Error('read enough');
    });
  } catch (e) {
    if ((e as Error).message !== 'read enough') throw e;
  }
  return { bytes: Buffer.concat(chunks), pieces, consumed };
}

/** Text like a sheet's XML, `size` bytes, not too regular. */
function xml(size: number): Buffer {
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < size; i++) {
    const s = `<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>${(i * 7919) % 1013}</v></c><c r="B${i + 1}"><v>${i * 1.5}</v></c></row>`;
    parts.push(s);
    n += s.length;
  }
  return Buffer.from(parts.join('')).subarray(0, size);
}

describe('nodeInflateAtOnce', () => {
  test.each([0, 1, 5_000, 1024 * 1024, 3 * 1024 * 1024 + 17])(
    '%i bytes: the same bytes as the stream',
    async (size) => {
      const raw = xml(size);
      const data = deflateRawSync(raw);
      const once = await collect(nodeInflateAtOnce, data);
      const stream = await collect(nodeInflate, data);
      expect(once.bytes.equals(raw)).toBe(true);
      expect(stream.bytes.equals(raw)).toBe(true);
      // Pieces of at most 1 MiB, handed on with all of the input consumed.
      expect(once.pieces.every((p) => p > 0 && p <= 1024 * 1024)).toBe(true);
      expect(once.consumed.every((c) => c === data.length)).toBe(true);
    },
  );

  test('broken or cut data is refused, as by the stream', async () => {
    const data = deflateRawSync(xml(200_000));
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    for (const inflate of [nodeInflate, nodeInflateAtOnce]) {
      await expect(collect(inflate, garbage)).rejects.toThrow();
      await expect(collect(inflate, data.subarray(0, data.length >> 1))).rejects.toThrow();
    }
  });

  test('a callback that throws stops the read and the error comes back', async () => {
    const data = deflateRawSync(xml(3 * 1024 * 1024));
    const read = await collect(nodeInflateAtOnce, data, 1);
    expect(read.pieces).toHaveLength(1);
    await expect(
      nodeInflateAtOnce(data, () => {
        throw new RangeError('refused');
      }),
    ).rejects.toThrow('refused');
  });

  test('a part that inflates beyond 64 MiB streams: pieces come before all input is consumed', async () => {
    // 200 MiB of spaces: about 200 KB deflated (a zip bomb's shape).
    const data = deflateRawSync(Buffer.alloc(200 * 1024 * 1024, 0x20), { level: 9 });
    const rss = process.memoryUsage().rss;
    const read = await collect(nodeInflateAtOnce, data, 8 * 1024 * 1024);
    expect(read.consumed[0]).toBeLessThan(data.length);
    expect(read.bytes.length).toBeLessThan(16 * 1024 * 1024);
    expect(process.memoryUsage().rss - rss).toBeLessThan(150 * 1024 * 1024);
  }, 60_000);
});

describe('nodeInflate (pipelined: zlib inflates the next piece while the reader reads this one)', () => {
  test('pieces come in order, each with the compressed bytes consumed so far', async () => {
    const raw = xml(5 * 1024 * 1024 + 3);
    const data = deflateRawSync(raw);
    const read = await collect(nodeInflate, data);
    expect(read.bytes.equals(raw)).toBe(true);
    expect(read.pieces.length).toBeGreaterThan(4);
    expect(read.consumed.every((c, i) => c > 0 && c <= data.length && (i === 0 || c >= read.consumed[i - 1]))).toBe(
      true,
    );
  });

  test('a small part is inflated at once; one that inflates beyond a piece streams in pieces', async () => {
    const small = xml(50_000);
    const once = await collect(nodeInflate, deflateRawSync(small));
    expect(once.bytes.equals(small)).toBe(true);
    expect(once.pieces).toEqual([small.length]);
    // 8 MiB of spaces deflate to a few KB (a zip bomb's shape): never inflated whole.
    const spaces = deflateRawSync(Buffer.alloc(8 * 1024 * 1024, 0x20), { level: 9 });
    expect(spaces.length).toBeLessThan(64 * 1024);
    const read = await collect(nodeInflate, spaces);
    expect(read.bytes.length).toBe(8 * 1024 * 1024);
    expect(read.pieces.length).toBeGreaterThan(1);
    expect(read.pieces.every((p) => p <= 1024 * 1024)).toBe(true);
  });

  test('a callback that throws stops the stream: its error comes back and no piece follows', async () => {
    const data = deflateRawSync(xml(5 * 1024 * 1024));
    let calls = 0;
    await expect(
      nodeInflate(data, () => {
        calls++;
        throw new RangeError('refused');
      }),
    ).rejects.toThrow('refused');
    // Pieces inflated ahead are dropped, not handed on after the throw.
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(1);
  });

  test('a stream broken part-way: the pieces before the break are read first, then it is refused', async () => {
    const raw = xml(4 * 1024 * 1024);
    const data = deflateRawSync(raw);
    const cut = data.subarray(0, Math.floor(data.length * 0.8));
    const got: Buffer[] = [];
    await expect(nodeInflate(cut, (chunk) => void got.push(Buffer.from(chunk)))).rejects.toThrow();
    const bytes = Buffer.concat(got);
    expect(bytes.length).toBeGreaterThan(2 * 1024 * 1024);
    expect(bytes.equals(raw.subarray(0, bytes.length))).toBe(true);
    // A reader that had read enough before the break stops with its own answer, not the break.
    await expect(
      nodeInflate(cut, () => {
        throw new RangeError('read enough');
      }),
    ).rejects.toThrow('read enough');
  });
});
