/**
 * Batching machinery that mimics Office.js proxies: every method call / property set is
 * queued and only executed at `context.sync()`; loaded values are snapshots taken then.
 */
import { jsonBytes } from '../../engine/json-size';
import { RichApiError, notLoaded } from './errors';
import type { MemoryWorkbook } from './index';
import type { WorkbookModel } from './model';

export interface Op {
  desc: unknown; // JSON-able description, used for request-size accounting
  write?: boolean;
  run(): unknown; // returns data that travels back in the response (for size accounting)
}

export interface PropDef<T> {
  get?: (t: T, self: any) => unknown;
  set?: (t: T, v: any, self: any) => void;
}

let nextProxyId = 1;

export class Ctx {
  queue: Op[] = [];
  afterSync: (() => void)[] = [];
  /** set by index.ts to avoid a require cycle */
  workbook: any;
  application: any;
  readonly trackedObjects = { add(): void {}, remove(): void {} };
  readonly debugInfo = {};
  /** Excel.run({ delayForCellEdit: true }): requests wait while a person edits a cell. */
  delayForCellEdit = false;
  constructor(readonly host: MemoryWorkbook) {}

  get model(): WorkbookModel {
    return this.host.model;
  }

  enqueue(op: Op): void {
    this.queue.push(op);
  }

  async sync<T>(passThrough?: T): Promise<T> {
    const ops = this.queue;
    this.queue = [];
    const host = this.host;
    host.stats.syncs++;
    // Payload sizes are the UTF-8 bytes of the request's JSON, as Excel counts them (a CJK character is 3
    // bytes, not 1), measured without writing the JSON.
    const requestBytes = jsonBytes(ops.map((o) => o.desc));
    const writes = ops.filter((o) => o.write).length;
    const entry = { requestBytes, responseBytes: 0, writes };
    host.stats.requests.push(entry);
    if (writes > 0) host.stats.writes++;
    await Promise.resolve(); // a sync is always asynchronous
    if (host.cellEditMode) {
      if (!this.delayForCellEdit) {
        throw new RichApiError(
          'InvalidOperationInCellEditMode',
          'The operation is not available while Excel is in cell-edit mode.',
        );
      }
      await host.waitForCellEdit();
    }
    if (host.nextFailure) {
      const e = host.nextFailure;
      host.nextFailure = null;
      throw e;
    }
    if (requestBytes > host.payloadLimitBytes) {
      throw new RichApiError(
        'RequestPayloadSizeLimitExceeded',
        `The request payload size has exceeded the limit (${requestBytes} > ${host.payloadLimitBytes} bytes).`,
      );
    }
    const response: unknown[] = [];
    let wrote = false;
    let failure: unknown;
    for (const op of ops) {
      try {
        const r = op.run();
        if (r !== undefined) response.push(r);
        if (op.write) wrote = true;
      } catch (e) {
        failure = e; // Excel stops the batch at the first failing operation
        break;
      }
    }
    entry.responseBytes = jsonBytes(response);
    if (wrote) host.notifyWrite();
    const after = this.afterSync; // callbacks queued by operations of this batch (e.g. select())
    this.afterSync = [];
    for (const cb of after) cb();
    if (failure) throw failure;
    if (entry.responseBytes > host.payloadLimitBytes) {
      throw new RichApiError(
        'RequestPayloadSizeLimitExceeded',
        `The response payload size has exceeded the limit (${entry.responseBytes} > ${host.payloadLimitBytes} bytes).`,
      );
    }
    return passThrough as T;
  }

  load(obj: ProxyBase<any>, props?: any): void {
    obj.load(props);
  }
}

/** Result of a method that returns a primitive (getCount() etc.). */
export class ClientResult<T> {
  private _set = false;
  private _value!: T;
  get value(): T {
    if (!this._set) throw notLoaded('value');
    return this._value;
  }
  _resolve(v: T): void {
    this._value = v;
    this._set = true;
  }
}

