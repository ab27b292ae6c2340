/**
 * The memory host is as strict as Excel on the points the add-in relies on: structured references to
 * tables and columns that exist, validation lists naming names that exist, 2-D arrays the size of the
 * range, no navigation from a null object, #REF! for good after a table is deleted, UTF-8 payloads.
 */
import { MemoryWorkbook } from '../../src/hosts/memory';
import { structuredRefs } from '../../src/hosts/memory/structured';

async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  await expect(p).rejects.toMatchObject({ name: 'RichApi.Error', code });
}

/** Sheet1 with table T (A, B, C) over A1:C3. */
async function withTable(): Promise<MemoryWorkbook> {
  const wb = new MemoryWorkbook();
  await wb.run(async (ctx) => {
    const s = ctx.workbook.worksheets.getItem('Sheet1');
    s.getRange('A1:C3').values = [
      ['A', 'B', 'C'],
      [1, 2, ''],
      [3, 4, ''],
    ];
    ctx.workbook.worksheets.getItem('Sheet1').tables.add('A1:C3', true).name = 'T';
    await ctx.sync();
  });
  return wb;
}

const write = (wb: MemoryWorkbook, a1: string, formulas: string[][]) =>
  wb.run(async (ctx) => {
    ctx.workbook.worksheets.getItem('Sheet1').getRange(a1).formulas = formulas;
    await ctx.sync();
  });

describe('structured references', () => {
  test('are parsed in every form, string literals and quoted sheet names aside', () => {
    const refs = structuredRefs(
      `=SUMIFS(T[B],T[[#This Row],[A]],"x[y]")+'a[b'!A1+[@C]+T[@[B]]+T[[#All],[A]:[B]]+T[Sp'[e']c]`,
    );
    expect(refs.map((r) => ({ t: r.table, c: r.columns }))).toEqual([
      { t: 'T', c: ['B'] },
      { t: 'T', c: ['A'] },
      { t: null, c: ['C'] },
      { t: 'T', c: ['B'] },
      { t: 'T', c: ['A', 'B'] },
      { t: 'T', c: ['Sp[e]c'] },
    ]);
  });

  test('a formula naming an existing table and columns is accepted, in a cell and in the table', async () => {
    const wb = await withTable();
    await write(wb, 'E1', [['=SUM(T[A])']]);
    await write(wb, 'C2:C3', [['=T[[#This Row],[A]]*2'], ['=[@B]+1']]);
    expect(wb.cell('Sheet1', 'E1').formula).toBe('=SUM(T[A])');
    expect(wb.cell('Sheet1', 'C3').formula).toBe('=[@B]+1');
  });

  test.each([
    ['a missing table', 'E1', '=SUM(Nope[A])'],
    ['a missing column', 'E1', '=SUM(T[Z])'],
    ['a missing column in [#This Row]', 'C2', '=T[[#This Row],[Z]]'],
    ['a bare column outside any table', 'E1', '=[@A]'],
    ['a bare column missing from its own table', 'C2', '=[@Z]'],
  ])('%s is refused with InvalidArgument, and nothing of that write is made', async (_what, a1, formula) => {
    const wb = await withTable();
    await expectCode(write(wb, a1, [[formula]]), 'InvalidArgument');
    expect(wb.cell('Sheet1', a1).formula).toBeUndefined();
  });

  test('rows.add with a formula naming a missing table is refused', async () => {
    const wb = await withTable();
    await expectCode(
      wb.run(async (ctx) => {
        ctx.workbook.tables.getItem('T').rows.add(undefined, [[5, 6, '=SUM(Gone[X])']]);
        await ctx.sync();
      }),
      'InvalidArgument',
    );
    expect(wb.table('T')!.rect.r1).toBe(2);
  });

  test('deleting a table turns references to it into #REF! for good: a new table of that name does not heal them', async () => {
    const wb = await withTable();
    await write(wb, 'E1', [['=SUM(T[A])+1']]);
    await wb.run(async (ctx) => {
      ctx.workbook.tables.getItem('T').delete();
      await ctx.sync();
    });
    expect(wb.cell('Sheet1', 'E1')).toMatchObject({ formula: '=SUM(#REF!)+1', value: '#REF!', valueType: 'Error' });
    await wb.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('Sheet1');
      s.getRange('A1:C2').values = [
        ['A', 'B', 'C'],
        [1, 2, 3],
      ];
      s.tables.add('A1:C2', true).name = 'T';
      await ctx.sync();
    });
    expect(wb.cell('Sheet1', 'E1').formula).toBe('=SUM(#REF!)+1');
  });

  test('deleting a table column turns references to that column (only) into #REF!', async () => {
    const wb = await withTable();
    await write(wb, 'E5:E6', [['=SUM(T[B])'], ['=SUM(T[A])']]);
    await wb.run(async (ctx) => {
      ctx.workbook.tables.getItem('T').columns.getItem('B').delete();
      await ctx.sync();
    });
    expect(wb.cell('Sheet1', 'E5').formula).toBe('=SUM(#REF!)');
    expect(wb.cell('Sheet1', 'E6').formula).toBe('=SUM(T[A])');
  });
});

