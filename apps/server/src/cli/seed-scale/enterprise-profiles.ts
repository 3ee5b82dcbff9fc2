/** Enterprises at scale (`--enterprises N`): generated profiles, in the registry's values. */
import { buildCreditCode, CREDIT_CODE_CHARSET, searchTokens } from '@shangmi/shared';
import { GBT4754_2017 } from '@shangmi/shared/data/industries';
import { pickWeighted, prng } from './common.js';
import { personPicker } from './names.js';

/** A district the generator places enterprises in (code and name, e.g. 640106 金凤区). */
export interface DistrictRef {
  code: string;
  name: string;
}

/** One generated enterprise, in the registry's values (dictionary codes, not labels). */
export interface GeneratedEnterprise {
  creditCode: string;
  name: string;
  legalRep: string | null;
  districtCode: string;
  industryCode: string;
  industrySection: string;
  size: string | null;
  kinds: string[];
  products: string | null;
  regAddress: string | null;
  opAddress: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  status: 'active' | 'pending' | 'closed' | 'merged';
  source: 'staff' | 'self' | 'import';
  createdAt: number;
  /** uniform draws for what the caller places (serving site, park, merge target, last update) */
  draw: [number, number, number, number];
}

/** How many enterprises each district holds, relative (兴庆 and 金凤 are the commercial centres). */
export const ENTERPRISE_DISTRICT_WEIGHTS: Record<string, number> = { '640104': 1.6, '640105': 1.0, '640106': 1.4, '640121': 0.6, '640122': 0.6, '640181': 0.7 };

// 字号 (trade names): two characters from these lists (most of them), a place word, or a longer one
export const ZIHAO_FIRST = [...'新华宏鑫恒天瑞金盛泰嘉德兴祥隆丰汇源博宇信安康和诚正永通达富佳明远昌荣昊峰创益凯辉亿腾万顺中卓睿乾聚'];
export const ZIHAO_SECOND = [...'华达源盛泰丰利成信通隆宇恒瑞兴鑫发顺祥和安德昌辉远荣邦航鸿润峰海阳光晟博创智合力众诚新星耀启越嘉域川'];
export const ZIHAO_PLACES = ['塞上', '贺兰', '黄河', '西夏', '宁安', '银湖', '凤城', '阅海', '鸣翠', '沙湖', '六盘', '长城', '朔方', '宁杞', '滩羊', '金沙', '清水', '星原', '塞北', '河套', '大漠', '驼铃', '贺兰山', '黄河金岸', '宁夏川', '湖城', '枸杞红', '红枸杞'];
const ZIHAO_THIRD = [...'祥源达通盛兴泰丰'];