type Resolver<T> = () => T | null;

export abstract class ProxyBase<T> {
  readonly _id = nextProxyId++;
  readonly context: Ctx;
  _loaded = new Map<string, unknown>();
  private _state: 0 | 1 | 2 = 0;
  private _target: T | null = null;
  private _error: unknown;
  private _nullKnown = false;
  private _resolver: Resolver<T>;

  /** properties readable by load(); setter when settable */
  static _props: Record<string, PropDef<any>> = {};
  /** navigation properties (child proxies) usable in load paths like 'format/fill/color' */
  static _nav: string[] = [];

  constructor(ctx: Ctx, resolver: Resolver<T>, eager?: { desc: unknown; write?: boolean }) {
    this.context = ctx;
    this._resolver = resolver;
    if (eager) {
      // Method results resolve in order, at sync, like a real Excel request.
      ctx.enqueue({
        desc: [this._id, eager.desc],
        write: eager.write,
        run: () => {
          this._resolve();
          this._nullKnown = true;
        },
      });
    }
  }

  /** Resolve to the model object; null for a null object. Errors are remembered and re-thrown. */
  _resolve(): T | null {
    if (this._state === 1) return this._target;
    if (this._state === 2) throw this._error;
    try {
      this._target = this._resolver();
      this._state = 1;
      return this._target;
    } catch (e) {
      this._state = 2;
      this._error = e;
      throw e;
    }
  }

  /**
   * The target, for an object reached by a navigation property (range.worksheet, table.columns...).
   * Navigating from a null object is an error: load what you need of the collection instead.
   */
  _parent(): T {
    const t = this._resolve();
    if (t === null)
      throw new RichApiError(
        'InvalidOperation',
        'The object is a null object (isNullObject is true); nothing can be reached from it.',
      );
    return t;
  }

  /** Resolve, treating a null object as "do nothing" (Excel ignores operations on null objects). */
  protected _t(): T | null {
    return this._resolve();
  }

  get isNullObject(): boolean {
    if (!this._nullKnown) throw notLoaded('isNullObject');
    return this._target === null;
  }

  protected get _class(): ProxyClass {
    return this.constructor as unknown as ProxyClass;
  }

  _getProp(name: string): unknown {
    if (!this._loaded.has(name)) {
      if (this._nullKnown && this._target === null)
        throw notLoaded(`${name}' of a null object ('isNullObject' is true)`);
      throw notLoaded(name);
    }
    return this._loaded.get(name);
  }

  _setProp(name: string, value: unknown): void {
    const def = this._class._props[name];
    if (!def?.set) throw new RichApiError('InvalidArgument', `The property '${name}' is read-only.`);
    this._loaded.delete(name);
    const v = clone(value);
    this.context.enqueue({
      desc: [this._id, 'set', name, v],
      write: true,
      run: () => {
        const t = this._t();
        if (t !== null) def.set!(t, v, this);
      },
    });
  }

  /** Queue a method call on the target. */
  protected _call(name: string, args: unknown[], fn: (t: T) => unknown, write = true): void {
    this.context.enqueue({
      desc: [this._id, name, ...args],
      write,
      run: () => {
        const t = this._t();
        if (t !== null) fn(t);
      },
    });
  }

  /** Queue a method returning a primitive. */
  protected _callResult<R>(name: string, args: unknown[], fn: (t: T) => R): ClientResult<R> {
    const res = new ClientResult<R>();
    this.context.enqueue({
      desc: [this._id, name, ...args],
      run: () => {
        const t = this._t();
        const v = t === null ? (null as unknown as R) : fn(t);
        res._resolve(v);
        return v;
      },
    });
    return res;
  }

  set(props: Record<string, any>): void {
    for (const [k, v] of Object.entries(props ?? {})) {
      if (this._class._nav.includes(k) && v && typeof v === 'object') (this as any)[k].set(v);
      else (this as any)[k] = v;
    }
  }

