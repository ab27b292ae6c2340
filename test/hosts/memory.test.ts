import { MemoryWorkbook, RichApiError } from '../../src/hosts/memory';
import { keepsText, parseInput } from '../../src/hosts/memory/format';

async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  await expect(p).rejects.toMatchObject({ name: 'RichApi.Error', code });
}

describe('strictness', () => {
  test('reading an unloaded property throws PropertyNotLoaded; works after load+sync', async () => {
    const wb = new MemoryWorkbook();
    await wb.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:B2');
      r.values = [
        [1, 'a'],
        [true, ''],
      ];
      expect(() => r.values).toThrow(RichApiError);
      try {
        void r.values;
      } catch (e) {
        expect((e as RichApiError).code).toBe('PropertyNotLoaded');
        expect((e as Error).message).toContain("The property 'values' is not available");
      }
      r.load('values,address');
      expect(() => r.address).toThrow(/not available/);
      await ctx.sync();
      expect(r.values).toEqual([
        [1, 'a'],
        [true, ''],
      ]);
      expect(r.address).toBe('Sheet1!A1:B2');
      // set without load -> reading throws again
      r.values = [
        [2, 'b'],
        [false, 'x'],
      ];
      expect(() => r.values).toThrow(/not available/);
    });
  });

  test('values are snapshots from the sync that loaded them', async () => {
    const wb = new MemoryWorkbook();
    await wb.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1');
      r.values = [[1]];
      r.load('values');
      await ctx.sync();
      r.values = [[2]];
      await ctx.sync();
      expect(() => r.values).toThrow();
      const r2 = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1').load('values');
      await ctx.sync();
      expect(r2.values).toEqual([[2]]);
    });
  });

  test('getItem of a missing sheet fails at sync, not at call', async () => {
    const wb = new MemoryWorkbook();
    await expectCode(
      wb.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem('Nope');
        expect(ws).toBeDefined();
        await ctx.sync();
      }),
      'ItemNotFound',
    );
  });

  test('getItemOrNullObject gives isNullObject after sync; other props throw', async () => {
    const wb = new MemoryWorkbook();
    await wb.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject('Nope');
      const ok = ctx.workbook.worksheets.getItemOrNullObject('sheet1');
      ws.load('name');
      expect(() => ws.isNullObject).toThrow();
      await ctx.sync();
      expect(ws.isNullObject).toBe(true);
      expect(ok.isNullObject).toBe(false);
      expect(() => ws.name).toThrow(RichApiError);
    });
  });

  test('sheet name rules', async () => {
    const wb = new MemoryWorkbook();
    await expectCode(
      wb.run(async (ctx) => {
        ctx.workbook.worksheets.add('SHEET1');
        await ctx.sync();
      }),
      'ItemAlreadyExists',
    );
    await expectCode(
      wb.run(async (ctx) => {
        ctx.workbook.worksheets.add('a/b');
        await ctx.sync();
      }),
      'InvalidArgument',
    );
    await expectCode(
      wb.run(async (ctx) => {
        ctx.workbook.worksheets.add('x'.repeat(32));
        await ctx.sync();
      }),
      'InvalidArgument',
    );
    await wb.run(async (ctx) => {
      ctx.workbook.worksheets.add('项目信息');
      ctx.workbook.worksheets.add('My Sheet');
    });
    expect(wb.sheetNames()).toEqual(['Sheet1', '项目信息', 'My Sheet']);
  });

  test('addresses quote sheet names like Excel', async () => {
    const wb = new MemoryWorkbook();
    await wb.run(async (ctx) => {
      ctx.workbook.worksheets.add('My Sheet');
      ctx.workbook.worksheets.add('设置');
      const a = ctx.workbook.worksheets.getItem('My Sheet').getRange('a1').load('address');
      const b = ctx.workbook.worksheets.getItem('设置').getRange('B2:C3').load('address');
      const c = ctx.workbook.worksheets.getItem('Sheet1').getRange('B:B').load('address');
      const d = ctx.workbook.worksheets.getItem('Sheet1').getRange('B2').getEntireRow().load('address');
      await ctx.sync();
      expect(a.address).toBe("'My Sheet'!A1");
      expect(b.address).toBe('设置!B2:C3');
      expect(c.address).toBe('Sheet1!B:B');
      expect(d.address).toBe('Sheet1!2:2');
    });
  });

  test('bad address throws InvalidArgument at sync', async () => {
    const wb = new MemoryWorkbook();
    await expectCode(
      wb.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:ZZZZ9');
        await ctx.sync();
      }),
      'InvalidArgument',
    );
  });

  test('values shape mismatch throws InvalidArgument and writes nothing', async () => {
    const wb = new MemoryWorkbook();
    await expectCode(
      wb.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:B2').values = [[1, 2]];
        await ctx.sync();
      }),
      'InvalidArgument',
    );
    expect(wb.cell('Sheet1', 'A1').value).toBe('');
  });

  test('input parsing: formulas, apostrophe text, numeric strings, empty clears, null keeps', async () => {
    const wb = new MemoryWorkbook();
    await wb.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:E1');
      r.values = [['=1+1', "'007", '007', 'TRUE', 'x']];
      const r2 = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:E1');
      r2.values = [[null, null, null, null, '']];
      r.load('values,formulas,valueTypes');
      await ctx.sync();
      expect(r.formulas).toEqual([['=1+1', '007', 7, true, '']]);
      expect(r.values).toEqual([['', '007', 7, true, '']]);
      expect(r.valueTypes).toEqual([['Empty', 'String', 'Double', 'Boolean', 'Empty']]);
    });
    expect(wb.cell('Sheet1', 'A1').formula).toBe('=1+1');
  });

  test('text follows number formats', async () => {
    const wb = new MemoryWorkbook();
    await wb.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:D1');
      r.values = [[45292, 1234567.891, 0.256, 3]];
      r.numberFormat = [['yyyy-mm-dd', '#,##0.00', '0.0%', '@']];
      r.load('text,numberFormat');
      await ctx.sync();
      expect(r.text).toEqual([['2024-01-01', '1,234,567.89', '25.6%', '3']]);
    });
  });

  test('load forms: object, array, nav paths, collections', async () => {
    const wb = new MemoryWorkbook();
    await wb.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1');
      r.format.fill.color = 'yellow';
      r.format.font.bold = true;
      r.load({ address: true, format: { fill: { color: true }, font: { bold: true } } });
      const r2 = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1').load(['format/fill/color', 'rowIndex']);
      const sheets = ctx.workbook.worksheets.load('items/name');
      const cnt = ctx.workbook.worksheets.getCount();
      expect(() => cnt.value).toThrow();
      await ctx.sync();
      expect(r.format.fill.color).toBe('#FFFF00');
      expect(r.format.font.bold).toBe(true);
      expect(r2.format.fill.color).toBe('#FFFF00');
      expect(r2.rowIndex).toBe(0);
      expect(sheets.items.map((s) => s.name)).toEqual(['Sheet1']);
      expect(cnt.value).toBe(1);
      expect(() => sheets.items[0].position).toThrow(/not available/);
    });
    expect(wb.cell('Sheet1', 'A1')).toMatchObject({ fill: '#FFFF00', bold: true });
  });
});

