import { createInflateRaw, inflateRawSync } from 'zlib';
import type { Inflater } from '../hosts/xlsx/zip';

/**
 * Node's zlib as the direct reader's inflater (several times faster than pako, which the browser keeps).
 * Streams: output arrives in 1 MiB pieces handed on in order, at most two inflated ahead, so memory
 * stays bounded, and a callback's throw (the reader has read enough, or refuses the part) stops the
 * inflater at once.
 */
/** Output per piece: large enough that the hops to zlib's thread cost little, small enough to stay bounded. */
const CHUNK = 1024 * 1024;
const MIN_CHUNK = 16 * 1024;

/**
 * Each inflater allocates its output piece up front and a workbook has dozens of small parts: a part
 * whose data is small gets a piece sized to it (XML inflates about 4–25 times), a large one 1 MiB.
 */
const chunkFor = (compressed: number): number => {
  let size = MIN_CHUNK;
  while (size < CHUNK && size < compressed * 8) size *= 2;
  return size;
};

/** Pieces inflated ahead of the reader at most (then zlib waits): 2 MiB at the most. */
const AHEAD = 2;

/**
 * Pipelined: zlib inflates the next piece on its thread pool while the reader scans this one (the reader
 * takes each piece a moment after it arrives, not inside zlib's callback, which starts the next piece
 * only once the callback returns). A callback's throw drops the pieces inflated ahead and stops zlib; a
 * broken stream is reported only after the pieces before the break were read, as when unpipelined.
 */
export const nodeInflate: Inflater = async (data, onChunk) => {
  // A small part (most of a workbook's dozens: relationships, the workbook, tables, styles) inflates in
  // microseconds here, cheaper than a stream and a trip to the thread pool; a bigger one streams.
  if (data.length <= SMALL_PART) {
    let out: Buffer | null = null;
    try {
      out = inflateRawSync(data, { maxOutputLength: CHUNK });
    } catch (e) {
      // Beyond one piece: streamed below (so a zip bomb never sits whole in memory); broken data fails there too.
      if ((e as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') throw e;
    }
    if (out) {
      if (out.length > 0) onChunk(new Uint8Array(out.buffer, out.byteOffset, out.length), data.length);
      return;
    }
  }
  return streamInflate(data, onChunk);
};

/** Compressed bytes of a part inflated at once when it inflates to at most one piece. */
const SMALL_PART = 64 * 1024;

const streamInflate: Inflater = (data, onChunk) =>
  new Promise<void>((resolve, reject) => {
    const z = createInflateRaw({ chunkSize: chunkFor(data.length) });
    const pieces: Uint8Array[] = [];
    const used: number[] = [];
    let done = false;
    let scheduled = false;
    let ended = false;
    let broken: { error: unknown } | null = null;
    const finish = (error?: { error: unknown }): void => {
      if (done) return;
      done = true;
      if (error) {
        z.destroy();
        reject(error.error);
      } else resolve();
    };
    const drain = (): void => {
      scheduled = false;
      if (done) return;
      try {
        for (let i = 0; i < pieces.length; i++) onChunk(pieces[i], used[i]);
      } catch (e) {
        finish({ error: e });
        return;
      }
      pieces.length = 0;
      used.length = 0;
      if (broken) finish(broken);
      else if (ended) finish();
      else if (z.isPaused()) z.resume();
    };
    const schedule = (): void => {
      if (scheduled || done) return;
      scheduled = true;
      setImmediate(drain);
    };
    z.on('data', (chunk: Buffer) => {
      if (done) return;
      // bytesWritten: the compressed bytes zlib has consumed so far.
      pieces.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      used.push(z.bytesWritten);
      if (pieces.length >= AHEAD) z.pause();
      schedule();
    });
    z.on('error', (e) => {
      broken = { error: e };
      schedule();
    });
    z.on('end', () => {
      ended = true;
      schedule();
    });
    z.end(data);
  });

/** A part inflated at once on the calling thread up to this size; a larger one streams. */
const AT_ONCE = 64 * 1024 * 1024;

/**
 * The same inflater for a thread that does nothing else while a file is read (a worker of `presales
 * rollup`): a part is inflated at once, on this thread, and handed on in the same 1 MiB pieces. Half
 * the CPU of the stream (no hops to zlib's thread pool, no stream machinery) for a workbook's dozens of
 * parts. A part that would inflate beyond 64 MiB (a very large sheet, or a zip bomb) streams instead,
 * so memory stays bounded and the reader's own limits speak. Broken data fails as with the stream.
 */
export const nodeInflateAtOnce: Inflater = async (data, onChunk) => {
  let out: Buffer;
  try {
    out = inflateRawSync(data, { maxOutputLength: AT_ONCE });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return nodeInflate(data, onChunk);
    throw e;
  }
  // All of the input is consumed before the first piece: the reader's ratio check sees the whole part.
  for (let i = 0; i < out.length; i += CHUNK)
    onChunk(new Uint8Array(out.buffer, out.byteOffset + i, Math.min(CHUNK, out.length - i)), data.length);
};
