import { createInflateRaw } from 'zlib';
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
