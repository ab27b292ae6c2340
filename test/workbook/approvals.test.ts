/**
 * The approval queue of the sample, and Approve / Reject against the strict host: exactly the three cells
 * Decision, Approver and Decision Date change, and a too-low role or an unconfirmed sponsor is refused
 * with its reason and changes nothing.
 */
import { approvalQueue, adjustmentLevel } from '../../src/engine/approvals';
import { Lang } from '../../src/engine/i18n';
import { isoFromSerial } from '../../src/engine/values';
import { MemoryWorkbook } from '../../src/hosts/memory';
import {
  Analysis,
  checkWorkbook,
  decideRequest,
  ExcelRunner,
  loadSample,
  setUp,
  UserError,
  writeApprovalForm,
} from '../../src/workbook';
import { newBook, serializeModel, TODAY } from './helpers';

async function sampleBook(lang: Lang): Promise<{ wb: MemoryWorkbook; run: ExcelRunner; a: Analysis }> {
  const { wb, run } = newBook();
  await setUp(run, { lang });
  await loadSample(run, { today: TODAY });
  return { wb, run, a: await checkWorkbook(run, { asOf: TODAY }) };
}

/** Every cell of every sheet as sheet!A1 → value, to diff before and after. */
function cells(wb: MemoryWorkbook): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const s of wb.model.sheets) for (const [k, c] of s.cells) out.set(`${s.name}!${k}`, JSON.stringify([c.v, c.f]));
  return out;
}
function changed(before: Map<string, unknown>, after: Map<string, unknown>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k));
}

