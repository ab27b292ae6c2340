/**
 * jsonBytes measures what JSON.stringify would write, in UTF-8 bytes, without writing it: compared with
 * the real thing on every kind of value JSON knows (and the ones it leaves out or refuses).
 */
import { jsonBytes, jsonStringBytes, utf8Bytes } from '../../src/engine/json-size';

const real = (v: unknown): number => {
  const s = JSON.stringify(v);
  return s === undefined ? 0 : Buffer.byteLength(s, 'utf8');
};

const STRINGS = [
  '',
  'plain',
  'quote " and backslash \\',
  '\b\f\n\r\t',
  '\u0000\u0001\u001f\u007f',
  '项目名称 <&> 客户',
  'é ß ñ',
  '😀 pair',
  'lone \ud800 high',
  'lone \udc00 low',
  'end \ud83d',
  '\udc00\ud800',
  '\u2028\u2029',
  "'=SUM(A1)",
];
const NUMBERS = [
  0,
  -0,
  1,
  -1,
  9,
  10,
  99,
  100,
  123456789,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 60,
  0.1,
  -2.5e-7,
  1e21,
  1e-7,
  NaN,
  Infinity,
  -Infinity,
];

describe('jsonBytes', () => {
  test.each(STRINGS.map((s) => [s]))('string %j', (s) => {
    expect(jsonStringBytes(s)).toBe(real(s));
    expect(jsonBytes(s)).toBe(real(s));
    expect(utf8Bytes(s)).toBe(Buffer.byteLength(s, 'utf8'));
  });

  test('numbers, booleans, null, and what JSON leaves out', () => {
    for (const n of NUMBERS) expect([n, jsonBytes(n)]).toEqual([n, real(n)]);
    for (const v of [true, false, null, undefined, () => 1, Symbol('s')]) expect(jsonBytes(v)).toBe(real(v));
    // In an array what JSON leaves out is null; in an object the key goes.
    expect(jsonBytes([undefined, () => 1, Symbol('s'), 1])).toBe(real([undefined, () => 1, Symbol('s'), 1]));
    expect(jsonBytes({ a: undefined, b: () => 1, c: 1, d: Symbol('x') })).toBe(real({ a: undefined, c: 1 }));
    expect(jsonBytes({ a: undefined })).toBe(2);
    // eslint-disable-next-line no-sparse-arrays
    expect(jsonBytes([1, , 3])).toBe(real([1, null, 3]));
  });

  test('nested arrays and objects, toJSON (with its key), boxed values, Map and Date', () => {
    const withKey = { toJSON: (k: string) => `key:${k}` };
    const values: unknown[] = [
      [],
      {},
      [
        [1, 'a'],
        ['项目', true, null],
      ],
      { 'ké"y': ['v', { x: 1.5, y: [] }], 数: -3 },
      [withKey, { inner: withKey }],
      { d: new Date(Date.UTC(2026, 5, 1)) },
      [new Number(3), new String('s"'), new Boolean(false)],
      new Map([[1, 2]]),
      [new Uint8Array([1, 2])],
      [1, 'two', [3, ['four', { five: 5 }]]],
    ];
    for (const v of values) expect(jsonBytes(v)).toBe(real(v));
  });

  test('a table of values as a request carries it, and random text', () => {
    const rows = Array.from({ length: 200 }, (_, i) => [
      `P-${i}`,
      i % 3 ? `客户${i}` : `Customer "${i}"\n`,
      i * 1234.5,
      i % 2 === 0,
      i % 7 ? null : '',
    ]);
    expect(jsonBytes([[1, 'values', rows]])).toBe(real([[1, 'values', rows]]));
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let k = 0; k < 300; k++) {
      const s = Array.from({ length: 1 + Math.floor(rand() * 12) }, () =>
        String.fromCharCode(Math.floor(rand() * 0x10000)),
      ).join('');
      expect([s, jsonBytes([s, { [s]: s }])]).toEqual([s, real([s, { [s]: s }])]);
    }
  });

  test('refuses what JSON.stringify refuses: a cycle, a BigInt', () => {
    const a: unknown[] = [1];
    a.push(a);
    expect(() => jsonBytes(a)).toThrow(TypeError);
    expect(() => jsonBytes({ n: BigInt(1) })).toThrow(TypeError);
    // The same object twice is not a cycle.
    const shared = { x: 1 };
    expect(jsonBytes([shared, shared])).toBe(real([shared, shared]));
  });
});
