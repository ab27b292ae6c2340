/**
 * Offline checks of the add-in manifest (manifest.xml): well-formedness, the element order the
 * Office XSD demands, https-only URLs, resource ids that resolve, icon files with the declared pixel
 * sizes, ExcelApi 1.9 (the pane's minimum, checked by the pane too), zh-CN overrides, and ReadWriteDocument permission.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MIN_EXCEL_API } from '../src/taskpane/requirements';

const ROOT = path.resolve(__dirname, '..');
const MANIFEST = path.join(ROOT, 'manifest.xml');
const DEV_BASE = 'https://localhost:3000/';

interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  text: string;
  parent?: XNode;
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function toTree(nodes: OrderedNode[], parent?: XNode): XNode[] {
  const out: XNode[] = [];
  for (const node of nodes) {
    const name = Object.keys(node).find((k) => k !== ':@');
    if (!name || name === '#text' || name === '?xml' || name === '#comment') continue;
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(node[':@'] ?? {})) attrs[k.replace(/^@_/, '')] = String(v);
    const rawChildren = node[name] as OrderedNode[];
    const text = rawChildren
      .filter((c) => '#text' in c)
      .map((c) => String(c['#text']))
      .join('')
      .trim();
    const x: XNode = { name, attrs, children: [], text, parent };
    x.children = toTree(rawChildren, x);
    out.push(x);
  }
  return out;
}

function parseManifest(xml: string): XNode {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`manifest.xml is not well-formed: ${JSON.stringify(valid.err)}`);
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: true,
  });
  const roots = toTree(parser.parse(xml) as OrderedNode[]);
  if (roots.length !== 1) throw new Error(`expected one root element, found ${roots.length}`);
  return roots[0];
}

function all(node: XNode, pred: (n: XNode) => boolean, acc: XNode[] = []): XNode[] {
  if (pred(node)) acc.push(node);
  for (const c of node.children) all(c, pred, acc);
  return acc;
}
const child = (n: XNode, name: string): XNode | undefined => n.children.find((c) => c.name === name);
const children = (n: XNode, name: string): XNode[] => n.children.filter((c) => c.name === name);
function must<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`missing ${what}`);
  return v;
}
function pathOf(n: XNode): string {
  const parts: string[] = [];
  for (let p: XNode | undefined = n; p; p = p.parent) parts.unshift(p.attrs.id ? `${p.name}#${p.attrs.id}` : p.name);
  return parts.join('/');
}

/** Required child order (from the Office add-in XSDs / "How to find the proper order of manifest elements"). */
const ORDER: Record<string, string[]> = {
  OfficeApp: [
    'Id',
    'AlternateId',
    'Version',
    'ProviderName',
    'DefaultLocale',
    'DisplayName',
    'Description',
    'IconUrl',
    'HighResolutionIconUrl',
    'SupportUrl',
    'AppDomains',
    'Hosts',
    'Requirements',
    'DefaultSettings',
    'Permissions',
    'Dictionary',
    'VersionOverrides',
    'ExtendedOverrides',
  ],
  VersionOverrides: ['Description', 'Requirements', 'Hosts', 'Resources', 'WebApplicationInfo', 'EquivalentAddins'],
  DesktopFormFactor: ['GetStarted', 'FunctionFile', 'ExtensionPoint'],
  GetStarted: ['Title', 'Description', 'LearnMoreUrl'],
  Group: ['Label', 'Icon', 'Control'],
  Control: ['Label', 'Supertip', 'Icon', 'Action'],
  Supertip: ['Title', 'Description'],
  Action: ['TaskpaneId', 'SourceLocation', 'Title', 'SupportsPinning'],
  Resources: ['bt:Images', 'bt:Urls', 'bt:ShortStrings', 'bt:LongStrings'],
  Requirements: ['Sets', 'bt:Sets', 'Methods', 'bt:Methods'],
};

/** Which resource collection a `resid` on each element refers to. */
const RESID_KIND: Record<string, 'image' | 'url' | 'short' | 'long'> = {
  'bt:Image': 'image',
  FunctionFile: 'url',
  SourceLocation: 'url',
  LearnMoreUrl: 'url',
  Label: 'short',
  Title: 'short',
  Description: 'long',
};

