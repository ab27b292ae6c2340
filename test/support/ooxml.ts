/**
 * Validates every XML part of an .xlsx against the ISO/IEC 29500-4 (transitional) schemas with
 * xmllint, and checks what Excel repairs although the schema allows it. Generic over the parts in the
 * zip: each part is mapped to its schema by its content type, so parts written later (charts, drawings,
 * new sheets) are covered without changing this file; a part of a type it does not know fails.
 *
 * Schemas: $OOXML_SCHEMAS (the directory holding sml.xsd), else `shared/ooxml/ISO-IEC29500-4_2016`
 * next to the repository (`../shared` in CI) or next to any of its parent directories (a git worktree).
 * xmllint comes with Debian's libxml2-utils.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import JSZip from 'jszip';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';

const REPO = resolve(__dirname, '../..');
const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const SML = 'application/vnd.openxmlformats-officedocument.spreadsheetml.';

/** The directory holding sml.xsd, or a message saying where it was looked for. */
export function schemaDir(): string {
  const env = process.env.OOXML_SCHEMAS;
  const tried: string[] = [];
  const candidates: string[] = [];
  if (env) candidates.push(env, join(env, 'ISO-IEC29500-4_2016'));
  for (let dir = REPO; ; dir = dirname(dir)) {
    candidates.push(join(dir, '..', 'shared', 'ooxml', 'ISO-IEC29500-4_2016'));
    if (dirname(dir) === dir) break;
  }
  for (const c of candidates) {
    if (existsSync(join(c, 'sml.xsd'))) return c;
    tried.push(c);
  }
  throw new Error(
    `OOXML schemas (sml.xsd) not found; set OOXML_SCHEMAS to their directory. Looked in: ${[...new Set(tried)].join(', ')}`,
  );
}

export function requireXmllint(): void {
  const r = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (r.error)
    throw new Error('xmllint is not installed; it comes with libxml2-utils (apt-get install -y libxml2-utils)');
}

/** Which schema validates a part of this content type; null for parts with no ISO schema here (checked for well-formedness). */
export function schemaFor(contentType: string): string | null | undefined {
  if (contentType === 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml') return 'dml-chart.xsd';
  if (contentType === 'application/vnd.openxmlformats-officedocument.drawing+xml') return 'dml-spreadsheetDrawing.xsd';
  if (contentType === 'application/vnd.openxmlformats-officedocument.theme+xml') return 'dml-main.xsd';
  if (contentType === 'application/vnd.openxmlformats-officedocument.extended-properties+xml')
    return 'shared-documentPropertiesExtended.xsd';
  if (contentType === 'application/vnd.openxmlformats-officedocument.custom-properties+xml')
    return 'shared-documentPropertiesCustom.xsd';
  if (contentType.startsWith(SML) && contentType.endsWith('+xml')) return 'sml.xsd';
  // Packaging (ISO/IEC 29500-2) and Dublin Core parts, and Microsoft's chart style extensions.
  if (
    [
      'application/vnd.openxmlformats-package.relationships+xml',
      'application/vnd.openxmlformats-package.core-properties+xml',
      'application/vnd.ms-office.chartstyle+xml',
      'application/vnd.ms-office.chartcolorstyle+xml',
    ].includes(contentType)
  )
    return null;
  return undefined;
}

// ---------- a small XML tree, enough for what the parts hold ----------

export interface El {
  name: string;
  attrs: [string, string][];
  children: (El | string)[];
}

const decode = (s: string): string =>
  s.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-f]+|#\d+);/gi, (_m, e: string) =>
    e === 'lt'
      ? '<'
      : e === 'gt'
        ? '>'
        : e === 'amp'
          ? '&'
          : e === 'quot'
            ? '"'
            : e === 'apos'
              ? "'"
              : String.fromCodePoint(
                  e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10),
                ),
  );
