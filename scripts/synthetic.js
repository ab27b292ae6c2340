'use strict';
/**
 * A synthetic pre-sales pipeline of any size, for the scale tests (test/workbook) and `npm run bench`.
 *
 * Plain CommonJS with no imports, so both the TypeScript tests (passing the engine from src/) and the
 * benchmark (passing the engine compiled to lib/) use the same data. Per project, on average:
 * 4 SalesPlan rows, 6 TaskBook rows, 0.5 adjustments, 0.1 terminations, 0.3 summaries, about 12 monthly
 * reports (about 4% late, one project in thirteen missing its latest) and 2 war-room meetings.
 * Deterministic: the same n and today give the same rows.
 *
 * `engine` is { LISTS, TABLES, DEFAULT_MARKETS, POLICY, columnFormula }.
 */

const ROLES = [
  'leadership',
  'generalManager',
  'salesDirector',
  'salesDirector',
  'regionalManager',
  'regionalManager',
  'regionalManager',
  'regionalManager',
];

function label(engine, list, key, lang) {
  const it = engine.LISTS[list].find((i) => i.key === key);
  if (!it) throw new Error(`synthetic: no ${list}.${key}`);
  return it[lang];
}

function pad(n, width) {
  return String(n).padStart(width, '0');
}

/**
 * Rows by table name, each row an object keyed by column key (computed columns left out).
 * @returns {{ rows: Record<string, Record<string, string|number|null>[]>, projects: number }}
 */