describe.each(['zh', 'en'] as Lang[])('approvals (%s)', (lang) => {
  let wb: MemoryWorkbook;
  let run: ExcelRunner;
  let a: Analysis;
  beforeAll(async () => {
    ({ wb, run, a } = await sampleBook(lang));
  });

  test('the queue holds every pending adjustment and termination of the sample, escalated or not', () => {
    const q = approvalQueue(a);
    const ids = q.requests.map((r) => `${r.table}:${r.id}:${r.projectId}`).sort();
    expect(ids).toEqual([
      'Adjustments:ADJ-002:PS-2026-003',
      'Adjustments:ADJ-005:PS-2026-001',
      'Terminations:PS-2026-010:PS-2026-010',
    ]);
    const adj2 = q.requests.find((r) => r.id === 'ADJ-002')!;
    // 40,000 > 10% of PS-2026-003's planned 140,000 → leadership; only 孙浩 (leadership) may approve.
    expect(adj2.level).toBe('leadership');
    expect(adj2.approvers.map((p) => p.rank)).toEqual([5]);
    expect(adj2.sponsorConfirmed).toBe(true);
    expect(adj2.levelReasons[0][lang]).toContain('¥40,000');
    const adj5 = q.requests.find((r) => r.id === 'ADJ-005')!;
    expect(adj5.level).toBe('gmOrDirector');
    expect(adj5.approvers.map((p) => p.rank)).toEqual([5, 4, 3]);
    const term = q.requests.find((r) => r.table === 'Terminations')!;
    expect(term.sponsorConfirmed).toBe(false);
    // Leadership-level requests first.
    expect(q.requests[0].level).toBe('leadership');
    // Escalated projects without a pending request are listed to file one; those with one are not.
    const need = q.needsRequest.map((n) => n.projectId);
    expect(need).not.toContain('PS-2026-003');
    expect(need).toContain('PS-2026-005');
    expect(q.needsRequest.find((n) => n.projectId === 'PS-2026-005')!.reasons[0][lang]).toMatch(/¥95,000.*¥88,000/);
  });

  test('the level a change will need follows the same rule as the sheet', () => {
    expect(adjustmentLevel(a.computed, 'PS-2026-003', 14_000, null).level).toBe('gmOrDirector');
    expect(adjustmentLevel(a.computed, 'PS-2026-003', 14_000.01, null).level).toBe('leadership');
    expect(adjustmentLevel(a.computed, 'PS-2026-003', null, 31).level).toBe('leadership');
    expect(adjustmentLevel(a.computed, 'PS-2026-003', null, 30).level).toBe('gmOrDirector');
  });

  const people =
    lang === 'zh'
      ? { director: '李明', leader: '孙浩', regional: '张伟', gone: '吴敏' }
      : { director: 'Li Ming', leader: 'Sun Hao', regional: 'Zhang Wei', gone: 'Wu Min' };

  test('a too-low role is refused with the reason, and nothing changes', async () => {
    const adj2 = approvalQueue(a).requests.find((r) => r.id === 'ADJ-002')!;
    const before = serializeModel(wb);
    const err = await decideRequest(run, adj2, { decision: 'approved', approver: people.director, date: TODAY }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).text[lang]).toMatch(lang === 'zh' ? /级别不足/ : /too low/);
    // Rejecting needs the same authority.
    const err2 = await decideRequest(run, adj2, { decision: 'rejected', approver: people.regional, date: TODAY }).catch(
      (e) => e,
    );
    expect((err2 as UserError).text[lang]).toMatch(lang === 'zh' ? /级别不足/ : /too low/);
    const err3 = await decideRequest(run, adj2, { decision: 'rejected', approver: people.gone, date: TODAY }).catch(
      (e) => e,
    );
    expect(err3).toBeInstanceOf(UserError);
    expect(serializeModel(wb)).toEqual(before);
  });

  test('an unconfirmed sponsor is refused for approval, and nothing changes', async () => {
    const term = approvalQueue(a).requests.find((r) => r.table === 'Terminations')!;
    const before = serializeModel(wb);
    const err = await decideRequest(run, term, { decision: 'approved', approver: people.leader, date: TODAY }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).text[lang]).toMatch(lang === 'zh' ? /发起人/ : /sponsor/i);
    expect(serializeModel(wb)).toEqual(before);
  });

  test('approve writes exactly Decision, Approver and Decision Date', async () => {
    const adj2 = approvalQueue(a).requests.find((r) => r.id === 'ADJ-002')!;
    const before = cells(wb);
    const res = await decideRequest(run, adj2, { decision: 'approved', approver: people.leader, date: TODAY + 1 });
    // No recalc hook here: exactly the three input cells change, on the request's own row.
    expect(changed(before, cells(wb))).toHaveLength(3);
    expect(res.cells).toHaveLength(3);
    expect(new Set(res.cells.map((c) => c.replace(/^.*![A-Z]+/, '')))).toEqual(
      new Set([String(adj2.decisionCell.replace(/^.*![A-Z]+/, ''))]),
    );
    const after = await checkWorkbook(run, { asOf: TODAY });
    const AD = after.model.tables.Adjustments;
    expect(AD.rows).toContain(adj2.row);
    const v = (k: string) => AD.cells[adj2.row][AD.schema.columns.findIndex((c) => c.key === k)];
    expect(v('decision')).toBe(lang === 'zh' ? '已批准' : 'Approved');
    expect(v('approver')).toBe(people.leader);
    expect(v('decisionDate')).toBe(TODAY + 1);
    expect(approvalQueue(after).requests.map((r) => r.id)).not.toContain('ADJ-002');
    // Deciding it twice is refused: the row is no longer pending.
    await expect(
      decideRequest(run, adj2, { decision: 'rejected', approver: people.leader, date: TODAY }),
    ).rejects.toBeInstanceOf(UserError);
    a = after;
  });

  test('reject writes exactly three cells, without the sponsor confirmation it does not need', async () => {
    const term = approvalQueue(a).requests.find((r) => r.table === 'Terminations')!;
    const before = cells(wb);
    await decideRequest(run, term, { decision: 'rejected', approver: people.director, date: TODAY });
    expect(changed(before, cells(wb))).toHaveLength(3);
    const after = await checkWorkbook(run, { asOf: TODAY });
    expect(approvalQueue(after).requests.map((r) => r.table)).toEqual(['Adjustments']);
  });

  test('the approval form is a new sheet with the figures and signature lines; sheets are never replaced', async () => {
    const q = approvalQueue(a);
    const req = q.requests[0];
    const { sheet } = await writeApprovalForm(run, a, req, lang);
    const text = [...wb.sheet(sheet).cells.values()].map((c) => String(c.v ?? '')).join('\n');
    expect(text).toContain(req.projectId);
    expect(text).toContain(isoFromSerial(a.asOf));
    expect(text).toMatch(lang === 'zh' ? /审批人签字/ : /Approver/);
    expect(text).toMatch(/¥[\d,]+/);
    const again = await writeApprovalForm(run, a, req, lang);
    expect(again.sheet).not.toBe(sheet);
    expect(wb.sheetNames()).toContain(sheet);
  });
});
