import { Analysis } from '../engine/analyze';
import { Finding } from '../engine/findings';
import { Lang } from '../engine/i18n';
import { ApprovalQueue } from '../engine/approvals';
import { formatMoney, formatMoneyChange } from '../engine/money';
import { reasonsByProject, reasonsIn } from '../engine/reasons';
import { isoFromSerial, matchKey } from '../engine/values';

/** The JSON of spec §6: per-project figures with exactly its keys, and the findings. */
export function toJson(a: Analysis, file: string, lang: Lang): object {
  const reasons = reasonsByProject(a);
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
      reasons: reasonsIn(reasons.get(matchKey(p.projectId) ?? '')!, lang),
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

const money = (x: number | null): string =>
  x === null ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: 2 });
const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** Display width of a string in a terminal: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}
const pad = (s: string, n: number, right = false): string => {
  const fill = ' '.repeat(Math.max(0, n - width(s)));
  return right ? fill + s : s + fill;
};

function table(rows: string[][], rightAligned: Set<number>): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => width(r[i]))));
  return rows
    .map((r) =>
      r
        .map((c, i) => pad(c, widths[i], rightAligned.has(i)))
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
  for (const f of a.findings) byTable.set(f.table, [...(byTable.get(f.table) ?? []), f]);
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
