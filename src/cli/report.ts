import { Analysis } from '../engine/analyze';
import { Finding } from '../engine/findings';
import { Lang } from '../engine/i18n';
import { ApprovalQueue } from '../engine/approvals';
import { formatMoney, formatMoneyChange } from '../engine/money';
import { reasonsByProjectIn } from '../engine/reasons';
import { isoFromSerial, matchKey } from '../engine/values';

/** The JSON of spec §6: per-project figures with exactly its keys, and the findings. */
export function toJson(a: Analysis, file: string, lang: Lang): object {
  const reasons = reasonsByProjectIn(a, lang);
  return {
    file,
    asOf: isoFromSerial(a.asOf),
    lang,
    counts: a.counts,
    projects: a.projects.map((p) => ({
      projectId: p.projectId,
      marketWeight: p.marketWeight,
      marginTier: p.marginTier,
      importanceScore: p.importanceScore,
      grade: p.grade,
      budgetCap: p.budgetCap,
      plannedCost: p.plannedCost,
      approvedAdjustments: p.approvedAdjustments,
      actualCost: p.actualCost,
      overrun: p.overrun,
      overrunPct: p.overrunPct,
      slipDays: p.slipDays,
      escalation: p.escalation,
      // Why the grade, the cap and the escalation are what they are (not a figure of spec §6).
      reasons: reasons.get(matchKey(p.projectId) ?? '')!,
    })),
    findings: a.findings.map((f: Finding) => ({
      code: f.code,
      severity: f.severity,
      table: f.table,
      column: f.column,
      cell: f.cell,
      message: f.message[lang],
      ...(f.fixValue !== undefined ? { fixValue: f.fixValue } : {}),
    })),
  };
}

/** As x.toLocaleString('en-US', { maximumFractionDigits: 2 }), with the one formatter made once (a new one per call is slow). */
let moneyFormat: Intl.NumberFormat | undefined;
const money = (x: number | null): string =>
  x === null ? '—' : (moneyFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })).format(x);
const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** Terminal columns of one UTF-16 unit of the Basic Multilingual Plane: CJK characters take two. */
const wide = (c: number): boolean =>
  (c >= 0x1100 && c <= 0x115f) ||
  (c >= 0x2e80 && c <= 0xa4cf) ||
  (c >= 0xac00 && c <= 0xd7a3) ||
  (c >= 0xf900 && c <= 0xfaff) ||
  (c >= 0xfe30 && c <= 0xfe4f) ||
  (c >= 0xff00 && c <= 0xff60) ||
  (c >= 0xffe0 && c <= 0xffe6);

/** Display width of a string in a terminal: CJK characters take two columns, any other character one. */
function width(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A surrogate pair is one character (of one column).
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    w += wide(c) ? 2 : 1;
  }
  return w;
}
const padTo = (s: string, w: number, n: number, right: boolean): string => {
  const fill = ' '.repeat(Math.max(0, n - w));
  return right ? fill + s : s + fill;
};
const pad = (s: string, n: number, right = false): string => padTo(s, width(s), n, right);