/** 门类 (GB/T 4754 section) weights of a city's registry, and the words their names and products use. */
const SECTIONS: { code: string; weight: number; trades: string[]; products: string[] }[] = [
  { code: 'A', weight: 6, trades: ['农业发展', '农牧', '生态农业', '枸杞种植', '农业科技', '种养殖专业合作'], products: ['枸杞', '滩羊', '设施蔬菜', '苗木花卉', '牛羊养殖', '优质水稻', '枸杞鲜果', '饲草种植'] },
  { code: 'B', weight: 0.5, trades: ['矿业', '煤业', '能源开发'], products: ['原煤', '洗精煤', '石英砂', '石膏'] },
  { code: 'C', weight: 9, trades: ['科技', '食品', '乳业', '葡萄酒', '新材料', '化工', '机械制造', '生物科技', '电子科技', '精密制造', '建材', '服饰', '医药', '枸杞制品'], products: ['枸杞制品', '乳制品', '葡萄酒', '羊绒制品', '电子元器件', '数控机床', '化工原料', '光伏组件', '新型建材', '清真食品', '中药饮片', '包装材料', '铝型材', '单晶硅'] },
  { code: 'D', weight: 1.5, trades: ['新能源', '电力', '光伏发电', '燃气', '热力', '供水'], products: ['光伏发电', '风力发电', '天然气供应', '集中供热', '自来水供应'] },
  { code: 'E', weight: 8, trades: ['建设', '建筑工程', '市政工程', '装饰工程', '路桥工程', '安装工程'], products: ['房屋建筑', '市政道路', '室内装修', '钢结构', '园林工程', '水电安装'] },
  { code: 'F', weight: 30, trades: ['商贸', '贸易', '百货', '商行', '食品销售', '医药连锁', '汽车销售', '建材销售', '农资', '电子商务'], products: ['日用百货', '五金交电', '建材', '服装鞋帽', '农副产品', '预包装食品', '汽车配件', '化肥农药', '办公用品', '枸杞干果', '牛羊肉', '酒水饮料'] },
  { code: 'G', weight: 5, trades: ['物流', '运输', '供应链管理', '仓储', '货运代理'], products: ['道路货物运输', '仓储服务', '冷链物流', '城市配送'] },
  { code: 'H', weight: 5, trades: ['餐饮管理', '酒店管理', '餐饮', '清真餐饮'], products: ['手抓羊肉', '餐饮服务', '住宿服务', '清真菜品', '快餐'] },
  { code: 'I', weight: 6, trades: ['信息技术', '网络科技', '软件', '数据科技', '科技', '通信技术'], products: ['软件开发', '系统集成', '数据服务', '网络工程', '云计算服务', '小程序开发'] },
  { code: 'J', weight: 1, trades: ['投资', '融资担保', '小额贷款'], products: ['股权投资', '融资担保', '小额贷款'] },
  { code: 'K', weight: 3, trades: ['房地产开发', '物业管理', '置业'], products: ['房地产开发', '物业服务', '房屋租赁'] },
  { code: 'L', weight: 10, trades: ['商务咨询', '企业管理', '广告', '人力资源', '文化传媒', '会展服务'], products: ['企业管理咨询', '广告设计', '劳务派遣', '会议会展', '财务咨询', '品牌策划'] },
  { code: 'M', weight: 7, trades: ['科技', '检测', '工程设计', '技术服务', '环境科技', '测绘'], products: ['技术开发', '检验检测', '工程勘察设计', '技术推广', '环境评估', '地理信息'] },
  { code: 'N', weight: 2, trades: ['环保', '环境工程', '园林绿化', '水务'], products: ['污水处理', '垃圾清运', '园林绿化', '生态修复'] },
  { code: 'O', weight: 3, trades: ['家政服务', '汽车维修', '美容美发', '洗涤'], products: ['家政服务', '汽车维修', '美容美发', '洗衣服务'] },
  { code: 'P', weight: 1.5, trades: ['教育科技', '培训', '文化教育'], products: ['职业技能培训', '教育咨询', '素质教育'] },
  { code: 'Q', weight: 1, trades: ['医疗', '健康管理', '门诊'], products: ['门诊服务', '健康体检', '康复理疗'] },
  { code: 'R', weight: 3, trades: ['文化传媒', '文化旅游', '体育', '影视'], products: ['文艺演出', '旅游服务', '体育赛事', '影视制作', '西夏文化'] },
];
const FORMS: [string, number][] = [['有限公司', 70], ['有限责任公司', 20], ['股份有限公司', 4], ['集团有限公司', 2]];
/** 个体工商户 (sole traders) by section: shops, eateries, repair and personal services */
const SHOPS: Record<string, string[]> = {
  F: ['商行', '便利店', '经营部', '批发部', '门市部', '超市', '农资店', '副食店', '烟酒店'],
  H: ['餐馆', '饭庄', '面馆', '清真餐厅', '羊肉馆', '小吃店'],
  O: ['汽修厂', '理发店', '洗衣店', '家政服务部', '修理部'],
};

/** Streets (and towns in the counties) of each district; addresses read 银川市<district><street><n>号. */
export const STREETS: Record<string, string[]> = {
  '640104': ['解放东街', '解放西街', '新华东街', '新华西街', '文化东街', '民族北街', '民族南街', '清和北街', '中山南街', '玉皇阁北街', '北京东路', '丽景北街', '湖滨东街', '凤凰北街', '银古路', '胜利南街', '上海东路', '掌政镇'],
  '640105': ['怀远东路', '文萃北街', '北京西路', '贺兰山西路', '同心南街', '学院西路', '朔方路', '宁朔北街', '经天东路', '六盘山西路', '镇北堡镇', '兴泾镇'],
  '640106': ['北京中路', '正源北街', '亲水大街', '宁安大街', '黄河东路', '万寿路', '贺兰山中路', '长城中路', '上海西路', '新昌西路', '宝湖中路', '人民广场东街', '泰安西街', '康平路', '阅海湾中央商务区', '良田镇'],
  '640121': ['杨和镇宁和南街', '杨和镇永胜路', '望远镇', '闽宁镇', '李俊镇', '胜利乡', '望洪镇'],
  '640122': ['习岗镇银河东路', '习岗镇兰光路', '金贵镇', '立岗镇', '洪广镇', '暖泉工业园区'],
  '640181': ['城区朔方路', '城区灵州大道', '宁东镇', '临河镇', '崇兴镇', '梧桐树乡'],
};
export const BUILDINGS = ['国际大厦', '万达广场', '商务中心', '科技大厦', '金融中心', '创业园', '产业园', '综合楼', '写字楼', '商业街'];
export const MAIL_DOMAINS = ['163.com', 'qq.com', '126.com', 'sina.com', 'nx.gov-partner.cn'];

