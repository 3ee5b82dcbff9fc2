/** Names the generators draw from: people (weighted surnames, given-name characters with pinyin) and firms. */
import { pickWeighted } from './common.js';

// Surnames weighted roughly by frequency (马 is common in Ningxia); given-name characters with their pinyin.
export const SURNAMES: [string, string, number][] = [
  ['王', 'wang', 8], ['李', 'li', 8], ['张', 'zhang', 7], ['马', 'ma', 7], ['刘', 'liu', 6], ['杨', 'yang', 5], ['陈', 'chen', 4],
  ['赵', 'zhao', 3], ['黄', 'huang', 2], ['周', 'zhou', 2], ['吴', 'wu', 2], ['徐', 'xu', 2], ['孙', 'sun', 2], ['胡', 'hu', 2],
  ['朱', 'zhu', 1], ['高', 'gao', 2], ['林', 'lin', 1], ['何', 'he', 1], ['郭', 'guo', 2], ['罗', 'luo', 1], ['田', 'tian', 1],
  ['丁', 'ding', 1], ['纳', 'na', 1], ['海', 'hai', 1], ['韩', 'han', 1], ['白', 'bai', 1], ['苏', 'su', 1], ['金', 'jin', 1],
];
export const GIVEN: [string, string][] = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['强', 'qiang'], ['磊', 'lei'],
  ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['艳', 'yan'], ['杰', 'jie'], ['娟', 'juan'], ['涛', 'tao'], ['明', 'ming'],
  ['超', 'chao'], ['秀', 'xiu'], ['霞', 'xia'], ['平', 'ping'], ['刚', 'gang'], ['桂', 'gui'], ['英', 'ying'], ['华', 'hua'],
  ['文', 'wen'], ['辉', 'hui'], ['鹏', 'peng'], ['晨', 'chen'], ['宇', 'yu'], ['欣', 'xin'], ['梅', 'mei'], ['兰', 'lan'],
  ['海', 'hai'], ['宁', 'ning'], ['峰', 'feng'], ['玲', 'ling'], ['龙', 'long'], ['萍', 'ping'], ['斌', 'bin'], ['东', 'dong'],
];
export const FIRM_WORDS = ['塞上', '贺兰', '黄河', '西夏', '宁安', '银湖', '凤城', '阅海', '鸣翠', '沙湖', '六盘', '长城', '朔方', '宁杞', '枸杞红', '滩羊', '金沙', '清水', '紫光', '星原'];
export const FIRM_TRADES = ['科技', '生物科技', '新材料', '智能装备', '食品', '葡萄酒', '乳业', '化工', '电子', '软件', '光伏', '医药', '文化传媒', '农业发展', '精密制造'];
export const FIRM_FORMS = ['有限公司', '股份有限公司', '有限责任公司'];

/** A person's name and its pinyin as the generators draw them: a weighted surname, then one or two given characters. */
export function personPicker(rnd: () => number): () => { name: string; pinyin: string } {
  const surnameTotal = SURNAMES.reduce((s, x) => s + x[2], 0);
  const given = () => GIVEN[Math.floor(rnd() * GIVEN.length)];
  return () => {
    const [sn, py] = pickWeighted(rnd, SURNAMES, (s) => s[2], surnameTotal);
    const g1 = given();
    const g2 = rnd() < 0.6 ? given() : null;
    return { name: `${sn}${g1[0]}${g2 ? g2[0] : ''}`, pinyin: `${py}${g1[1]}${g2 ? g2[1] : ''}` };
  };
}