function syntheticRows(engine, n, options) {
  const lang = (options && options.lang) || 'zh';
  const today = options && options.today;
  if (typeof today !== 'number') throw new Error('synthetic: options.today (an Excel serial) is required');
  const L = (list, key) => label(engine, list, key, lang);
  const yes = L('YesNo', 'yes');
  const no = L('YesNo', 'no');
  const zh = lang === 'zh';

  const people = [];
  for (let i = 0; i < 40; i++) {
    const role = i < ROLES.length ? ROLES[i] : 'salesManager';
    people.push({
      name: zh ? `员工${pad(i + 1, 3)}` : `Staff ${pad(i + 1, 3)}`,
      role: L('Roles', role),
      active: i === 39 ? no : yes,
    });
  }
  const name = (i) => people[i].name;
  const sponsors = [1, 2, 3]; // GM, director, director
  const managers = [4, 5, 6, 7];
  const sales = people.map((_, i) => i).slice(8, 39);

  const rows = {
    Projects: [],
    SalesPlan: [],
    TaskBook: [],
    Adjustments: [],
    Terminations: [],
    Summaries: [],
    MonthlyReports: [],
    WarRoom: [],
    People: people,
  };
  // The monthly reports cover the twelve months whose reports are due by today (the Policy's ReportDueDay,
  // day 5 of the next month): the first days of those months, and of the month after each (Excel serials).
  const EPOCH = Date.UTC(1899, 11, 30);
  const now = new Date(EPOCH + today * 86400000);
  const firstOf = (k) => Math.round((Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 1) - EPOCH) / 86400000);
  const dueDay = 5;
  const reported = now.getUTCDate() > dueDay ? 1 : 2; // the latest month whose report is due
  const monthStarts = [];
  const nextStarts = [];
  for (let k = reported + 11; k >= reported; k--) {
    monthStarts.push(firstOf(k));
    nextStarts.push(firstOf(k - 1));
  }
  const margins = [6000000, 2500000, 1200000, 500000, 150000, 3000000, 800000];
  const stages = [
    'consulting',
    'tracking',
    'tenderPrep',
    'bidding',
    'tracking',
    'bidding',
    'implementation',
    'consulting',
    'tracking',
    'bidding',
  ];
  const ratio = { A: 0.05, B: 0.04, C: 0.03, D: 0.02 };
  const width = Math.max(5, String(n).length);

  for (let i = 0; i < n; i++) {
    const id = `SYN-${pad(i + 1, width)}`;
    const m = engine.DEFAULT_MARKETS[i % engine.DEFAULT_MARKETS.length];
    const margin = margins[i % margins.length];
    const tier = margin >= 5000000 ? 5 : margin >= 2000000 ? 4 : margin >= 1000000 ? 3 : margin >= 300000 ? 2 : 1;
    const score = Math.round((0.6 * tier + 0.4 * m.weight) * 100) / 100;
    const grade = score >= 4 ? 'A' : score >= 3 ? 'B' : score >= 2 ? 'C' : 'D';
    const cap = margin * ratio[grade];
    // 0.1 terminated, 0.1 won, 0.1 lost (each with a summary), the rest active.
    const k = i % 10;
    const status = k === 0 ? 'terminated' : k === 1 ? 'won' : k === 2 ? 'lost' : 'active';
    const stage = status === 'won' ? 'implementation' : stages[i % stages.length];
    rows.Projects.push({
      projectId: id,
      projectName: zh ? `综合信息化项目 ${i + 1}` : `Integrated IT project ${i + 1}`,
      customer: zh ? `客户单位 ${(i % 997) + 1}` : `Customer ${(i % 997) + 1}`,
      market: m[lang],
      salesOwner: name(sales[i % sales.length]),
      projectManager: name(managers[i % managers.length]),
      sponsor: name(sponsors[i % sponsors.length]),
      stage: L('Stages', stage),
      status: L('Statuses', status),
      estContractValue: margin * 5,
      estGrossMargin: margin,
      registeredOn: today - 200 + (i % 50),
      expectedSignDate: today + 30 + (i % 90),
      competitors: i % 3 === 0 ? (zh ? '竞争对手甲' : 'Rival A') : null,
      notes: i % 4 === 0 ? (zh ? '常规跟进' : 'Routine follow-up') : null,
    });

    const plan = (type, extra) =>
      rows.SalesPlan.push(Object.assign({ projectId: id, itemType: L('PlanItemTypes', type) }, extra));
    plan('salesGoal', { description: zh ? '按期签约' : 'Sign on time' });
    plan('workItem', {
      owner: name(managers[i % managers.length]),
      purpose: zh ? '技术认可' : 'Technical buy-in',
      description: zh ? '技术交流' : 'Technical workshop',
      dueDate: today + 15,
      itemStatus: L('ItemStatuses', 'inProgress'),
    });
    plan('risk', {
      description: zh ? '预算延迟' : 'Budget delayed',
      likelihood: L('Levels', 'medium'),
      impact: L('Levels', 'high'),
    });
    plan('exitCriterion', {
      description: zh ? '客户选择竞品' : 'Customer picks a rival',
      triggered: i % 37 === 5 ? yes : no,
    });

    // Six milestones; one in seven projects is planned over its cap, one in nine overspends, one in eleven slips.
    const per = (i % 7 === 3 ? cap * 1.2 : cap * 0.8) / 6;
    for (let j = 0; j < 6; j++) {
      const start = today - 180 + j * 30;
      const end = start + 28;
      const done = end < today;
      const over = i % 9 === 4 && j === 1 ? 1.5 : 0.9;
      rows.TaskBook.push({
        projectId: id,
        milestone: zh ? `里程碑${j + 1}` : `Milestone ${j + 1}`,
        stage: L('Stages', stages[(i + j) % stages.length]),
        plannedStart: start,
        plannedEnd: end,
        plannedCost: Math.round(per),
        actualCost: done || j === 5 ? Math.round(per * over) : null,
        actualEnd: done ? end + (i % 11 === 6 && j === 2 ? 12 : 0) : null,
        sponsorConfirmed: yes,
      });
    }
    if (i % 2 === 1) {
      const cost = i % 4 === 1;
      rows.Adjustments.push({
        adjustmentId: `ADJ-${pad(i + 1, width)}`,
        projectId: id,
        milestone: zh ? '里程碑2' : 'Milestone 2',
        adjustmentType: L('AdjustmentTypes', cost ? 'cost' : 'schedule'),
        costChange: cost ? Math.round(per * 0.2) : null,
        scheduleChangeDays: cost ? null : 10,
        reason: zh ? '客户需求变化' : 'Customer scope change',
        requestedBy: name(sales[i % sales.length]),
        requestDate: today - 100,
        sponsorConfirmed: yes,
        approver: i % 8 === 7 ? null : name(1),
        decision: L('Decisions', i % 8 === 7 ? 'pending' : 'approved'),
        decisionDate: i % 8 === 7 ? null : today - 98,
      });
    }
    // Twelve monthly reports, written in the first days of the next month, before the due day; as in a
    // real team, about one report in twenty-five is a few days late and one project in thirteen has not
    // written its latest. Two war-room meetings (one in nine with an overdue action).
    for (let j = 0; j < 12; j++) {
      if (j === 11 && i % 13 === 4) continue;
      const month = monthStarts[j];
      const late = (i * 7 + j) % 25 === 3;
      rows.MonthlyReports.push({
        projectId: id,
        month,
        author: name(managers[i % managers.length]),
        stage: L('Stages', stage),
        progress: zh ? '按计划推进' : 'On plan',
        analysis: zh ? '形势稳定' : 'Stable',
        countermeasures: zh ? '保持跟进' : 'Keep following up',
        nextSteps: null,
        winProbability: 0.5,
        submittedOn: nextStarts[j] + (late ? dueDay + (i % 5) : (i + j) % 4),
      });
    }
    for (const [offset, withAction] of [
      [-40, false],
      [-10, i % 9 === 2],
    ]) {
      rows.WarRoom.push({
        meetingDate: today + offset,
        projectId: id,
        chair: name(sponsors[i % sponsors.length]),
        attendees: null,
        decision: L('MeetingDecisions', 'continue'),
        actions: withAction ? (zh ? '补充方案' : 'Revise the proposal') : null,
        actionOwner: withAction ? name(managers[i % managers.length]) : null,
        actionDue: withAction ? today - 3 : null,
        actionDone: withAction ? no : null,
      });
    }
    if (status === 'terminated') {
      rows.Terminations.push({
        projectId: id,
        requestDate: today - 20,
        applicant: name(sales[i % sales.length]),
        reasonCategory: L('TerminationReasons', 'noBudget'),
        details: zh ? '客户预算取消' : 'Customer budget cancelled',
        sponsorOpinion: zh ? '同意' : 'Agreed',
        approver: name(0),
        decision: L('Decisions', 'approved'),
        decisionDate: today - 18,
      });
    }
    if (status !== 'active') {
      rows.Summaries.push({
        projectId: id,
        outcome: L('Outcomes', status === 'won' ? 'won' : status === 'lost' ? 'lost' : 'terminated'),
        reviewDate: today - 10,
        attendees: zh ? '销售部全体' : 'Sales team',
        signedValue: status === 'won' ? margin * 5 : null,
        winLossReason: L('WinLossReasons', status === 'won' ? 'relationship' : 'price'),
        lessons: zh ? '尽早介入' : 'Engage early',
        improvements: null,
        knowledgeTags: null,
      });
    }
  }
  return { rows, projects: n };
}

