import { MemoryWorkbook } from '../../src/hosts/memory';

async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  await expect(p).rejects.toMatchObject({ name: 'RichApi.Error', code });
}

async function setupTable(wb: MemoryWorkbook): Promise<void> {
  await wb.run(async (ctx) => {
    const s = ctx.workbook.worksheets.getItem('Sheet1');
    s.getRange('A1:C1').values = [['A', 'B', 'C']];
    const t = s.tables.add('A1:C1', true);
    t.name = 'T';
  });
}

describe('tables', () => {
  test('header-only table gets one empty data row; rows.add fills it then appends', async () => {
    const wb = new MemoryWorkbook();
    await setupTable(wb);
    await wb.run(async (ctx) => {
      const t = ctx.workbook.tables.getItem('T');
      const body = t.getDataBodyRange().load('address');
      const head = t.getHeaderRowRange().load('address,values');
      const cnt = t.rows.getCount();
      await ctx.sync();
      expect(body.address).toBe('Sheet1!A2:C2');
      expect(head.address).toBe('Sheet1!A1:C1');
      expect(head.values).toEqual([['A', 'B', 'C']]);
      expect(cnt.value).toBe(1);
      t.rows.add(undefined, [
        [1, 'x', true],
        [2, 'y', false],
      ]);
      await ctx.sync();
      t.rows.add(undefined, [[3, 'z', true]]);
      const body2 = t.getDataBodyRange().load('address,values');
      const all = t.getRange().load('address');
      await ctx.sync();
      expect(body2.address).toBe('Sheet1!A2:C4');
      expect(all.address).toBe('Sheet1!A1:C4');
      expect(body2.values).toEqual([
        [1, 'x', true],
        [2, 'y', false],
        [3, 'z', true],
      ]);
    });
  });

  test('rows.add shifts cells below the table down (within its columns)', async () => {
    const wb = new MemoryWorkbook();
    await setupTable(wb);
    await wb.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('Sheet1');
      const t = ctx.workbook.tables.getItem('T');
      t.rows.add(undefined, [
        [1, 1, 1],
        [2, 2, 2],
      ]);
      s.getRange('A5').values = [['below']];
      s.getRange('E5').values = [['beside']];
      await ctx.sync();
      t.rows.add(undefined, [[3, 3, 3]]);
    });
    expect(wb.cell('Sheet1', 'A4').value).toBe(3);
    expect(wb.cell('Sheet1', 'A6').value).toBe('below');
    expect(wb.cell('Sheet1', 'E5').value).toBe('beside');
  });

  test('calculated column: set on whole body, propagates to added rows; overwrite keeps it', async () => {
    const wb = new MemoryWorkbook();
    await setupTable(wb);
    await wb.run(async (ctx) => {
      const t = ctx.workbook.tables.getItem('T');
      t.rows.add(undefined, [
        [1, '', ''],
        [2, '', ''],
      ]);
      await ctx.sync();
      t.columns.getItem('C').getDataBodyRange().formulas = [['=T[[#This Row],[A]]*2'], ['=T[[#This Row],[A]]*2']];
      await ctx.sync();
      t.rows.add(undefined, [[5, 'q', '']]);
      t.columns.getItem('C').getDataBodyRange().getCell(0, 0).values = [[99]];
    });
    expect(wb.table('T')!.columns[2].calc).toBe('=T[[#This Row],[A]]*2');
    expect(wb.cell('Sheet1', 'C4').formula).toBe('=T[[#This Row],[A]]*2');
    expect(wb.cell('Sheet1', 'C2').value).toBe(99);
  });

  test('columns.add at the end with a name; header names unique', async () => {
    const wb = new MemoryWorkbook();
    await setupTable(wb);
    await wb.run(async (ctx) => {
      const t = ctx.workbook.tables.getItem('T');
      t.rows.add(undefined, [[1, 2, 3]]);
      t.columns.add(undefined, undefined, 'D');
      const col = t.columns.getItem('D').getDataBodyRange().load('address');
      const hdr = t.columns.getItem('D').getHeaderRowRange().load('address');
      const cols = t.columns.load('items/name,items/index');
      await ctx.sync();
      expect(col.address).toBe('Sheet1!D2');
      expect(hdr.address).toBe('Sheet1!D1');
      expect(cols.items.map((c) => [c.name, c.index])).toEqual([
        ['A', 0],
        ['B', 1],
        ['C', 2],
        ['D', 3],
      ]);
      t.getHeaderRowRange().getCell(0, 1).values = [['A']];
      t.columns.getItemAt(2).name = 'A';
      const h = t.getHeaderRowRange().load('values');
      await ctx.sync();
      expect(h.values).toEqual([['A', 'A2', 'A3', 'D']]);
    });
  });

  test('overlapping tables throw', async () => {
    const wb = new MemoryWorkbook();
    await setupTable(wb);
    await expectCode(
      wb.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').tables.add('C2:E5', true);
        await ctx.sync();
      }),
      'InvalidOperation',
    );
  });

  test('table names: duplicates, clash with defined names, invalid syntax', async () => {
    const wb = new MemoryWorkbook();
    await setupTable(wb);
    await wb.run(async (ctx) => {
      ctx.workbook.names.add('PP_Rate', '=Sheet1!$H$1');
    });
    await expectCode(
      wb.run(async (ctx) => {
        const t = ctx.workbook.worksheets.getItem('Sheet1').tables.add('E1:F2', true);
        t.name = 't';
        await ctx.sync();
      }),
      'ItemAlreadyExists',
    );
    await expectCode(
      wb.run(async (ctx) => {
        const t = ctx.workbook.tables.getItem('T');
        t.name = 'pp_rate';
        await ctx.sync();
      }),
      'ItemAlreadyExists',
    );
    await expectCode(
      wb.run(async (ctx) => {
        ctx.workbook.names.add('T', '=Sheet1!$A$1');
        await ctx.sync();
      }),
      'ItemAlreadyExists',
    );
    await expectCode(
      wb.run(async (ctx) => {
        ctx.workbook.tables.getItem('T').name = 'My Table';
        await ctx.sync();
      }),
      'InvalidArgument',
    );
    await expectCode(
      wb.run(async (ctx) => {
        ctx.workbook.tables.getItem('T').name = 'A1';
        await ctx.sync();
      }),
      'InvalidArgument',
    );
    await wb.run(async (ctx) => {
      ctx.workbook.tables.getItem('T').name = '项目表';
    });
    expect(wb.table('项目表')).toBeDefined();
  });
});

