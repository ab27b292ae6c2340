import { existsSync, readFileSync, statSync, writeFileSync } from 'fs';
import { resolve } from 'path';
import { Agenda, AGENDA_GROUP_TITLES, buildAgenda } from '../engine/agenda';
import { Lang } from '../engine/i18n';
import { isoDay } from '../engine/monthly';
import { serialFromIso } from '../engine/values';
import type { MemoryWorkbook } from '../hosts/memory';

/** `presales agenda IN.xlsx [--date YYYY-MM-DD] [--sponsor NAME] [--json] [--out AGENDA.xlsx] [--force] [--lang zh|en]` (its options are listed in main.ts, which loads this module only for `agenda`). */

export interface AgendaIo {
  out: (s: string) => void;
}

const fmt = (x: number): string => (Math.round(x * 100) / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export function agendaJson(agenda: Agenda, file: string, lang: Lang): unknown {
  return {
    file,
    lang,
    date: isoDay(agenda.date),
    sponsor: agenda.sponsor,
    message: agenda.message ? agenda.message[lang] : null,
    groups: agenda.groups.map((g) => ({
      code: g.code,
      title: g.title[lang],
      items: g.items.map((it) => ({
        projectId: it.projectId,
        projectName: it.projectName,
        sponsor: it.sponsor,
        grade: it.grade,
        escalation: it.escalation,
        currentPlan: it.currentPlan,
        actualCost: it.actualCost,
        overrun: it.overrun,
        slipDays: it.slipDays,
        reasons: it.reasons.map((r) => ({ code: r.code, text: r.text[lang] })),
        decision: it.decision[lang],
        cell: it.cell,
      })),
    })),
  };
}

export function agendaText(agenda: Agenda, file: string, lang: Lang): string {
  const zh = lang === 'zh';
  const who = agenda.sponsor ?? (zh ? '全部发起人' : 'all sponsors');
  const lines = [
    zh
      ? `${file}：项目进展分析会议程 ${isoDay(agenda.date)}，发起人：${who}`
      : `${file}: war-room agenda for ${isoDay(agenda.date)}, sponsor: ${who}`,
  ];
  if (agenda.message) lines.push(agenda.message[lang]);
  let n = 0;
  for (const g of agenda.groups) {
    lines.push('', `${AGENDA_GROUP_TITLES[g.code][lang]} (${g.items.length})`);
    for (const it of g.items) {
      n++;
      lines.push(
        zh
          ? `  ${n}. ${it.projectId} ${it.projectName} · 发起人 ${it.sponsor || '—'} · ${it.grade ?? '—'} 级 · 当前计划 ${fmt(it.currentPlan)} · 实际 ${fmt(it.actualCost)} · 超支 ${fmt(it.overrun)} · 延期 ${it.slipDays} 天`
          : `  ${n}. ${it.projectId} ${it.projectName} · sponsor ${it.sponsor || '—'} · grade ${it.grade ?? '—'} · plan ${fmt(it.currentPlan)} · actual ${fmt(it.actualCost)} · overrun ${fmt(it.overrun)} · slip ${it.slipDays} d`,
      );
      for (const r of it.reasons) lines.push(`     - ${r.text[lang]}`);
      lines.push(zh ? `     待决：${it.decision.zh}` : `     Decide: ${it.decision.en}`);
    }
  }
  return lines.join('\n');
}

/** Runs the agenda command; returns the exit status (0, or throws an Error whose first line the CLI prints). */
export async function agendaCommand(
  file: string | null,
  flags: Map<string, string | true>,
  io: AgendaIo,
  lang?: Lang,
): Promise<number> {
  if (!file) throw new Error('agenda needs a workbook: presales agenda IN.xlsx');
  const dateFlag = flags.get('date');
  let date: number | undefined;
  if (dateFlag !== undefined) {
    date = typeof dateFlag === 'string' ? (serialFromIso(dateFlag) ?? undefined) : undefined;
    if (date === undefined)
      throw new Error(`--date must be a date YYYY-MM-DD, not ${dateFlag === true ? '(nothing)' : dateFlag}`);
  }
  const sponsorFlag = flags.get('sponsor');
  if (sponsorFlag === true) throw new Error('--sponsor needs a name: --sponsor 王建国');
  const outFlag = flags.get('out');
  if (outFlag === true) throw new Error('--out needs a file: --out AGENDA.xlsx');
  const path = resolve(file);
  if (outFlag !== undefined) {
    if (!/\.xlsx$/i.test(outFlag)) throw new Error(`--out must name an .xlsx file, not ${outFlag}`);
    if (resolve(outFlag) === path)
      throw new Error('--out must not be the workbook being read; the CLI never writes its input');
    if (existsSync(resolve(outFlag)) && !flags.has('force'))
      throw new Error(`${outFlag} already exists; use --force to replace it`);
  }
  if (!existsSync(path)) throw new Error(`cannot read ${file}: no such file`);
  if (statSync(path).isDirectory()) throw new Error(`cannot read ${file}: it is a folder`);
  // ExcelJS loads slowly: only this command and the writing ones need it, never `check`.
  const { exportXlsx, importXlsx } = await import('../hosts/xlsx');
  const { MemoryWorkbook } = await import('../hosts/memory');
  const { checkWorkbook, writeAgendaSheet } = await import('../workbook');
  let wb: MemoryWorkbook;
  try {
    wb = await importXlsx(readFileSync(path));
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  }
  // The meeting date is also the as-of date of the figures, unless the workbook's Policy sets one.
  const analysis = await checkWorkbook(wb.run.bind(wb), { asOf: date, lang });
  const agenda = buildAgenda(analysis, { date, sponsor: typeof sponsorFlag === 'string' ? sponsorFlag : null });
  const outLang = lang ?? analysis.lang;
  if (flags.has('json')) io.out(JSON.stringify(agendaJson(agenda, file, outLang), null, 2));
  else io.out(agendaText(agenda, file, outLang));
  if (typeof outFlag === 'string') {
    const out = new MemoryWorkbook({ empty: true });
    await writeAgendaSheet(out.run.bind(out), agenda, outLang, { team: analysis.computed.policy.Team || undefined });
    try {
      writeFileSync(resolve(outFlag), await exportXlsx(out));
    } catch (e) {
      throw new Error(`cannot write ${outFlag}: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
    }
  }
  return 0;
}
