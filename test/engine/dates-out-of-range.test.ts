/** A date typed far outside Excel's range never crashes a message, a queue or its JSON. */
import { approvalQueue, queueJson } from '../../src/engine/approvals';
import { isoFromSerial, serialFromYmd } from '../../src/engine/values';
import { adjustment, baseline, L, run } from './build';

test('isoFromSerial: Excel dates as ISO days; outside Excel’s range, the number as typed', () => {
  expect(isoFromSerial(serialFromYmd(2026, 6, 1))).toBe('2026-06-01');
  expect(isoFromSerial(serialFromYmd(2026, 6, 1) + 0.75)).toBe('2026-06-01');
  expect(isoFromSerial(2958465)).toBe('9999-12-31');
  expect(isoFromSerial(2958466)).toBe('2958466');
  expect(isoFromSerial(1e9)).toBe('1000000000');
  expect(isoFromSerial(-5)).toBe('-5');
});

test.each(['zh', 'en'] as const)('a pending request dated 1e9 is listed, not a RangeError (%s)', (lang) => {
  const s = baseline(lang);
  s.Adjustments = [
    adjustment(lang, {
      requestDate: 1e9,
      approver: null,
      decision: L('Decisions', 'pending', lang),
      decisionDate: null,
    }),
  ];
  const a = run(s, { lang });
  const q = approvalQueue(a);
  const json = JSON.stringify(queueJson(q, lang));
  expect(json).toContain('"requestDate":"1000000000"');
  expect(a.findings.some((f) => f.table === 'Adjustments' && f.column === 'requestDate')).toBe(true);
});