  load(arg?: any): this {
    const { scalars, nav } = parseLoad(arg, this._class);
    for (const [navName, sub] of nav) (this as any)[navName].load(sub);
    const props = scalars;
    this.context.enqueue({
      desc: [this._id, 'load', props],
      run: () => {
        const t = this._resolve();
        this._nullKnown = true;
        if (t === null) return null;
        return this._snapshot(t, props);
      },
    });
    return this;
  }

  _snapshot(t: T, props: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const defs = this._class._props;
    for (const p of props) {
      const def = defs[p];
      if (!def?.get) continue;
      const v = clone(def.get(t, this));
      this._loaded.set(p, v);
      out[p] = v;
    }
    return out;
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this._loaded) out[k] = v;
    return out;
  }
}

/** Base for collections: `items` after load('items') or load('items/prop'). */
export abstract class CollectionBase<T, M, P extends ProxyBase<M>> extends ProxyBase<T> {
  private _items?: P[];
  abstract _list(t: T): M[];
  abstract _wrap(m: M): P;

  get items(): P[] {
    if (!this._items) throw notLoaded('items');
    return this._items;
  }

  override load(arg?: any): this {
    const parsed = parseCollectionLoad(arg);
    if (parsed.own.length) super.load(parsed.own);
    if (parsed.items !== null) {
      const itemArg = parsed.items;
      this.context.enqueue({
        desc: [this._id, 'load', 'items', itemArg],
        run: () => {
          const t = this._resolve();
          if (t === null) {
            this._items = [];
            return null;
          }
          const models = this._list(t);
          const items = models.map((m) => this._wrap(m));
          const data: unknown[] = [];
          for (const it of items) {
            const { scalars, nav } = parseLoad(itemArg, (it as any).constructor);
            data.push(it._snapshot(m0(it), scalars));
            for (const [navName, sub] of nav) loadNow((it as any)[navName], sub, data);
          }
          this._items = items;
          return data;
        },
      });
    }
    return this;
  }

  getCount(): ClientResult<number> {
    return this._callResult('getCount', [], (t) => this._list(t).length);
  }
}

function m0<M>(p: ProxyBase<M>): M {
  return p._resolve() as M;
}

/** Load immediately (inside a running op) — used for nested loads of collection items. */
function loadNow(p: ProxyBase<any>, arg: any, sink: unknown[]): void {
  const t = p._resolve();
  if (t === null) return;
  if (p instanceof CollectionBase) return; // nested collections inside items: not supported
  const { scalars, nav } = parseLoad(arg, p.constructor as unknown as ProxyClass);
  sink.push(p._snapshot(t, scalars));
  for (const [navName, sub] of nav) loadNow((p as any)[navName], sub, sink);
}

function scalarNames(cls: ProxyClass): string[] {
  return Object.keys(cls._props).filter((k) => cls._props[k].get);
}

