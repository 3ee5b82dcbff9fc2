/** What the existence-proofs module tells its users, in Chinese and English (a field error's message follows the field's name). */
import type { Msg } from '../../platform/messages.js';

export const msg = {
  onlyEnterprisesDeposit: { zh: '只有企业账号可以提交存证', en: 'Only enterprise accounts deposit proofs' },
  tooManyTags: { zh: '标签最多 10 个', en: 'at most 10 tags' },
  notJson: { zh: '不是有效的 JSON', en: 'is not valid JSON' },
  commitmentMismatch: { zh: '与文件摘要、盐值和元数据不符', en: 'does not match the digests, salt and metadata' },
  notYetInLog: { zh: '存证尚未写入日志，请稍候（通常不超过 1 秒）', en: 'Not in the log yet; try again in a second' },
  notReceipt: { zh: '不是有效的存证回执', en: 'is not a valid receipt' },
  noSuchEntry: { zh: '日志中没有与该回执相符的条目', en: 'matches no entry of the log' },
  notWitnessKey: { zh: '不是有效的见证方验证公钥（cosignature/v1，类型 0x04）', en: 'is not a cosignature/v1 verifier key (type 0x04)' },
  notCheckpoint: { zh: '不是有效的签名树头', en: 'is not a valid signed checkpoint' },
  notOurCheckpoint: { zh: '日志未签发该树头', en: 'is not a checkpoint this log signed' },
  badCosignature: (name: string): Msg => ({ zh: `见证方 ${name} 的签名无效`, en: `the cosignature of ${name} does not verify` }),
  noWitnessCosignature: { zh: '没有已登记见证方的有效联署签名', en: 'carries no cosignature of a registered witness' },
} satisfies Record<string, Msg | ((...args: never[]) => Msg)>;