describe('queued semantics and stats', () => {
  test('sync counting and the implicit final sync', async () => {
    const wb = new MemoryWorkbook();
    await wb.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [[1]];
      await ctx.sync();
      await ctx.sync();
      ctx.workbook.worksheets.getItem('Sheet1').getRange('A2').values = [[1]];
      await ctx.sync();
    });
    expect(wb.stats.syncs).toBe(3);
    wb.resetStats();
    await wb.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [[2]];
    });
    expect(wb.stats.syncs).toBe(1);
    wb.resetStats();
    await wb.run(async () => undefined);
    expect(wb.stats.syncs).toBe(0);
  });

  test('payload bytes grow with data written; over the limit throws', async () => {
    const wb = new MemoryWorkbook();
    const rows = (n: number) => Array.from({ length: n }, (_, i) => [i, `name ${i}`, i * 1.5]);
    await wb.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:C10').values = rows(10);
    });
    await wb.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:C1000').values = rows(1000);
    });
    const [small, big] = wb.stats.requests;
    expect(big.requestBytes).toBeGreaterThan(small.requestBytes * 50);
    await wb.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:C1000').load('values');
      await ctx.sync();
      void r;
    });
    expect(wb.stats.requests[2].responseBytes).toBeGreaterThan(10000);
    wb.payloadLimitBytes = 20000;
    await expectCode(
      wb.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:C1000').values = rows(1000);
      }),
      'RequestPayloadSizeLimitExceeded',
    );
    await expectCode(
      wb.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:C1000').load('values');
        await ctx.sync();
      }),
      'RequestPayloadSizeLimitExceeded',
    );
  });

  test('an error stops the batch at the failing operation', async () => {
    const wb = new MemoryWorkbook();
    await expectCode(
      wb.run(async (ctx) => {
        const s = ctx.workbook.worksheets.getItem('Sheet1');
        s.getRange('A1').values = [[1]];
        ctx.workbook.worksheets.getItem('Nope').getRange('A1').values = [[1]];
        s.getRange('A2').values = [[2]];
        await ctx.sync();
      }),
      'ItemNotFound',
    );
    expect(wb.cell('Sheet1', 'A1').value).toBe(1);
    expect(wb.cell('Sheet1', 'A2').value).toBe('');
  });

  test('suspendApiCalculationUntilNextSync is accepted and recorded', async () => {
    const wb = new MemoryWorkbook();
    await wb.run(async (ctx) => {
      ctx.application.suspendApiCalculationUntilNextSync();
      ctx.workbook.application.suspendApiCalculationUntilNextSync();
    });
    expect(wb.stats.syncs).toBe(1);
    expect(wb.stats.requests[0].requestBytes).toBeGreaterThan(0);
  });

  test('recalc hook and onChange run after writing syncs only', async () => {
    const wb = new MemoryWorkbook();
    let recalcs = 0,
      changes = 0;
    wb.recalc = (w) => {
      recalcs++;
      w.forEachFormula((s, r, c) => {
        s.ensure(r, c).v = 42;
      });
    };
    const off = wb.onChange(() => changes++);
    await wb.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Sheet1').getRange('A1').formulas = [['=6*7']];
    });
    await wb.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Sheet1').getRange('A1').load('values');
      await ctx.sync();
    });
    expect(recalcs).toBe(1);
    expect(changes).toBe(1);
    expect(wb.cell('Sheet1', 'A1').value).toBe(42);
    off();
  });
});

