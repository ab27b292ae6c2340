/** The part of pako 1.0 (the inflater JSZip ships with) that the streaming reader uses. */
declare module 'pako' {
  export class Inflate {
    constructor(options?: { raw?: boolean; chunkSize?: number });
    /** Feeds input; `last` ends the stream. Returns false on a broken stream (see err/msg). */
    push(data: Uint8Array, last?: boolean): boolean;
    onData(chunk: Uint8Array): void;
    onEnd(status: number): void;
    err: number;
    msg: string;
    /** True once the stream's end was read (or an error stopped it). */
    ended: boolean;
  }
  export class Deflate {
    constructor(options?: { raw?: boolean; level?: number });
    /** mode: true or 4 finishes the stream, 2 is a sync flush. */
    push(data: Uint8Array, mode?: boolean | number): boolean;
    onData(chunk: Uint8Array): void;
    err: number;
  }
}