describe('validation lists', () => {
  test('a list source naming a missing name is refused; an A1 source, a literal list and an existing name are accepted', async () => {
    const wb = new MemoryWorkbook();
    const rule = (source: string) =>
      wb.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:A5').dataValidation.rule = {
          list: { inCellDropDown: true, source },
        };
        await ctx.sync();
      });
    await expectCode(rule('=Missing'), 'InvalidArgument');
    await rule('=Sheet1!$D$1:$D$3');
    await rule('a,b,c');
    await wb.run(async (ctx) => {
      ctx.workbook.names.add('Present', '=Sheet1!$D$1:$D$3');
      await ctx.sync();
    });
    await rule('=Present');
    expect(wb.sheet('Sheet1').dvs[0].rule.list?.source).toBe('=Present');
  });
});

describe('documented shapes', () => {
  test.each(['values', 'formulas', 'numberFormat'] as const)(
    'one scalar written to a multi-cell range (%s) is refused; to one cell it is taken',
    async (prop) => {
      const wb = new MemoryWorkbook();
      const value = prop === 'numberFormat' ? '0.00' : prop === 'formulas' ? '=1+1' : 7;
      await expectCode(
        wb.run(async (ctx) => {
          (ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:A3') as unknown as Record<string, unknown>)[prop] =
            value;
          await ctx.sync();
        }),
        'InvalidArgument',
      );
      await wb.run(async (ctx) => {
        (ctx.workbook.worksheets.getItem('Sheet1').getRange('A1') as unknown as Record<string, unknown>)[prop] = value;
        await ctx.sync();
      });
      await wb.run(async (ctx) => {
        (ctx.workbook.worksheets.getItem('Sheet1').getRange('B1:B3') as unknown as Record<string, unknown>)[prop] = [
          [value],
          [value],
          [value],
        ];
        await ctx.sync();
      });
      expect(wb.cell('Sheet1', 'B3')).toMatchObject(
        prop === 'numberFormat' ? { numberFormat: '0.00' } : prop === 'formulas' ? { formula: '=1+1' } : { value: 7 },
      );
    },
  );

  test("a range's used range is the cells in use inside it, not the sheet's", async () => {
    const wb = new MemoryWorkbook();
    await wb.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('Sheet1');
      s.getRange('A1').values = [['x']];
      s.getRange('H1').values = [['y']];
      await ctx.sync();
      const inside = s.getRange('D1:E5').getUsedRangeOrNullObject(false);
      inside.load('address');
      await ctx.sync();
      expect(inside.isNullObject).toBe(true);
    });
  });
});

describe('null objects', () => {
  test('navigating from a null object throws at sync; loading the collection with items/worksheet/name does not', async () => {
    const wb = await withTable();
    await expectCode(
      wb.run(async (ctx) => {
        const missing = ctx.workbook.tables.getItemOrNullObject('Nope');
        missing.worksheet.load('name');
        await ctx.sync();
      }),
      'InvalidOperation',
    );
    await wb.run(async (ctx) => {
      const missing = ctx.workbook.tables.getItemOrNullObject('Nope');
      missing.load('name');
      const all = ctx.workbook.tables.load('items/name,items/worksheet/name');
      await ctx.sync();
      expect(missing.isNullObject).toBe(true);
      expect(all.items.map((t) => [t.name, t.worksheet.name])).toEqual([['T', 'Sheet1']]);
    });
  });
});

describe('payload size', () => {
  test('a response is counted in UTF-8 bytes: a Chinese character is three', async () => {
    const wb = new MemoryWorkbook();
    const text = '售'.repeat(1000);
    await wb.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [[text]];
      await ctx.sync();
    });
    wb.resetStats();
    await wb.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Sheet1').getRange('A1').load('values');
      await ctx.sync();
    });
    expect(wb.stats.requests[0].responseBytes).toBeGreaterThanOrEqual(3000);
    expect(wb.stats.requests[0].responseBytes).toBeLessThan(3100);
  });
});
