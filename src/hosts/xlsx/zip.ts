/**
 * A small zip reader for .xlsx packages: the central directory gives every part's place, and a part is
 * inflated in chunks (pako, the inflater JSZip uses, unless the caller brings a faster one) handed to a
 * callback, so no part is ever held whole. No Node API: bytes in, chunks out, in the browser as in the CLI.
 */
import { readError } from './read-error';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  /** As the directory declares it; the reader never trusts it for memory, only for messages. */
  size: number;
  localOffset: number;
}

/**
 * Inflates raw deflate data, handing each piece of output to `onChunk` with the compressed bytes consumed
 * so far. When `onChunk` throws, it stops and rejects with that error; broken data rejects with any
 * other error. The CLI passes Node's zlib (src/cli/node-inflate.ts); the default is pako's, below.
 */
export type Inflater = (data: Uint8Array, onChunk: (chunk: Uint8Array, consumed: number) => void) => Promise<void>;

/** Thrown from a chunk callback to stop inflating a part early (the rest is not needed). */
export class StopReading extends Error {
  constructor() {
    super('stop');
  }
}

const u16 = (b: Uint8Array, i: number): number => b[i] | (b[i + 1] << 8);
const u32 = (b: Uint8Array, i: number): number => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) + b[i + 3] * 0x1000000;
const u64 = (b: Uint8Array, i: number): number => u32(b, i) + u32(b, i + 4) * 0x100000000;

const damaged = (): Error =>
  readError(
    'the file is damaged or incomplete (its zip directory cannot be read): open it in Excel and save it again',
    '文件已损坏或不完整（无法读取其 zip 目录）：请在 Excel 中打开并重新保存',
  );

export class ZipArchive {
  readonly entries = new Map<string, ZipEntry>();
  /** Part names are case-insensitive (OPC); lower-case name → entry. */
  private readonly byLower = new Map<string, ZipEntry>();

  private readonly inflate: Inflater;

  constructor(
    private readonly bytes: Uint8Array,
    options: { inflate?: Inflater } = {},
  ) {
    this.inflate = options.inflate ?? pakoInflate;
    const b = bytes;
    // End of central directory: the last signature within the final 64 KiB (+22) bytes.
    let eocd = -1;
    for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
      if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw damaged();
    let count = u16(b, eocd + 10);
    let cdOffset = u32(b, eocd + 16);
    if (count === 0xffff || cdOffset === 0xffffffff) {
      // Zip64: the locator sits just before the classic record.
      const loc = eocd - 20;
      if (loc < 0 || u32(b, loc) !== 0x07064b50) throw damaged();
      const z = u64(b, loc + 8);
      if (z + 56 > b.length || u32(b, z) !== 0x06064b50) throw damaged();
      count = u64(b, z + 32);
      cdOffset = u64(b, z + 48);
    }
    let p = cdOffset;
    const utf8 = new TextDecoder('utf-8');
    for (let n = 0; n < count; n++) {
      if (p + 46 > b.length || u32(b, p) !== 0x02014b50) throw damaged();
      const flags = u16(b, p + 8);
      const method = u16(b, p + 10);
      let compressedSize = u32(b, p + 20);
      let size = u32(b, p + 24);
      const nameLen = u16(b, p + 28);
      const extraLen = u16(b, p + 30);
      const commentLen = u16(b, p + 32);
      let localOffset = u32(b, p + 42);
      const name = utf8.decode(b.subarray(p + 46, p + 46 + nameLen));
      // Zip64 extra field: only the fields that overflowed are present, in this order.
      let e = p + 46 + nameLen;
      const end = e + extraLen;
      while (e + 4 <= end) {
        const id = u16(b, e);
        const len = u16(b, e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          if (size === 0xffffffff) {
            size = u64(b, q);
            q += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = u64(b, q);
            q += 8;
          }
          if (localOffset === 0xffffffff) localOffset = u64(b, q);
        }
        e += 4 + len;
      }
      const entry: ZipEntry = { name, method, flags, compressedSize, size, localOffset };
      this.entries.set(name, entry);
      if (!this.byLower.has(name.toLowerCase())) this.byLower.set(name.toLowerCase(), entry);
      p += 46 + nameLen + extraLen + commentLen;
    }
  }