/** A row in the schema's column order (computed columns null). */
function schemaRow(schema, values) {
  return schema.columns.map((c) => (c.type === 'computed' ? null : c.key in values ? values[c.key] : null));
}

/**
 * The rows as an engine WorkbookSnapshot, laid out as set-up lays it out (every table at A1 of its own
 * sheet, Settings: Policy A1, Markets E1, People H1), computed columns carrying their formulas.
 */
function toSnapshot(engine, data, lang) {
  const tables = {};
  const at = { Policy: 'A1', Markets: 'E1', People: 'H1' };
  for (const schema of engine.TABLES) {
    let rows;
    if (schema.name === 'Policy')
      rows = engine.POLICY.map((p) => [p.key, p.default === undefined ? null : p.default, p.description[lang]]);
    else if (schema.name === 'Markets') rows = engine.DEFAULT_MARKETS.map((m) => [m[lang], m.weight]);
    else rows = (data.rows[schema.name] || []).map((r) => schemaRow(schema, r));
    const formulaRow = schema.columns.map((c) =>
      c.type === 'computed' ? engine.columnFormula(schema, c, lang) : null,
    );
    tables[schema.name] = {
      name: schema.name,
      sheet: schema.sheet[lang],
      topLeft: at[schema.name] || 'A1',
      headers: schema.columns.map((c) => c.header[lang]),
      rows,
      formulas: rows.map(() => formulaRow),
    };
  }
  return { tables };
}

/**
 * Writes the rows into a set-up workbook through the Excel API: one whole 2-D array per table
 * (table.rows.add), computed columns left to the tables' calculated columns; the blank row a new
 * table starts with is removed. Raise the host's payload limit first when writing thousands of rows
 * in one request. Three round trips.
 */
async function fillWorkbook(engine, run, data) {
  return run(async (context) => {
    const list = engine.TABLES.filter((s) => (data.rows[s.name] || []).length > 0);
    const loaded = list.map((s) => {
      const t = context.workbook.tables.getItem(s.name);
      return { s, t, header: t.getHeaderRowRange().load('values'), body: t.getDataBodyRange().load('rowCount,values') };
    });
    await context.sync();
    const grown = [];
    for (const { s, t, header, body } of loaded) {
      const cols = header.values[0].map((h) => s.columns.find((c) => c.header.zh === h || c.header.en === h) || null);
      const inputs = cols.map((c, i) => (c && c.type !== 'computed' ? i : -1)).filter((i) => i >= 0);
      const blankFirst =
        body.rowCount === 1 && inputs.every((i) => body.values[0][i] === '' || body.values[0][i] === null);
      const grid = data.rows[s.name].map((r) =>
        cols.map((c) =>
          !c || c.type === 'computed' ? '' : r[c.key] === null || r[c.key] === undefined ? '' : r[c.key],
        ),
      );
      t.rows.add(undefined, grid);
      const after = t.getDataBodyRange().load('rowCount');
      grown.push({ t, before: body.rowCount, after, n: grid.length, blankFirst });
    }
    await context.sync();
    for (const g of grown) if (g.blankFirst && g.after.rowCount === g.before + g.n) g.t.rows.getItemAt(0).delete();
    await context.sync();
  });
}

/** The `engine` argument of the functions above, from a loader of the compiled modules: p => require(lib/p). */
function engineOf(lib) {
  return { ...lib('engine/lists'), ...lib('engine/schema'), ...lib('engine/policy'), ...lib('engine/formulas') };
}

module.exports = { syntheticRows, toSnapshot, schemaRow, fillWorkbook, engineOf };