function pngSize(file: string): { width: number; height: number } {
  const buf = fs.readFileSync(file);
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buf.length < 24 || !buf.subarray(0, 8).equals(sig)) throw new Error(`${file} is not a PNG`);
  if (buf.toString('ascii', 12, 16) !== 'IHDR') throw new Error(`${file}: first chunk is not IHDR`);
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** The pixels of an 8-bit RGBA PNG (colour type 6), unfiltered. */
function pngAlpha(file: string): { colorType: number; bitDepth: number; alpha: number[] } {
  const buf = fs.readFileSync(file);
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  const bitDepth = buf[24];
  const colorType = buf[25];
  const idat: Buffer[] = [];
  for (let at = 8; at < buf.length;) {
    const len = buf.readUInt32BE(at);
    if (buf.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(buf.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const alpha: number[] = [];
  if (colorType !== 6 || bitDepth !== 8) return { colorType, bitDepth, alpha };
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= 4 ? line[i - 4] : 0;
      const b = prev[i];
      const c = i >= 4 ? prev[i - 4] : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const add = [0, a, b, (a + b) >> 1, paeth][filter];
      line[i] = (line[i] + add) & 255;
    }
    for (let x = 0; x < width; x++) alpha.push(line[x * 4 + 3]);
    prev = line;
  }
  return { colorType, bitDepth, alpha };
}

function assetFileFor(url: string): string {
  if (!url.startsWith(`${DEV_BASE}assets/`)) throw new Error(`icon URL ${url} is not under ${DEV_BASE}assets/`);
  return path.join(ROOT, 'assets', url.slice(`${DEV_BASE}assets/`.length));
}

describe('manifest.xml', () => {
  const xml = fs.readFileSync(MANIFEST, 'utf8');
  const app = parseManifest(xml);
  const vo = must(child(app, 'VersionOverrides'), 'VersionOverrides');
  const resources = must(child(vo, 'Resources'), 'VersionOverrides/Resources');

  const declared = {
    image: new Map<string, XNode>(),
    url: new Map<string, XNode>(),
    short: new Map<string, XNode>(),
    long: new Map<string, XNode>(),
  };
  const collections: [keyof typeof declared, string, string][] = [
    ['image', 'bt:Images', 'bt:Image'],
    ['url', 'bt:Urls', 'bt:Url'],
    ['short', 'bt:ShortStrings', 'bt:String'],
    ['long', 'bt:LongStrings', 'bt:String'],
  ];
  const duplicateIds: string[] = [];
  for (const [kind, coll, item] of collections) {
    for (const n of children(must(child(resources, coll), coll), item)) {
      if (declared[kind].has(n.attrs.id)) duplicateIds.push(n.attrs.id);
      declared[kind].set(n.attrs.id, n);
    }
  }

  test('is a TaskPaneApp with a GUID Id, version and en-US default locale', () => {
    expect(app.name).toBe('OfficeApp');
    expect(app.attrs['xsi:type']).toBe('TaskPaneApp');
    expect(must(child(app, 'Id'), 'Id').text).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i,
    );
    expect(must(child(app, 'Version'), 'Version').text).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(must(child(app, 'ProviderName'), 'ProviderName').text.length).toBeGreaterThan(0);
    expect(must(child(app, 'DefaultLocale'), 'DefaultLocale').text).toBe('en-US');
    expect(vo.attrs['xsi:type']).toBe('VersionOverridesV1_0');
    expect(vo.attrs.xmlns).toBe('http://schemas.microsoft.com/office/taskpaneappversionoverrides');
  });

  test('children appear in the order the Office schema requires', () => {
    const problems: string[] = [];
    for (const parent of all(app, (n) => n.name in ORDER)) {
      const order = ORDER[parent.name];
      let last = -1;
      for (const c of parent.children) {
        const idx = order.indexOf(c.name);
        if (idx < 0) problems.push(`${pathOf(parent)}: unexpected child <${c.name}>`);
        else if (idx < last) problems.push(`${pathOf(parent)}: <${c.name}> is out of order`);
        else last = idx;
      }
    }
    expect(problems).toEqual([]);
  });

  test('every URL is https (attributes, DefaultValue/Value, element text) and served by the add-in host', () => {
    const urls: string[] = [];
    for (const n of all(app, () => true)) {
      for (const [k, v] of Object.entries(n.attrs)) {
        if (k === 'xmlns' || k.startsWith('xmlns:')) continue; // namespace names, never fetched
        if (v.includes('://')) urls.push(v);
      }
      if (n.text.includes('://')) urls.push(n.text);
    }
    // Elements whose DefaultValue must be a URL, even if someone drops the scheme.
    for (const name of ['IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'SourceLocation', 'bt:Url', 'bt:Image']) {
      for (const n of all(app, (x) => x.name === name && 'DefaultValue' in x.attrs)) urls.push(n.attrs.DefaultValue);
    }
    expect(urls.length).toBeGreaterThan(10);
    expect(urls.filter((u) => !/^https:\/\/[^\s]+$/.test(u))).toEqual([]);
    // Pages and icons all come from the add-in host (webpack rewrites it for production builds).
    expect(urls.filter((u) => u !== DEV_BASE.slice(0, -1) && !u.startsWith(DEV_BASE))).toEqual([]);
  });

  test('every resid resolves to a declared resource of the right kind, and every resource is used', () => {
    expect(duplicateIds).toEqual([]);
    const unresolved: string[] = [];
    const used = new Set<string>();
    for (const n of all(app, (x) => 'resid' in x.attrs)) {
      const kind = RESID_KIND[n.name];
      const resid = n.attrs.resid;
      if (!kind) unresolved.push(`${pathOf(n)}: resid on unexpected element`);
      else if (!declared[kind].has(resid)) unresolved.push(`${pathOf(n)}: resid "${resid}" is not a declared ${kind}`);
      else used.add(`${kind}:${resid}`);
      if (resid.length > 32) unresolved.push(`${pathOf(n)}: resid "${resid}" longer than 32 characters`);
    }
    expect(unresolved).toEqual([]);
    const unused = (Object.keys(declared) as (keyof typeof declared)[]).flatMap((kind) =>
      [...declared[kind].keys()].filter((id) => !used.has(`${kind}:${id}`)).map((id) => `${kind}:${id}`),
    );
    expect(unused).toEqual([]);
  });

  test('string resources respect the schema length limits', () => {
    for (const [kind, limit] of [
      ['short', 125],
      ['long', 250],
    ] as const) {
      for (const s of declared[kind].values()) {
        expect(s.attrs.DefaultValue.length).toBeLessThanOrEqual(limit);
        for (const o of children(s, 'bt:Override')) expect(o.attrs.Value.length).toBeLessThanOrEqual(limit);
      }
    }
  });

  test('every icon exists in assets/ with the declared pixel size (16, 32, 64, 80 all present)', () => {
    const checked: { url: string; size: number }[] = [];
    checked.push({ url: must(child(app, 'IconUrl'), 'IconUrl').attrs.DefaultValue, size: 32 });
    checked.push({
      url: must(child(app, 'HighResolutionIconUrl'), 'HighResolutionIconUrl').attrs.DefaultValue,
      size: 64,
    });
    for (const ref of all(app, (n) => n.name === 'bt:Image' && 'resid' in n.attrs)) {
      const img = must(declared.image.get(ref.attrs.resid), `bt:Image ${ref.attrs.resid}`);
      checked.push({ url: img.attrs.DefaultValue, size: Number(ref.attrs.size) });
    }
    const problems: string[] = [];
    for (const { url, size } of checked) {
      const file = assetFileFor(url);
      if (!fs.existsSync(file)) {
        problems.push(`${url}: ${path.relative(ROOT, file)} does not exist`);
        continue;
      }
      const dim = pngSize(file);
      if (dim.width !== size || dim.height !== size)
        problems.push(`${url}: is ${dim.width}x${dim.height}, declared ${size}`);
    }
    expect(problems).toEqual([]);
    expect([...new Set(checked.map((c) => c.size))].sort((a, b) => a - b)).toEqual([16, 32, 64, 80]);
  });

  test('every icon is a 32-bit PNG with transparency (colour type 6, RGBA): clear corners, an opaque mark, smooth edges', () => {
    for (const size of [16, 32, 64, 80]) {
      const { colorType, bitDepth, alpha } = pngAlpha(path.join(ROOT, 'assets', `icon-${size}.png`));
      expect({ size, colorType, bitDepth }).toEqual({ size, colorType: 6, bitDepth: 8 });
      expect(alpha).toHaveLength(size * size);
      expect(alpha[0]).toBe(0); // the top-left corner shows the ribbon behind it
      expect(alpha.filter((a) => a === 255).length).toBeGreaterThan((size * size) / 10);
      if (size >= 32) expect(alpha.some((a) => a > 0 && a < 255)).toBe(true);
    }
  });

  test('declares Workbook host and ExcelApi 1.9 (what the pane checks) both in the base manifest and in VersionOverrides', () => {
    const hosts = children(must(child(app, 'Hosts'), 'Hosts'), 'Host').map((h) => h.attrs.Name);
    expect(hosts).toEqual(['Workbook']);
    const baseSets = children(must(child(must(child(app, 'Requirements'), 'Requirements'), 'Sets'), 'Sets'), 'Set');
    expect(baseSets.find((s) => s.attrs.Name === 'ExcelApi')?.attrs.MinVersion).toBe('1.9');
    expect(baseSets.find((s) => s.attrs.Name === 'ExcelApi')?.attrs.MinVersion).toBe(MIN_EXCEL_API);
    const voSets = children(
      must(child(must(child(vo, 'Requirements'), 'VersionOverrides/Requirements'), 'bt:Sets'), 'bt:Sets'),
      'bt:Set',
    );
    expect(voSets.find((s) => s.attrs.Name === 'ExcelApi')?.attrs.MinVersion).toBe(MIN_EXCEL_API);
    const voHosts = children(must(child(vo, 'Hosts'), 'VersionOverrides/Hosts'), 'Host').map(
      (h) => h.attrs['xsi:type'],
    );
    expect(voHosts).toEqual(['Workbook']);
  });

  test('requests ReadWriteDocument permission', () => {
    expect(must(child(app, 'Permissions'), 'Permissions').text).toBe('ReadWriteDocument');
  });

  test('has zh-CN overrides for DisplayName, Description and every ribbon label and tooltip', () => {
    const zh = (n: XNode, overrideName: string): string | undefined =>
      children(n, overrideName).find((o) => o.attrs.Locale === 'zh-CN')?.attrs.Value;
    expect(zh(must(child(app, 'DisplayName'), 'DisplayName'), 'Override')).toBe('售前项目管理');
    expect(zh(must(child(app, 'Description'), 'Description'), 'Override')).toMatch(/[\u4e00-\u9fff]/);
    const missing: string[] = [];
    for (const n of all(
      vo,
      (x) => 'resid' in x.attrs && (RESID_KIND[x.name] === 'short' || RESID_KIND[x.name] === 'long'),
    )) {
      const s = declared[RESID_KIND[n.name] as 'short' | 'long'].get(n.attrs.resid);
      const value = s && zh(s, 'bt:Override');
      if (!value || !/[\u4e00-\u9fff]/.test(value)) missing.push(`${pathOf(n)} (${n.attrs.resid})`);
    }
    expect(missing).toEqual([]);
  });

  test('Home tab group has the Open pane and Check workbook buttons sharing one task pane', () => {
    const ext = all(vo, (n) => n.name === 'ExtensionPoint');
    expect(ext.map((e) => e.attrs['xsi:type'])).toEqual(['PrimaryCommandSurface']);
    const tab = must(child(ext[0], 'OfficeTab'), 'OfficeTab');
    expect(tab.attrs.id).toBe('TabHome');
    const groups = children(tab, 'Group');
    expect(groups).toHaveLength(1);
    const controls = children(groups[0], 'Control');
    const summary = controls.map((c) => {
      const label = declared.short.get(must(child(c, 'Label'), 'Label').attrs.resid);
      const action = must(child(c, 'Action'), 'Action');
      const src = declared.url.get(must(child(action, 'SourceLocation'), 'SourceLocation').attrs.resid);
      return {
        type: c.attrs['xsi:type'],
        label: label?.attrs.DefaultValue,
        zh: label && children(label, 'bt:Override').find((o) => o.attrs.Locale === 'zh-CN')?.attrs.Value,
        action: action.attrs['xsi:type'],
        pane: child(action, 'TaskpaneId')?.text,
        url: src?.attrs.DefaultValue,
      };
    });
    expect(summary).toEqual([
      {
        type: 'Button',
        label: 'Open pane',
        zh: '打开面板',
        action: 'ShowTaskpane',
        pane: 'PresalesPipelinePane',
        url: `${DEV_BASE}taskpane.html`,
      },
      {
        type: 'Button',
        label: 'Check workbook',
        zh: '检查工作簿',
        action: 'ShowTaskpane',
        pane: 'PresalesPipelinePane',
        url: `${DEV_BASE}taskpane.html?page=check`,
      },
    ]);
    const ids = all(app, (n) => (n.name === 'Control' || n.name === 'Group') && 'id' in n.attrs).map((n) => n.attrs.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('pages: default source is the task pane and the function file is commands.html', () => {
    const src = must(child(must(child(app, 'DefaultSettings'), 'DefaultSettings'), 'SourceLocation'), 'SourceLocation');
    expect(src.attrs.DefaultValue).toBe(`${DEV_BASE}taskpane.html`);
    const ff = all(vo, (n) => n.name === 'FunctionFile');
    expect(ff).toHaveLength(1);
    expect(declared.url.get(ff[0].attrs.resid)?.attrs.DefaultValue).toBe(`${DEV_BASE}commands.html`);
    expect(children(must(child(app, 'AppDomains'), 'AppDomains'), 'AppDomain').length).toBeGreaterThan(0);
  });

  test('the checker rejects a broken manifest (self-test)', () => {
    expect(() => parseManifest(xml.replace('</Permissions>', ''))).toThrow(/well-formed/);
  });
});
