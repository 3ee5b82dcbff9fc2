/** What the funding module tells its users, in Chinese and English. */
const yuan = (fen: number) => (fen / 100).toFixed(2);
export const M = {
  overLine: (left: number) => ({ zh: `超出预算科目余额（尚可支出 ${yuan(left)} 元）：请先调整预算`, en: `exceeds what is left on the line (${yuan(left)} yuan): raise the line first` }),
  belowSpent: (spent: number) => ({ zh: `不能低于已支出金额 ${yuan(spent)} 元`, en: `cannot be less than what was spent (${yuan(spent)} yuan)` }),
  cityNoDistrict: { zh: '市级预算不选县（市）区或园区', en: 'a city line has no district or park' },
  districtRequired: { zh: '县（市）区预算须选择县（市）区', en: 'is required for a district line' },
  parkRequired: { zh: '园区预算须选择园区', en: 'is required for a park line' },
  notLineYear: (year: number) => ({ zh: `须在预算年度 ${year} 年内`, en: `must be within the line's year ${year}` }),
  inFuture: { zh: '不能晚于今天', en: 'cannot be later than today' },
  alreadyReversed: { zh: '该支出已冲销', en: 'This spending was already reversed' },
  reversalOfReversal: { zh: '冲销记录不能再冲销：请重新登记支出', en: 'A reversal cannot be reversed: record the spending again' },
  noRegion: { zh: '您的账号不属于任何试点地区', en: 'Your account belongs to no pilot region' },
};