describe('validation, conditional formats, names', () => {
  test('structured references are refused in DV and CF formulas', async () => {
    const wb = new MemoryWorkbook();
    await setupTable(wb);
    await expectCode(
      wb.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRange('A2:A3').dataValidation.rule = {
          list: { inCellDropDown: true, source: '=T[A]' },
        };
        await ctx.sync();
      }),
      'InvalidArgument',
    );
    await expectCode(
      wb.run(async (ctx) => {
        const cf = ctx.workbook.worksheets
          .getItem('Sheet1')
          .getRange('A2:C2')
          .conditionalFormats.add('Custom' as Excel.ConditionalFormatType);
        cf.custom.rule.formula = '=[@A]>1';
        await ctx.sync();
      }),
      'InvalidArgument',
    );
    await expectCode(
      wb.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRange('B2').dataValidation.rule = {
          custom: { formula: '=COUNTIF(T[B],B2)=1' },
        };
        await ctx.sync();
      }),
      'InvalidArgument',
    );
    // A1 references and names in strings are fine
    await wb.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('B2:B100');
      r.dataValidation.rule = { list: { inCellDropDown: true, source: '="a[b],c"' } };
      r.dataValidation.errorAlert = { showAlert: true, style: 'Stop', title: 'Bad', message: 'Pick one' };
      const cf = r.conditionalFormats.add('Custom' as Excel.ConditionalFormatType);
      cf.custom.rule.formula = '=$A2>1';
      cf.custom.format.fill.color = '#FFC7CE';
      cf.custom.format.font.color = '#9C0006';
      const dv = ctx.workbook.worksheets.getItem('Sheet1').getRange('B5').dataValidation.load('type,rule,errorAlert');
      const cfs = ctx.workbook.worksheets.getItem('Sheet1').getRange('B7').conditionalFormats.load('items/type');
      await ctx.sync();
      expect(dv.type).toBe('List');
      expect(dv.rule.list!.source).toBe('="a[b],c"');
      expect(dv.errorAlert.title).toBe('Bad');
      expect(cfs.items.map((c) => c.type)).toEqual(['Custom']);
    });
  });

  test('names: add with string and Range, items, getRange, value', async () => {
    const wb = new MemoryWorkbook();
    await wb.run(async (ctx) => {
      ctx.workbook.worksheets.add('设置');
      const s = ctx.workbook.worksheets.getItem('设置');
      s.getRange('B2').values = [[0.3]];
      ctx.workbook.names.add('PP_Threshold', '=设置!$B$2', 'overrun threshold');
      ctx.workbook.names.add('PP_Cell', s.getRange('C3:D4'));
      ctx.workbook.names.add('PP_Const', '=0.25');
      const items = ctx.workbook.names.load('items/name,items/formula,items/type,items/value,items/comment');
      const r = ctx.workbook.names.getItem('PP_Threshold').getRange().load('values,address');
      const missing = ctx.workbook.names.getItemOrNullObject('Nope');
      await ctx.sync();
      expect(items.items.map((n) => [n.name, n.formula, n.type])).toEqual([
        ['PP_Threshold', '=设置!$B$2', 'Range'],
        ['PP_Cell', '=设置!$C$3:$D$4', 'Range'],
        ['PP_Const', '=0.25', 'Double'],
      ]);
      expect(items.items[0].comment).toBe('overrun threshold');
      expect(r.values).toEqual([[0.3]]);
      expect(r.address).toBe('设置!B2');
      expect(missing.isNullObject).toBe(true);
    });
    await expectCode(
      wb.run(async (ctx) => {
        ctx.workbook.names.add('pp_threshold', '=1');
        await ctx.sync();
      }),
      'ItemAlreadyExists',
    );
    await expectCode(
      wb.run(async (ctx) => {
        ctx.workbook.names.add('bad name', '=1');
        await ctx.sync();
      }),
      'InvalidArgument',
    );
  });

  test('renaming a sheet rewrites references in names', async () => {
    const wb = new MemoryWorkbook();
    await wb.run(async (ctx) => {
      ctx.workbook.names.add('X', '=Sheet1!$A$1');
      ctx.workbook.worksheets.getItem('Sheet1').name = 'Data Sheet';
    });
    expect(wb.model.names[0].formula).toBe("='Data Sheet'!$A$1");
  });
});

