/**
 * Is a sponsor a person? Spec §5 `sponsor-not-person`, in this order:
 * 1. a name listed in People is a person;
 * 2. a surname with a title is a person (王部长, 李处, 张总, 刘经理, Officer Li) — and so is a name that
 *    merely contains an organisational letter (王部长 holds 部, Sealy Wang holds "seal");
 * 3. an organisation ends in an organisational word (销售部, 总经办, 董事会, Acme Co., Board of Directors).
 * Anything else is taken for a person's name.
 */

export type SponsorKind = 'listed' | 'titled' | 'organisation' | 'name';

// Common single-character surnames (百家姓, by frequency) and the compound ones.
const SURNAMES_1 = new Set([
  ...('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石' +
    '廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章' +
    '鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾' +
    '尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲' +
    '虞敖巩明佘池查麻苑迟邝封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼满闻位厉伏仝区郜阚权强帅屠豆朴盖练廉禹井祖漆巴丰' +
    '支卿狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伊'),
]);
const SURNAMES_2 = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '令狐',
  '轩辕',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '百里',
  '呼延',
  '钟离',
  '太史',
  '申屠',
  '澹台',
  '濮阳',
]);

// Titles that follow a surname: 王部长, 李处 (处长), 张总, 刘经理, 赵董, 钱工.
const TITLES_ZH =
  '(?:副)?(?:总经理|总裁|总监|总工|总助|总|经理|部长|处长|处|科长|科|主任|局长|局|院长|院|所长|厅长|司长|行长|董事长|董|' +
  '书记|秘书长|秘书|厂长|校长|组长|队长|主管|助理|专员|老师|师傅|工|先生|女士|小姐|老板|博士|教授|律师|会计)';
const TITLE_ZH = new RegExp(`^${TITLES_ZH}$`);

const ZH_ORG_END = new RegExp(
  '(?:部|部门|办|科|组|室|处|中心|公司|集团|委员会|董事会|理事会|监事会|股东大?会|工会|协会|商会|学会|办公室|' +
    '(?:公|印|专用|合同|财务|业务)章|局|院|所|厅|委|厂|团队|银行|分行|支行|班子|管理层|领导层)$',
);

// English words an organisation ends in (compared whole-word, case-insensitively, without a final dot).
const EN_ORG_WORDS = new Set([
  'dept',
  'department',
  'co',
  'company',
  'corp',
  'corporation',
  'inc',
  'ltd',
  'limited',
  'llc',
  'plc',
  'gmbh',
  'board',
  'office',
  'team',
  'group',
  'committee',
  'division',
  'center',
  'centre',
  'bureau',
  'unit',
  'branch',
  'agency',
  'ministry',
  'institute',
  'seal',
  'stamp',
  'chop',
  'headquarters',
  'hq',
  'council',
  'commission',
  'section',
  'management',
  'leadership',
]);
const EN_TITLES =
  /^(?:mr|mrs|ms|miss|dr|prof|officer|director|manager|mgr|president|chairman|chairwoman|chief|vp|gm|ceo|cfo|cto|coo|engineer)\.?$/i;

/** Words without a final dot, split at spaces and commas ("Acme Co.,Ltd." → acme, co, ltd). */
const rawWords = (s: string): string[] =>
  s
    .trim()
    .split(/[\s,;:，]+/)
    .filter(Boolean);
const words = (s: string): string[] => rawWords(s).map((x) => x.toLowerCase().replace(/\.+$/, ''));

/** A surname followed by a title (王部长, 欧阳总, 老王), or an English title followed by a name (Officer Li, Mr. Wang). */
export function isTitledPerson(name: string): boolean {
  const s = name.trim().replace(/\s+/g, '');
  if (s.length >= 2 && SURNAMES_1.has(s[0]) && TITLE_ZH.test(s.slice(1))) return true;
  if (s.length >= 3 && SURNAMES_2.has(s.slice(0, 2)) && TITLE_ZH.test(s.slice(2))) return true;
  if (/^[老小]/.test(s) && s.length === 2 && SURNAMES_1.has(s[1])) return true;
  const w = name.trim().split(/\s+/);
  if (w.length >= 2 && w.length <= 3 && EN_TITLES.test(w[0])) {
    const rest = words(w.slice(1).join(' '));
    return rest.every((x) => /^[a-z][a-z'-]*$/.test(x) && !EN_ORG_WORDS.has(x));
  }
  return false;
}

/** The organisational word a name ends in (销售部 → 部, Acme Co. → Co., Board of Directors → Board), or null. */
export function organisationWord(name: string): string | null {
  const s = name.trim();
  const zh = ZH_ORG_END.exec(s.replace(/\s+/g, ''));
  if (zh) return zh[0];
  const raw = rawWords(s);
  const w = words(s);
  if (w.length === 0) return null;
  if (EN_ORG_WORDS.has(w[w.length - 1])) return raw[raw.length - 1];
  // "Board of Directors", "Office of the President", "Department of Finance".
  if (w.length >= 3 && EN_ORG_WORDS.has(w[0]) && w[1] === 'of') return raw[0];
  return null;
}

/** How the rule of spec §5 reads a (non-blank) sponsor value; `people` holds the trimmed names of People. */
export function sponsorKind(name: string, people: { has(name: string): boolean }): SponsorKind {
  const s = name.trim();
  if (people.has(s)) return 'listed';
  if (isTitledPerson(s)) return 'titled';
  if (organisationWord(s) !== null) return 'organisation';
  return 'name';
}