describe('large sheets', () => {
  test('20,000 x 30 written and read back in one trip', async () => {
    const wb = new MemoryWorkbook();
    wb.payloadLimitBytes = Infinity;
    const data = Array.from({ length: 20000 }, (_, i) =>
      Array.from({ length: 30 }, (_, j) => (j % 2 ? `r${i}c${j}` : i * j)),
    );
    await wb.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('Sheet1');
      s.getRangeByIndexes(0, 0, 20000, 30).values = data;
      const u = s.getUsedRange().load('address,rowCount');
      const v = s.getRange('A1:AD20000').load('values');
      await ctx.sync();
      expect(u.address).toBe('Sheet1!A1:AD20000');
      expect(v.values[19999][29]).toBe('r19999c29');
      expect(v.values[12345][4]).toBe(12345 * 4);
    });
  });
});

describe('typed input read from text', () => {
  // keepsText decides from the first character that a string stays text; parseInput is the rule itself.
  test('keepsText never says "text" for a string Excel would read as something else', () => {
    const samples = [
      '12',
      '+1',
      '-1',
      '.5',
      '1,234',
      '50%',
      '3/4',
      '2026-06-01',
      'TRUE',
      'false',
      'True',
      '#N/A',
      '#div/0!',
      "'007",
      ' 12',
      '\u00a012',
      '\u300012',
      '\ufeff12',
      '\u2028TRUE',
      '项目',
      'Customer',
      'x',
      '=1',
      'ſ',
      'ﬀ',
      '',
      '\u3001',
      '\u007f',
      '~1',
      '(1)',
      '$1',
      '１２',
    ];
    let seed = 11;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = " \u00a0\u3000\ufeff0123456789+-.,%/eE#TRUEFALStruefals'项x:";
    for (let k = 0; k < 3000; k++)
      samples.push(
        Array.from({ length: 1 + Math.floor(rand() * 8) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(
          '',
        ),
      );
    for (const s of samples) {
      if (!s || !keepsText(s)) continue;
      for (const format of [undefined, 'General', '@', '0.00'])
        expect([s, format, parseInput(s, format)]).toEqual([s, format, { value: s }]);
    }
    expect(keepsText('项目名称')).toBe(true);
    expect(keepsText('Customer')).toBe(true);
    for (const s of ['12', 'TRUE', '#N/A', "'x", ' x', '\u3000x', '\ufeffx']) expect(keepsText(s)).toBe(false);
  });

  test('text that cannot start a number or date is TRUE, FALSE, an error value or text', () => {
    const cases: [string, unknown][] = [
      ['true', true],
      [' True ', true],
      ['FALSE', false],
      ['falſe', false], // U+017F upper-cases to S
      ['#n/a', { error: '#N/A' }],
      ['#REF!', { error: '#REF!' }],
      ['#GETTING_DATA', { error: '#GETTING_DATA' }],
      ['team', 'team'],
      ['Tru', 'Tru'],
      ['TRUEX', 'TRUEX'],
      ['team-T01', 'team-T01'],
      ['T01-00001', 'T01-00001'],
      ['#1', '#1'],
      ['x12', 'x12'],
    ];
    for (const [s, value] of cases) expect([s, parseInput(s)]).toEqual([s, { value }]);
  });

  test('a written value is stored as typed input: numbers, dates, booleans, errors, text and apostrophes', async () => {
    const wb = new MemoryWorkbook();
    const row = ['12', '项目', 'Customer', "'007", '2026-06-01', 'TRUE', '#N/A', ' 12', '\u300012', '50%', 'Total'];
    await wb.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Sheet1');
      ws.getRange('A1:K1').values = [row];
      ws.getRange('A2').numberFormat = [['@']];
      await ctx.sync();
      ws.getRange('A2').values = [['12']];
      await ctx.sync();
    });
    const s = wb.model.sheets[0];
    expect(row.map((_, c) => s.get(0, c)!.v)).toEqual([
      12,
      '项目',
      'Customer',
      '007',
      46174,
      true,
      { error: '#N/A' },
      12,
      12,
      0.5,
      'Total',
    ]);
    expect(s.get(1, 0)!.v).toBe('12');
  });
});