const escText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escAttr = (s: string): string => escText(s).replace(/"/g, '&quot;');

/** Parses well-formed XML (no DOCTYPE) into a tree; throws on what is not well-formed. */
export function parseXml(xml: string): El {
  if (/<!DOCTYPE/i.test(xml)) throw new Error('DOCTYPE in a part');
  const root: El = { name: '#document', attrs: [], children: [] };
  const stack: El[] = [root];
  const re =
    /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  let at = 0;
  while ((m = re.exec(xml))) {
    if (m.index !== at) throw new Error(`not well-formed near offset ${at}`);
    at = re.lastIndex;
    const top = stack[stack.length - 1];
    if (m[1] !== undefined) top.children.push(m[1]);
    else if (m[2] !== undefined) {
      if (top.name !== m[2]) throw new Error(`</${m[2]}> closes <${top.name}>`);
      stack.pop();
    } else if (m[3] !== undefined) {
      const attrs: [string, string][] = [];
      for (const a of m[4].matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
        attrs.push([a[1], decode(a[2] ?? a[3])]);
      const el: El = { name: m[3], attrs, children: [] };
      top.children.push(el);
      if (!m[5]) stack.push(el);
    } else if (m[6] !== undefined) top.children.push(decode(m[6]));
  }
  if (at !== xml.length || stack.length !== 1) throw new Error('not well-formed: unclosed element or trailing text');
  const els = root.children.filter((c): c is El => typeof c !== 'string');
  if (els.length !== 1) throw new Error('not exactly one root element');
  return els[0];
}

export function serialize(el: El): string {
  const attrs = el.attrs.map(([k, v]) => ` ${k}="${escAttr(v)}"`).join('');
  if (el.children.length === 0) return `<${el.name}${attrs}/>`;
  return `<${el.name}${attrs}>${el.children.map((c) => (typeof c === 'string' ? escText(c) : serialize(c))).join('')}</${el.name}>`;
}

export const attr = (el: El, name: string): string | undefined => el.attrs.find(([k]) => k === name)?.[1];
const local = (name: string): string => name.slice(name.indexOf(':') + 1);
export const kids = (el: El, name?: string): El[] =>
  el.children.filter((c): c is El => typeof c !== 'string' && (name === undefined || local(c.name) === name));
export const textOf = (el: El): string => el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
export function descendants(el: El, name: string, out: El[] = []): El[] {
  for (const c of kids(el)) {
    if (local(c.name) === name) out.push(c);
    descendants(c, name, out);
  }
  return out;
}

/**
 * What Markup Compatibility lets a consumer ignore, dropped before validation: elements and attributes
 * of the namespaces listed in mc:Ignorable, the mc attributes themselves, AlternateContent (its
 * Fallback kept), and the content of extLst.
 */
export function dropIgnorable(el: El, scope: Map<string, string> = new Map(), ignorable: Set<string> = new Set()): El {
  const ns = new Map(scope);
  for (const [k, v] of el.attrs)
    if (k === 'xmlns' || k.startsWith('xmlns:')) ns.set(k === 'xmlns' ? '' : k.slice(6), v);
  const ign = new Set(ignorable);
  const prefixOf = (name: string): string => (name.includes(':') ? name.slice(0, name.indexOf(':')) : '');
  for (const [k, v] of el.attrs)
    if (k.includes(':') && ns.get(prefixOf(k)) === MC && local(k) === 'Ignorable')
      for (const p of v.split(/\s+/).filter(Boolean)) ign.add(ns.get(p) ?? p);
  const dropped = (name: string, isAttr: boolean): boolean => {
    const p = prefixOf(name);
    if (isAttr && p === '') return false;
    const uri = ns.get(p);
    return uri === MC || (uri !== undefined && ign.has(uri));
  };
  const out: El = {
    name: el.name,
    attrs: el.attrs.filter(([k]) => !(k.includes(':') && !k.startsWith('xmlns:') && dropped(k, true))),
    children: [],
  };
  if (local(el.name) === 'extLst') return out;
  for (const c of el.children) {
    if (typeof c === 'string') out.children.push(c);
    else if (ns.get(prefixOf(c.name)) === MC && local(c.name) === 'AlternateContent') {
      const fallback = kids(c, 'Fallback')[0];
      if (fallback)
        for (const f of fallback.children) out.children.push(typeof f === 'string' ? f : dropIgnorable(f, ns, ign));
    } else if (!dropped(c.name, false)) out.children.push(dropIgnorable(c, ns, ign));
  }
  return out;
}

// ---------- the package ----------

export interface Part {
  path: string;
  contentType: string | undefined;
  xml: string;
  root: El;
}

export async function readParts(buf: Buffer): Promise<{ zip: JSZip; parts: Part[] }> {
  const zip = await JSZip.loadAsync(buf);
  const types = parseXml(await zip.file('[Content_Types].xml')!.async('string'));
  const defaults = new Map(
    kids(types, 'Default').map((d) => [attr(d, 'Extension')!.toLowerCase(), attr(d, 'ContentType')!]),
  );
  const overrides = new Map(
    kids(types, 'Override').map((o) => [
      attr(o, 'PartName')!.replace(/^\//, '').toLowerCase(),
      attr(o, 'ContentType')!,
    ]),
  );
  const parts: Part[] = [];
  for (const path of Object.keys(zip.files).sort()) {
    if (zip.files[path].dir || path === '[Content_Types].xml') continue;
    const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
    const contentType = overrides.get(path.toLowerCase()) ?? defaults.get(ext);
    const xml = await zip.file(path)!.async('string');
    parts.push({ path, contentType, xml, root: parseXml(xml.replace(/^\uFEFF/, '')) });
  }
  return { zip, parts };
}

/** Schema problems of every part: one line per problem, empty when every part is valid. */
export async function schemaErrors(buf: Buffer): Promise<{ errors: string[]; validated: Map<string, string[]> }> {
  const dir = schemaDir();
  requireXmllint();
  const { parts } = await readParts(buf);
  const errors: string[] = [];
  const bySchema = new Map<string, { part: Part; file: string }[]>();
  const work = mkdtempSync(join(tmpdir(), 'presales-ooxml-'));
  try {
    parts.forEach((part, i) => {
      if (part.contentType === undefined) return errors.push(`${part.path}: no content type in [Content_Types].xml`);
      const schema = schemaFor(part.contentType);
      if (schema === undefined)
        return errors.push(
          `${part.path}: no schema is mapped for content type ${part.contentType} (add it to schemaFor)`,
        );
      if (schema === null) return;
      const file = join(work, `part${i}.xml`);
      writeFileSync(
        file,
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${serialize(dropIgnorable(part.root))}`,
      );
      if (!bySchema.has(schema)) bySchema.set(schema, []);
      bySchema.get(schema)!.push({ part, file });
    });
    const validated = new Map<string, string[]>();
    for (const [schema, items] of bySchema) {
      const r = spawnSync(
        'xmllint',
        ['--noout', '--nonet', '--schema', join(dir, schema), ...items.map((x) => x.file)],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      const out = `${r.stdout}\n${r.stderr}`;
      if (/failed to compile|WXS schema .* failed/.test(out))
        throw new Error(`xmllint could not load ${schema}: ${out.slice(0, 500)}`);
      for (const { part, file } of items) {
        const lines = out.split('\n').filter((l) => l.startsWith(`${file}:`) || l.startsWith(`${file} fails`));
        if (lines.some((l) => l.includes('fails to validate')) || lines.length > 0)
          errors.push(
            ...lines
              .filter((l) => !l.endsWith(' validates'))
              .map((l) => `${part.path} (${schema}): ${l.slice(file.length).replace(/^:?\s*/, '')}`),
          );
        else if (!out.includes(`${file} validates`))
          errors.push(`${part.path} (${schema}): xmllint said nothing about it`);
      }
      validated.set(
        schema,
        items.map((x) => x.part.path),
      );
    }
    return { errors, validated };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ---------- what Excel repairs though the schema allows it ----------

const colNum = (letters: string): number => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
function parseRef(ref: string): { r0: number; c0: number; r1: number; c1: number } {
  const [a, b = a] = ref.replace(/\$/g, '').split(':');
  const p = /^([A-Z]+)(\d+)$/.exec(a)!;
  const q = /^([A-Z]+)(\d+)$/.exec(b)!;
  return { c0: colNum(p[1]), r0: Number(p[2]), c1: colNum(q[1]), r1: Number(q[2]) };
}
const overlap = (a: ReturnType<typeof parseRef>, b: ReturnType<typeof parseRef>): boolean =>
  a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;

/** Resolves a relationship target against its source part (absolute targets start at the package root). */
function resolveTarget(source: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const base = source.includes('/') ? source.slice(0, source.lastIndexOf('/')).split('/') : [];
  for (const seg of target.split('/')) {
    if (seg === '..') base.pop();
    else if (seg !== '.') base.push(seg);
  }
  return base.join('/');
}

/**
 * The rules Excel enforces on open (it offers to repair the file otherwise) that the schema cannot
 * express. One line per problem.
 */
export async function repairProblems(buf: Buffer): Promise<string[]> {
  const { parts } = await readParts(buf);
  const byPath = new Map(parts.map((p) => [p.path, p]));
  const problems: string[] = [];
  const rels = (source: string): { id: string; type: string; target: string; external: boolean }[] => {
    const dir = source.includes('/') ? source.slice(0, source.lastIndexOf('/') + 1) : '';
    const relPath = `${dir}_rels/${source.slice(dir.length)}.rels`;
    const p = byPath.get(relPath);
    if (!p) return [];
    return kids(p.root, 'Relationship').map((r) => ({
      id: attr(r, 'Id')!,
      type: attr(r, 'Type')!,
      target: attr(r, 'Target')!,
      external: attr(r, 'TargetMode') === 'External',
    }));
  };

  // Package: every relationship points at a part that exists; Ids unique within a .rels part.
  for (const p of parts.filter((x) => x.path.endsWith('.rels'))) {
    const source = p.path.replace(/_rels\/([^/]*)\.rels$/, '$1');
    const ids = new Set<string>();
    for (const r of kids(p.root, 'Relationship')) {
      const id = attr(r, 'Id')!;
      if (ids.has(id)) problems.push(`${p.path}: relationship Id ${id} repeats`);
      ids.add(id);
      if (attr(r, 'TargetMode') === 'External') continue;
      const target = resolveTarget(source === '' || source === p.path ? '' : source, attr(r, 'Target')!);
      if (!byPath.has(target)) problems.push(`${p.path}: ${id} points at ${target}, which is not in the package`);
    }
  }

  const wbPart = parts.find((p) => p.contentType === `${SML}sheet.main+xml`);
  if (!wbPart) return [...problems, 'no workbook part'];
  const wbRels = rels(wbPart.path);
  const sst = (() => {
    const r = wbRels.find((x) => x.type.endsWith('/sharedStrings'));
    const p = r && byPath.get(resolveTarget(wbPart.path, r.target));
    return p
      ? kids(p.root, 'si').map((si) =>
          descendants(si, 't')
            .filter((t) => !descendants(si, 'rPh').some((ph) => descendants(ph, 't').includes(t)))
            .map(textOf)
            .join(''),
        )
      : [];
  })();
  // Styles: every index a format names exists.
  const styles = (() => {
    const r = wbRels.find((x) => x.type.endsWith('/styles'));
    return r ? byPath.get(resolveTarget(wbPart.path, r.target)) : undefined;
  })();
  const listOf = (name: string, item: string): El[] =>
    styles ? kids(kids(styles.root, name)[0] ?? { name, attrs: [], children: [] }, item) : [];
  const xfCount = styles ? listOf('cellXfs', 'xf').length : 1;
  const dxfCount = listOf('dxfs', 'dxf').length;
  if (styles) {
    const numFmts = new Set(listOf('numFmts', 'numFmt').map((n) => Number(attr(n, 'numFmtId'))));
    const counts = {
      fontId: listOf('fonts', 'font').length,
      fillId: listOf('fills', 'fill').length,
      borderId: listOf('borders', 'border').length,
      xfId: listOf('cellStyleXfs', 'xf').length,
    };
    for (const [list, kind] of [
      ['cellXfs', 'cell format'],
      ['cellStyleXfs', 'cell style format'],
    ] as const)
      listOf(list, 'xf').forEach((xf, i) => {
        for (const [k, n] of Object.entries(counts)) {
          const v = attr(xf, k);
          if (v !== undefined && !(Number(v) < n) && !(list === 'cellStyleXfs' && k === 'xfId'))
            problems.push(`styles: ${kind} ${i} has ${k} ${v} of ${n}`);
        }
        const nf = Number(attr(xf, 'numFmtId') ?? 0);
        if (nf >= 164 && !numFmts.has(nf))
          problems.push(`styles: ${kind} ${i} uses number format ${nf}, which is not defined`);
      });
  }

  // Sheets: unique names Excel accepts.
  const sheetEls = descendants(wbPart.root, 'sheet');
  const sheetNames = new Set<string>();
  for (const s of sheetEls) {
    const name = attr(s, 'name')!;
    if (sheetNames.has(name.toLowerCase())) problems.push(`workbook: sheet name "${name}" repeats`);
    sheetNames.add(name.toLowerCase());
    if (name.length > 31 || /[[\]:*?/\\]/.test(name) || /^'|'$/.test(name))
      problems.push(`workbook: sheet name "${name}" is not one Excel accepts`);
  }

  // Defined names: unique per scope (case-insensitive), and no table of the same name.
  const definedNames = new Set<string>();
  for (const d of descendants(wbPart.root, 'definedName')) {
    const key = `${attr(d, 'localSheetId') ?? ''}|${attr(d, 'name')!.toLowerCase()}`;
    if (definedNames.has(key)) problems.push(`workbook: defined name ${attr(d, 'name')} repeats`);
    definedNames.add(key);
  }

  const tableNames = new Set<string>();
  const tableIds = new Set<string>();
  for (const s of sheetEls) {
    const rid = s.attrs.find(([k]) => local(k) === 'id' && k.includes(':'))?.[1];
    const target = wbRels.find((r) => r.id === rid);
    const sheetPart = target && byPath.get(resolveTarget(wbPart.path, target.target));
    const where = `sheet "${attr(s, 'name')}"`;
    if (!sheetPart) {
      problems.push(`${where}: its part is missing`);
      continue;
    }
    // Cells: rows ascending, cells ascending within their row, valid style and shared-string indexes.
    const cells = new Map<string, { v: string | null; t: string | undefined; formula: boolean }>();
    let lastRow = 0;
    for (const row of descendants(sheetPart.root, 'row')) {
      const r = Number(attr(row, 'r'));
      if (!(r > lastRow)) problems.push(`${where}: row ${r} after row ${lastRow}`);
      lastRow = r;
      let lastCol = 0;
      for (const c of kids(row, 'c')) {
        const ref = attr(c, 'r')!;
        const m = /^([A-Z]+)(\d+)$/.exec(ref);
        if (!m || Number(m[2]) !== r) {
          problems.push(`${where}: cell ${ref} in row ${r}`);
          continue;
        }
        const col = colNum(m[1]);
        if (!(col > lastCol)) problems.push(`${where}: cell ${ref} out of order`);
        lastCol = col;
        const st = Number(attr(c, 's') ?? 0);
        if (!(st < xfCount)) problems.push(`${where}: cell ${ref} uses style ${st} of ${xfCount}`);
        const t = attr(c, 't');
        const v = kids(c, 'v')[0];
        let value: string | null = v ? textOf(v) : null;
        if (t === 's') {
          const i = Number(value);
          if (!(Number.isInteger(i) && i >= 0 && i < sst.length))
            problems.push(`${where}: cell ${ref} refers to shared string ${value} of ${sst.length}`);
          else value = sst[i];
        } else if (t === 'inlineStr') value = descendants(c, 't').map(textOf).join('');
        cells.set(ref, { v: value, t, formula: kids(c, 'f').length > 0 });
        if (value !== null && value.length > 32767)
          problems.push(`${where}: cell ${ref} holds ${value.length} characters (Excel's limit is 32,767)`);
      }
    }
    // Column widths: <col> ranges ascending and apart.
    let lastMax = 0;
    for (const c of descendants(sheetPart.root, 'col')) {
      const min = Number(attr(c, 'min'));
      const max = Number(attr(c, 'max'));
      if (!(min > lastMax && max >= min && max <= 16384))
        problems.push(`${where}: <col min="${min}" max="${max}"> overlaps or is out of order`);
      lastMax = max;
    }
    // Formulas: at most 8,192 characters (Excel's limit).
    for (const f of descendants(sheetPart.root, 'f'))
      if (textOf(f).length > 8192)
        problems.push(`${where}: a formula of ${textOf(f).length} characters (Excel's limit is 8,192)`);
    // Conditional formats: unique priorities, existing differential formats, no structured references.
    const priorities = new Set<string>();
    for (const rule of descendants(sheetPart.root, 'cfRule')) {
      const pr = attr(rule, 'priority')!;
      if (priorities.has(pr)) problems.push(`${where}: two conditional formats have priority ${pr}`);
      priorities.add(pr);
      const dxf = attr(rule, 'dxfId');
      if (dxf !== undefined && !(Number(dxf) < dxfCount))
        problems.push(`${where}: a conditional format uses dxfId ${dxf} of ${dxfCount}`);
      for (const f of kids(rule, 'formula'))
        if (/\[/.test(textOf(f).replace(/"[^"]*"/g, '')))
          problems.push(`${where}: conditional format formula ${textOf(f)} uses a structured reference`);
    }
    // Data validations: the count says how many there are; no two cover the same cell; formulas with
    // no structured reference; a literal list of at most 255 characters.
    for (const dvs of kids(sheetPart.root, 'dataValidations')) {
      const items = kids(dvs, 'dataValidation');
      const count = attr(dvs, 'count');
      if (count !== undefined && Number(count) !== items.length)
        problems.push(`${where}: dataValidations count ${count} but ${items.length} rules`);
      for (const d of items)
        for (const f of [...kids(d, 'formula1'), ...kids(d, 'formula2')]) {
          const text = textOf(f);
          if (/\[/.test(text.replace(/"[^"]*"/g, '')))
            problems.push(`${where}: data validation formula ${text} uses a structured reference`);
          if (attr(d, 'type') === 'list' && text.startsWith('"') && text.length - 2 > 255)
            problems.push(`${where}: a list validation of ${text.length - 2} characters (Excel's limit is 255)`);
        }
      const areas = items.flatMap((d) =>
        attr(d, 'sqref')!
          .split(/\s+/)
          .map((ref) => ({ ref, rect: parseRef(ref) })),
      );
      for (let i = 0; i < areas.length; i++)
        for (let j = i + 1; j < areas.length; j++)
          if (overlap(areas[i].rect, areas[j].rect))
            problems.push(`${where}: data validations ${areas[i].ref} and ${areas[j].ref} overlap`);
    }
    // Tables: unique names and ids, header cells equal to the column names, no overlap.
    const placed: { name: string; rect: ReturnType<typeof parseRef> }[] = [];
    for (const rel of rels(sheetPart.path).filter((r) => r.type.endsWith('/table'))) {
      const tp = byPath.get(resolveTarget(sheetPart.path, rel.target));
      if (!tp) continue;
      const t = tp.root;
      const name = attr(t, 'name') ?? '';
      const display = attr(t, 'displayName') ?? '';
      const at = `table ${display} (${tp.path})`;
      for (const n of new Set([name.toLowerCase(), display.toLowerCase()])) {
        if (tableNames.has(n)) problems.push(`${at}: the name ${n} is used by another table`);
        tableNames.add(n);
        if (definedNames.has(`|${n}`)) problems.push(`${at}: a defined name is also called ${n}`);
      }
      if (name !== display) problems.push(`${at}: name "${name}" and displayName "${display}" differ`);
      const id = attr(t, 'id')!;
      if (tableIds.has(id)) problems.push(`${at}: table id ${id} repeats`);
      tableIds.add(id);
      const rect = parseRef(attr(t, 'ref')!);
      for (const o of placed) if (overlap(o.rect, rect)) problems.push(`${at}: overlaps table ${o.name}`);
      placed.push({ name: display, rect });
      const cols = descendants(t, 'tableColumn');
      const count = attr(kids(t, 'tableColumns')[0], 'count');
      if (count !== undefined && Number(count) !== cols.length)
        problems.push(`${at}: tableColumns count ${count} but ${cols.length} columns`);
      if (cols.length !== rect.c1 - rect.c0 + 1)
        problems.push(`${at}: ${cols.length} columns for a range ${rect.c1 - rect.c0 + 1} wide`);
      const colIds = new Set<string>();
      const colNames = new Set<string>();
      const headerRows = Number(attr(t, 'headerRowCount') ?? 1);
      const totalsRows = Number(attr(t, 'totalsRowCount') ?? 0);
      cols.forEach((c, i) => {
        const cn = attr(c, 'name') ?? '';
        if (colIds.has(attr(c, 'id')!)) problems.push(`${at}: column id ${attr(c, 'id')} repeats`);
        colIds.add(attr(c, 'id')!);
        if (cn === '' || colNames.has(cn.toLowerCase()))
          problems.push(`${at}: column name "${cn}" is empty or repeats`);
        colNames.add(cn.toLowerCase());
        if (headerRows > 0) {
          let letters = '';
          for (let n = rect.c0 + i; n > 0; n = Math.floor((n - 1) / 26))
            letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
          const cell = cells.get(`${letters}${rect.r0}`);
          if (!cell || cell.v !== cn || cell.formula || (cell.t !== 's' && cell.t !== 'inlineStr'))
            problems.push(
              `${at}: header cell ${letters}${rect.r0} holds ${JSON.stringify(cell?.v ?? null)} (${cell?.t ?? 'no type'}), not the column name "${cn}"`,
            );
        }
      });
      const af = kids(t, 'autoFilter')[0];
      if (af) {
        const want = { ...rect, r1: rect.r1 - totalsRows };
        const got = parseRef(attr(af, 'ref')!);
        if (JSON.stringify(got) !== JSON.stringify(want))
          problems.push(`${at}: autoFilter ${attr(af, 'ref')} is not the table's range without its totals row`);
      }
    }
  }
  return problems;
}
