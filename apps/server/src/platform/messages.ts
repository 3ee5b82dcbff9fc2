/**
 * What several modules tell their users alike, in Chinese and English. A module's own messages are in its
 * `<domain>.messages.ts`; a field error's message follows the field's name ("园区：不是本地区的园区").
 */
export type Msg = { zh: string; en: string };

export const common = {
  required: { zh: '必填', en: 'is required' },
  notExist: { zh: '不存在', en: 'does not exist' },
  exists: { zh: '已存在', en: 'already exists' },
  taken: { zh: '已被使用', en: 'is already taken' },
  repeated: { zh: '重复', en: 'is repeated' },
  invalidValue: { zh: '不是有效的取值', en: 'is not an allowed value' },
  invalidValues: (bad: string[]): Msg => ({ zh: `包含无效的取值：${bad.join('、')}`, en: `contains values that are not allowed: ${bad.join(', ')}` }),
  notInScope: { zh: '不存在或不在您的管理范围内', en: 'does not exist or is outside your scope' },
  outsideArea: { zh: '超出您的管理范围（请选择本辖区）', en: 'is outside your area (choose one within it)' },
  chooseRegion: { zh: '请选择所属地区', en: 'is required (choose a region)' },
  notDistrictOfRegion: { zh: '不属于本地区', en: 'is not a district of this region' },
  notParkOfRegion: { zh: '不是本地区的园区', en: 'is not a park of this region' },
  noBureau: { zh: '该地区尚未配置市场监管局机构', en: 'This region has no market regulation bureau configured' },
  notOwnUpload: { zh: '不存在或不是您上传的文件', en: 'does not exist or was not uploaded by you' },
} satisfies Record<string, Msg | ((...args: never[]) => Msg)>;