describe('selection, freeze panes, charts', () => {
  test('range.select() and setSelection fire onSelectionChanged; getSelectedRange follows', async () => {
    const wb = new MemoryWorkbook();
    const seen: string[] = [];
    await wb.run(async (ctx) => {
      ctx.workbook.worksheets.add('Other');
      ctx.workbook.onSelectionChanged.add(async (args) => {
        const r = args.workbook.getSelectedRange().load('address');
        await args.workbook.context.sync();
        seen.push(r.address);
      });
      await ctx.sync();
      ctx.workbook.worksheets.getItem('Other').getRange('B3:C4').select();
      await ctx.sync();
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual(['Other!B3:C4']);
    await wb.setSelection('Sheet1', 'D5');
    expect(seen).toEqual(['Other!B3:C4', 'Sheet1!D5']);
    await wb.run(async (ctx) => {
      const a = ctx.workbook.getActiveCell().load('address');
      const ws = ctx.workbook.worksheets.getActiveWorksheet().load('name');
      await ctx.sync();
      expect(a.address).toBe('Sheet1!D5');
      expect(ws.name).toBe('Sheet1');
    });
  });

  test('freeze panes and chart model', async () => {
    const wb = new MemoryWorkbook();
    await wb.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('Sheet1');
      s.freezePanes.freezeRows(1);
      const loc = s.freezePanes.getLocationOrNullObject().load('address');
      s.getRange('A1:B3').values = [
        ['k', 'v'],
        ['a', 1],
        ['b', 2],
      ];
      const ch = s.charts.add('ColumnClustered' as Excel.ChartType, s.getRange('A1:B3'), 'Auto' as Excel.ChartSeriesBy);
      ch.title.text = 'Pipeline';
      ch.setPosition('D2', 'J15');
      ch.load('name,top,left,width');
      const charts = s.charts.load('items/name');
      await ctx.sync();
      expect(loc.address).toBe('Sheet1!1:1');
      expect(ch.name).toBe('Chart 1');
      expect(ch.top).toBe(15);
      expect(ch.left).toBe(144);
      expect(ch.width).toBe(7 * 48);
      expect(charts.items).toHaveLength(1);
    });
    expect(wb.sheet('Sheet1').freeze).toEqual({ rows: 1, cols: 0 });
  });
});
