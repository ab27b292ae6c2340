import { createInflateRaw, inflateRawSync } from 'zlib';
import type { Inflater } from '../hosts/xlsx/zip';

/**
 * Node's zlib as the direct reader's inflater (several times faster than pako, which the browser keeps).
 * Streams: output arrives in 1 MiB pieces handed on as they come, so memory stays bounded, and a
 * callback's throw (the reader has read enough, or refuses the part) stops the inflater at once.
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

export const nodeInflate: Inflater = (data, onChunk) =>
  new Promise<void>((resolve, reject) => {
    const z = createInflateRaw({ chunkSize: chunkFor(data.length) });
    let done = false;
    const fail = (e: unknown): void => {
      if (done) return;
      done = true;
      z.destroy();
      reject(e);
    };
    z.on('data', (chunk: Buffer) => {
      if (done) return;
      try {
        // bytesWritten: the compressed bytes zlib has consumed so far.
        onChunk(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), z.bytesWritten);
      } catch (e) {
        fail(e);
      }
    });
    z.on('error', fail);
    z.on('end', () => {
      if (done) return;
      done = true;
      resolve();
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