function table(rows: string[][], rightAligned: Set<number>): string {
  // Each cell's width once: a report has thousands of rows.
  const cellWidths = rows.map((r) => r.map(width));
  const widths = rows[0].map((_, i) => cellWidths.reduce((m, r) => Math.max(m, r[i]), -Infinity));
  return rows
    .map((r, k) =>
      r
        .map((c, i) => padTo(c, cellWidths[k][i], widths[i], rightAligned.has(i)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const T = {
  zh: {
    title: '售前项目检查报告',
    asOf: '截止日期',
    projects: '项目',
    findings: '发现的问题',
    errors: '错误',
    warnings: '警告',
    infos: '提示',
    none: '没有发现问题。',
    esc: { none: '无', adjustment: '需调整', leadership: '企业领导' },
  },
  en: {
    title: 'Pre-sales pipeline check',
    asOf: 'as of',
    projects: 'Projects',
    findings: 'Findings',
    errors: 'errors',
    warnings: 'warnings',
    infos: 'info',
    none: 'No findings.',
    esc: { none: 'none', adjustment: 'adjustment', leadership: 'leadership' },
  },
};

/** The readable report: counts, one line per project, findings grouped by table. */
export function toText(a: Analysis, file: string, lang: Lang): string {
  const t = T[lang];
  const out: string[] = [];
  out.push(`${t.title}: ${file} (${t.asOf} ${isoFromSerial(a.asOf)})`);
  out.push(`${a.counts.error} ${t.errors}, ${a.counts.warning} ${t.warnings}, ${a.counts.info} ${t.infos}`);
  out.push('');
  if (a.projects.length) {
    out.push(`${t.projects} (${a.projects.length})`);
    const head =
      lang === 'zh'
        ? [
            '项目编号',
            '权重',
            '档位',
            '得分',
            '等级',
            '额度',
            '计划',
            '已批调整',
            '实际',
            '超支',
            '超支%',
            '延期',
            '升级',
          ]
        : [
            'Project',
            'Wt',
            'Tier',
            'Score',
            'Grade',
            'Cap',
            'Planned',
            'Approved adj',
            'Actual',
            'Overrun',
            'Overrun %',
            'Slip',
            'Escalation',
          ];
    const rows = [
      head,
      ...a.projects.map((p) => [
        p.projectId,
        p.marketWeight === null ? '—' : String(p.marketWeight),
        p.marginTier === null ? '—' : String(p.marginTier),
        p.importanceScore === null ? '—' : p.importanceScore.toFixed(2),
        p.grade ?? '—',
        money(p.budgetCap),
        money(p.plannedCost),
        money(p.approvedAdjustments),
        money(p.actualCost),
        money(p.overrun),
        pct(p.overrunPct),
        p.slipDays === null ? '—' : String(Math.round(p.slipDays * 100) / 100),
        p.escalation ? t.esc[p.escalation] : '—',
      ]),
    ];
    out.push(table(rows, new Set([1, 2, 3, 5, 6, 7, 8, 9, 10, 11])));
    out.push('');
  }
  out.push(`${t.findings} (${a.findings.length})`);
  if (!a.findings.length) out.push(t.none);
  const byTable = new Map<string, Finding[]>();
  for (const f of a.findings) {
    const list = byTable.get(f.table);
    if (list) list.push(f);
    else byTable.set(f.table, [f]);
  }
  for (const [name, list] of byTable) {
    out.push(`  ${name}`);
    for (const f of list)
      out.push(`    ${pad(f.severity.toUpperCase(), 7)} ${pad(f.cell || '-', 22)} ${f.code}: ${f.message[lang]}`);
  }
  return out.join('\n');
}

/** The approval queue as text: one block per request, then the projects that still need one. */
export function approvalsText(q: ApprovalQueue, file: string, lang: Lang): string {
  const zh = lang === 'zh';
  const out: string[] = [];
  out.push(
    zh ? `待审批：${file}（截至 ${isoFromSerial(q.asOf)}）` : `Approvals: ${file} (as of ${isoFromSerial(q.asOf)})`,
  );
  out.push(zh ? `${q.requests.length} 项待审批申请` : `${q.requests.length} pending requests`);
  for (const r of q.requests) {
    const change = [
      r.costChange !== null ? formatMoneyChange(r.costChange) : '',
      r.scheduleChangeDays !== null ? (zh ? `${r.scheduleChangeDays} 天` : `${r.scheduleChangeDays} days`) : '',
    ]
      .filter(Boolean)
      .join(' ');
    out.push('');
    out.push(`  ${r.label[lang]}  ${r.projectId} ${r.projectName}  ${r.cell}`);
    out.push(
      `    ${zh ? '申请' : 'Request'}: ${[r.type?.[lang], r.milestone, change].filter(Boolean).join(' · ')}${r.requestedBy ? ` · ${r.requestedBy}` : ''}`,
    );
    out.push(
      `    ${zh ? '审批级别' : 'Level'}: ${r.levelLabel[lang]} — ${r.levelReasons.map((x) => x[lang]).join(zh ? '；' : '; ')}`,
    );
    out.push(
      `    ${zh ? '可审批人' : 'May approve'}: ${r.approvers.map((p) => `${p.name} (${p.role[lang]})`).join(', ') || '—'}`,
    );
    out.push(`    ${r.sponsorNote[lang]}`);
  }
  out.push('');
  out.push(zh ? `需提交调整申请（${q.needsRequest.length}）` : `Adjustment request needed (${q.needsRequest.length})`);
  for (const n of q.needsRequest) {
    out.push(`  ${n.projectId} ${n.projectName}  ${n.levelLabel[lang]}  ${formatMoney(n.overrun)}`);
    for (const why of n.reasons) out.push(`    ${why[lang]}`);
  }
  return out.join('\n');
}