  /** The entry of a part name (without the leading '/'), case-insensitively. */
  get(name: string): ZipEntry | undefined {
    return this.entries.get(name) ?? this.byLower.get(name.toLowerCase());
  }

  /**
   * Inflates an entry, handing each chunk of raw bytes to `onChunk` with the compressed bytes consumed so
   * far, yielding to the event loop between pieces of input. `onChunk` may throw StopReading to end
   * early; any other throw propagates.
   */
  async stream(entry: ZipEntry, onChunk: (chunk: Uint8Array, consumed: number) => void): Promise<void> {
    const b = this.bytes;
    const h = entry.localOffset;
    if (h + 30 > b.length || u32(b, h) !== 0x04034b50) throw damaged();
    if (entry.flags & 1) {
      throw readError(
        'the workbook is encrypted (password-protected zip): open it in Excel and save as .xlsx without a password',
        '工作簿已加密（带密码的压缩包）：请在 Excel 中打开，另存为不带密码的 .xlsx',
      );
    }
    const start = h + 30 + u16(b, h + 26) + u16(b, h + 28);
    const data = b.subarray(start, Math.min(b.length, start + entry.compressedSize));
    if (data.length < entry.compressedSize) throw damaged();
    try {
      if (entry.method === 0) {
        for (let i = 0; i < data.length; i += CHUNK) {
          onChunk(data.subarray(i, i + CHUNK), Math.min(data.length, i + CHUNK));
          if ((i / CHUNK) % YIELD_EVERY === YIELD_EVERY - 1) await breathe();
        }
        return;
      }
      if (entry.method !== 8) {
        throw readError(
          `the workbook's part ${entry.name} uses a compression Excel does not write (method ${entry.method}): open it in Excel and save it again`,
          `工作簿的部件 ${entry.name} 使用了 Excel 不会写入的压缩方式（方法 ${entry.method}）：请在 Excel 中打开并重新保存`,
        );
      }
      let failed: { error: unknown } | null = null;
      try {
        await this.inflate(data, (chunk, consumed) => {
          try {
            onChunk(chunk, consumed);
          } catch (e) {
            failed = { error: e };
            throw e;
          }
        });
      } catch (e) {
        // The callback's own error (StopReading, a refusal) as it is; the inflater's means broken data.
        throw failed ? (failed as { error: unknown }).error : damaged();
      }
    } catch (e) {
      if (e instanceof StopReading) return;
      throw e;
    }
  }
}

/** Compressed input per push and inflated output per chunk. */
const CHUNK = 64 * 1024;
/** Pushes between two yields to the event loop (keeps a pane responsive while a big file is read). */
const YIELD_EVERY = 16;
const breathe = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/**
 * pako's inflater, pushed a piece at a time, yielding to the event loop now and then. Loaded on first use:
 * the CLI brings Node's zlib and never needs it ("eager": the pane's bundle keeps it in the reader's chunk).
 */
const pakoInflate: Inflater = async (data, onChunk) => {
  if (data.length === 0) return;
  const { Inflate } = await import(/* webpackMode: "eager" */ 'pako');
  const inflate = new Inflate({ raw: true, chunkSize: CHUNK });
  let consumed = 0;
  inflate.onData = (chunk) => onChunk(chunk, consumed);
  inflate.onEnd = () => undefined;
  for (let i = 0, n = 0; i < data.length; i += CHUNK, n++) {
    consumed = Math.min(data.length, i + CHUNK);
    // Never "last": pako then reports the end of the stream (`ended`) only when the data holds one.
    // false: broken data, or bytes after the stream's end.
    if (!inflate.push(data.subarray(i, i + CHUNK), false)) throw new Error('inflate failed');
    if (n % YIELD_EVERY === YIELD_EVERY - 1) await breathe();
  }
  if (!inflate.ended) throw new Error('the data ends before the stream does');
};