/** Normalise every load() argument form into scalar names + per-navigation sub-loads. */
export function parseLoad(arg: any, cls: ProxyClass): { scalars: string[]; nav: [string, any][] } {
  const paths: string[] = [];
  if (arg === undefined || arg === null || arg === '' || arg === '*') return { scalars: scalarNames(cls), nav: [] };
  if (typeof arg === 'string')
    paths.push(
      ...arg
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  else if (Array.isArray(arg))
    for (const a of arg)
      paths.push(
        ...String(a)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
  else if (typeof arg === 'object') {
    if ('select' in arg || 'expand' in arg) {
      if (arg.select)
        paths.push(
          ...String(arg.select)
            .split(',')
            .map((s: string) => s.trim()),
        );
      if (arg.expand) for (const e of String(arg.expand).split(',')) paths.push(e.trim());
    } else {
      const walk = (o: any, prefix: string): void => {
        for (const [k, v] of Object.entries(o)) {
          if (v === true) paths.push(prefix + k);
          else if (v && typeof v === 'object') {
            if (Object.keys(v).length === 0) paths.push(prefix + k);
            else walk(v, `${prefix}${k}/`);
          }
        }
      };
      walk(arg, '');
    }
  }
  const scalars: string[] = [];
  const nav = new Map<string, string[]>();
  for (const p of paths) {
    const i = p.indexOf('/');
    const head = i < 0 ? p : p.slice(0, i);
    if (cls._nav.includes(head)) {
      if (!nav.has(head)) nav.set(head, []);
      if (i >= 0) nav.get(head)!.push(p.slice(i + 1));
      continue;
    }
    if (i >= 0) continue;
    if (!cls._props[head]) continue; // unknown names are ignored (Excel reports them as errors only on some hosts)
    scalars.push(head);
  }
  return { scalars: [...new Set(scalars)], nav: [...nav].map(([k, v]) => [k, v.length ? v : undefined]) };
}

function parseCollectionLoad(arg: any): { own: string[]; items: any | null } {
  if (arg === undefined || arg === null || arg === '') return { own: [], items: undefined };
  const paths: string[] = [];
  if (typeof arg === 'string')
    paths.push(
      ...arg
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  else if (Array.isArray(arg))
    for (const a of arg)
      paths.push(
        ...String(a)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
  else if (typeof arg === 'object') {
    if ('select' in arg || 'expand' in arg) {
      const sel = String(arg.select ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const items = sel.filter((s) => s.startsWith('items/')).map((s) => s.slice(6));
      const own = sel.filter((s) => !s.startsWith('items'));
      return { own, items: items.length || arg.expand ? items : null };
    }
    const own: string[] = [];
    let items: any = null;
    for (const [k, v] of Object.entries(arg)) {
      if (k === 'items') items = v === true ? undefined : v;
      else if (k === '$all') items = undefined;
      else if (v) own.push(k);
    }
    return { own, items };
  }
  const own: string[] = [];
  const itemPaths: string[] = [];
  let anyItems = false;
  for (const p of paths) {
    if (p === 'items') anyItems = true;
    else if (p.startsWith('items/')) {
      anyItems = true;
      itemPaths.push(p.slice(6));
    } else if (p === 'count') own.push(p);
    else {
      anyItems = true;
      itemPaths.push(p);
    } // Excel treats other names as item properties
  }
  return { own, items: anyItems ? (itemPaths.length ? itemPaths : undefined) : null };
}

export function clone<V>(v: V): V {
  if (v instanceof ProxyBase) return v; // e.g. a Range passed as a list source
  if (Array.isArray(v)) {
    // A row of values (most of a big write) copied whole, only objects recursing and a hole made
    // undefined: slice keeps the array's kind of elements, so the code that measures and writes the
    // copy runs as it ran on the original (a new kind there undid its optimized code mid-request).
    const out: unknown[] = v.slice();
    for (let i = 0; i < out.length; i++) {
      const x: unknown = out[i];
      if (x === undefined) out[i] = undefined;
      else if (x !== null && typeof x === 'object') out[i] = clone(x);
    }
    return out as unknown as V;
  }
  if (v && typeof v === 'object') {
    const out: any = {};
    for (const [k, x] of Object.entries(v as any)) out[k] = clone(x);
    return out;
  }
  return v;
}

/** Install getters/setters for a property table on a proxy class. */
export interface ProxyClass {
  prototype: object;
  _props: Record<string, PropDef<any>>;
  _nav: string[];
}

export function defineProps(cls: ProxyClass, props: Record<string, PropDef<any>>, nav: string[] = []): void {
  cls._props = props;
  cls._nav = nav;
  for (const name of Object.keys(props)) {
    Object.defineProperty(cls.prototype, name, {
      configurable: true,
      get(this: ProxyBase<any>) {
        return this._getProp(name);
      },
      set(this: ProxyBase<any>, v: unknown) {
        this._setProp(name, v);
      },
    });
  }
}