/**
 * The credit code's 主体标识码 (9 characters: MA + 6 from an index + its GB 11714 check character): a bijection of the
 * index, so codes never repeat (31^6 ≈ 887 million of them).
 */
const BODY_SPACE = 31 ** 6;
export function enterpriseCreditCode(index: number, division: string, registrant: '1' | '2' = '1'): string {
  if (!Number.isSafeInteger(index) || index < 0 || index >= BODY_SPACE) throw new Error(`credit code index out of range: ${index}`);
  let x = (index * 7_919_137 + 1_234_567_891) % BODY_SPACE; // 7,919,137 is prime to 31: a permutation of [0, 31^6)
  let body = '';
  for (let k = 0; k < 6; k++) {
    body = CREDIT_CODE_CHARSET[x % 31] + body;
    x = Math.floor(x / 31);
  }
  return buildCreditCode(`9${registrant}`, division, `MA${body}`);
}

/**
 * Generated enterprises, deterministic for a seed: call the result with consecutive indexes. Index `i` gives the
 * credit code of index `i` (unique for a given index, whatever the seed), so disjoint index ranges never collide.
 */
export function enterpriseGenerator(seed: number, districts: DistrictRef[]): (index: number) => GeneratedEnterprise {
  const rnd = prng((seed ^ 0x5eed_e17e) >>> 0);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const divisionsOf = new Map<string, string[]>();
  for (const e of GBT4754_2017) if (e.parent) divisionsOf.set(e.parent, [...(divisionsOf.get(e.parent) ?? []), e.code]);
  const sections = SECTIONS.filter((s) => divisionsOf.has(s.code));
  const sectionTotal = sections.reduce((s, x) => s + x.weight, 0);
  const dTotal = districts.reduce((s, d) => s + (ENTERPRISE_DISTRICT_WEIGHTS[d.code] ?? 1), 0);
  const formTotal = FORMS.reduce((s, f) => s + f[1], 0);
  const person = personPicker(rnd);
  const zihao = () => {
    const r = rnd();
    if (r < 0.15) return pick(ZIHAO_PLACES);
    let a = pick(ZIHAO_FIRST);
    let b = pick(ZIHAO_SECOND);
    while (a === b) [a, b] = [pick(ZIHAO_FIRST), pick(ZIHAO_SECOND)];
    return r < 0.25 ? `${a}${b}${pick(ZIHAO_THIRD)}` : `${a}${b}`;
  };
  const address = (d: DistrictRef) => {
    const street = pick(STREETS[d.code] ?? ['人民路', '建设路', '新华街', '文化路']);
    const n = 1 + Math.floor(rnd() * (rnd() < 0.8 ? 300 : 2000));
    const where = rnd() < 0.35 ? `${pick(BUILDINGS)}${1 + Math.floor(rnd() * 28)}层${100 + Math.floor(rnd() * 30)}室` : '';
    return `${rnd() < 0.3 ? '宁夏回族自治区' : ''}银川市${d.name}${street}${n}号${where}`;
  };
  const DAY = 86_400_000;
  const now = Date.UTC(2026, 10, 1);
  return (index: number) => {
    const d = pickWeighted(rnd, districts, (x) => ENTERPRISE_DISTRICT_WEIGHTS[x.code] ?? 1, dTotal);
    const section = pickWeighted(rnd, sections, (s) => s.weight, sectionTotal);
    const division = pick(divisionsOf.get(section.code)!);
    const zh = zihao();
    const trade = pick(section.trades);
    // 个体工商户 (registrant 2) in trade and catering; companies otherwise
    const soleTrader = !!SHOPS[section.code] && rnd() < 0.25;
    const districtShort = d.name.replace(/[区县市]$/, '');
    let name: string;
    if (soleTrader) name = `银川市${d.name}${zh}${pick(SHOPS[section.code])}`;
    else {
      const form = pickWeighted(rnd, FORMS, (f) => f[1], formTotal)[0];
      const r = rnd();
      if (r < 0.55) name = `宁夏${zh}${trade}${form}`;
      else if (r < 0.85) name = `银川${zh}${trade}${form}`;
      else if (r < 0.92) name = `${zh}（宁夏）${trade}${form}`;
      else name = `宁夏${zh}${trade}${form}${districtShort}分公司`;
    }
    const products = rnd() < 0.9 ? [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(section.products)))].join('、') : null;
    const techy = section.code === 'C' || section.code === 'I' || section.code === 'M';
    const kinds: string[] = [];
    if (rnd() < (techy ? 0.15 : 0.02)) kinds.push('high_tech');
    if (rnd() < (techy ? 0.08 : 0.01)) kinds.push('specialised');
    if (rnd() < 0.05) kinds.push('innovative');
    if (rnd() < (techy ? 0.1 : 0.02)) kinds.push('technology_intensive');
    if (rnd() < 0.03) kinds.push('knowledge_intensive');
    if (rnd() < 0.005) kinds.push('time_honoured');
    const rs = rnd();
    const size = soleTrader ? 'micro' : rs < 0.55 ? 'micro' : rs < 0.83 ? 'small' : rs < 0.93 ? 'medium' : rs < 0.96 ? 'large' : null;
    const reg = rnd() < 0.98 ? address(d) : null;
    const op = rnd() < 0.6 ? (rnd() < 0.5 ? reg : address(d)) : null;
    const legal = rnd() < 0.95 ? person() : null;
    const contact = rnd() < 0.8 ? (rnd() < 0.4 && legal ? legal : person()) : null;
    const phone = contact
      ? rnd() < 0.8
        ? `1${pick([...'35789'])}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`
        : `0951-${String(5_000_000 + Math.floor(rnd() * 4_999_999))}`
      : null;
    const email = contact && rnd() < 0.35 ? `${contact.pinyin}${Math.floor(rnd() * 1000)}@${pick(MAIL_DOMAINS)}` : null;
    const st = rnd();
    const status = st < 0.955 ? 'active' : st < 0.985 ? 'closed' : st < 0.995 ? 'pending' : 'merged';
    const src = rnd();
    const source = status === 'pending' ? 'self' : src < 0.6 ? 'staff' : src < 0.97 ? 'import' : 'self';
    // registered by the district's authority, some by the city's
    const divisionCode = rnd() < 0.85 ? d.code : `${d.code.slice(0, 4)}00`;
    return {
      creditCode: enterpriseCreditCode(index, divisionCode, soleTrader ? '2' : '1'),
      name,
      legalRep: legal?.name ?? null,
      districtCode: d.code,
      industryCode: division,
      industrySection: section.code,
      size,
      kinds,
      products,
      regAddress: reg,
      opAddress: op,
      contactName: contact?.name ?? null,
      contactPhone: phone,
      contactEmail: email,
      status,
      source,
      createdAt: now - Math.floor(rnd() * 8 * 365 * DAY),
      draw: [rnd(), rnd(), rnd(), rnd()],
    };
  };
}

/**
 * The search vector's two halves, exactly as the service builds them (enterprises/validation.ts searchText): the shared
 * tokenizer over name and credit code (weight A), and over the addresses and products.
 */
export function enterpriseSearchText(e: Pick<GeneratedEnterprise, 'name' | 'creditCode' | 'regAddress' | 'opAddress' | 'products'>) {
  return { strong: searchTokens(e.name, e.creditCode).join(' '), weak: searchTokens(e.regAddress, e.opAddress, e.products).join(' ') };
}

/**
 * enterpriseSearchText with the tokens of addresses and products remembered (they repeat: a product list, an
 * operating address equal to the registered one). Exactly the same strings: searchTokens(a, b, c) is the tokens of a,
 * then those of b, then of c, each kept at its first occurrence — which is what joining the remembered lists gives.
 */
export function enterpriseTokenizer() {
  const memo = new Map<string, string[]>();
  const of = (text: string | null) => {
    if (!text) return [];
    let t = memo.get(text);
    if (!t) {
      if (memo.size >= 200_000) memo.clear();
      memo.set(text, (t = searchTokens(text)));
    }
    return t;
  };
  return (e: Pick<GeneratedEnterprise, 'name' | 'creditCode' | 'regAddress' | 'opAddress' | 'products'>) => ({
    strong: searchTokens(e.name, e.creditCode).join(' '),
    weak: [...new Set([...of(e.regAddress), ...of(e.opAddress), ...of(e.products)])].join(' '),
  });
}
