import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ProofRecord } from '@shangmi/shared';
import { commitment, fromHex, toHex, utf8 } from '@shangmi/shared/tlog';
import { integrate } from '../modules/proofs/log.service.js';
import { loadLogKeys, sha256, sm3 } from '../modules/proofs/node-crypto.js';
import * as svc from '../modules/proofs/proofs.service.js';
import type { DemoWorld } from './demo-context.js';

/** Small sample documents (made up here: no real secret), one deposit each or several files in one. */
const DEPOSITS: { title: string; description: string; tags: string[]; files: { name: string; text: string }[] }[] = [
  {
    title: '核心生产工艺参数表（2026版）',
    description: '工艺部定稿版本，存证后原件加密归档。',
    tags: ['工艺', '技术信息'],
    files: [{ name: '工艺参数表-2026.txt', text: '示例文件（演示数据）\n工序一 温度 ___ ℃ 时间 ___ min\n工序二 压力 ___ MPa\n本文件为演示用样例，不含任何真实参数。\n' }],
  },
  {
    title: '新产品配方研发记录（第三批试验）',
    description: '实验记录与结论两份文件一并存证。',
    tags: ['配方', '研发'],
    files: [
      { name: '试验记录-第三批.txt', text: '示例文件（演示数据）\n试验编号 T-03-01 至 T-03-12\n记录人、复核人签字栏\n本文件为演示用样例。\n' },
      { name: '试验结论.txt', text: '示例文件（演示数据）\n结论：第三批第 7 组综合指标最优，进入中试。\n本文件为演示用样例。\n' },
    ],
  },
  {
    title: '重点客户名单及年度框架协议条件',
    description: '经营信息，销售部季度更新后存证。',
    tags: ['经营信息', '客户'],
    files: [{ name: '重点客户名单-2026Q1.csv', text: '序号,客户,区域,联系人,框架协议编号\n1,示例客户甲,华北,（略）,FA-001\n2,示例客户乙,西北,（略）,FA-002\n' }],
  },
  {
    title: '生产线改造方案设计说明',
    description: '外协加工前存证，以证明方案形成时间早于对外提供时间。',
    tags: ['技术信息', '对外合作'],
    files: [{ name: '改造方案说明.txt', text: '示例文件（演示数据）\n一、改造目标\n二、设备布局（图略）\n三、关键节点\n本文件为演示用样例。\n' }],
  },
];

export interface DemoProofsResult {
  records: ProofRecord[];
  logSize: number;
  /** where the sample documents were written, so a visitor can check them on the public verify page */
  folder: string;
}

/**
 * Existence proofs of the tour enterprise: each sample document hashed (SHA-256 and SM3) and committed exactly as the
 * browser does (apps/web/src/lib/hashing/hashing.ts buildDeposit), deposited through the proofs service, then integrated
 * into the log and signed with the log key of the data folder — so the receipts download and verify at once.
 */
export async function seedDemoProofs(w: DemoWorld, username: string): Promise<DemoProofsResult> {
  const folder = path.join(w.deps.config.dataDir, 'demo-documents');
  fs.mkdirSync(folder, { recursive: true });
  const records: ProofRecord[] = [];
  for (const d of DEPOSITS) {
    const files = d.files.map((f) => {
      const bytes = Buffer.from(f.text, 'utf8');
      fs.writeFileSync(path.join(folder, f.name), bytes);
      return { name: f.name, size: bytes.length, sha256: toHex(sha256(bytes)), sm3: toHex(sm3(bytes)) };
    });
    const salt = crypto.randomBytes(32);
    const metadataJson = JSON.stringify({ title: d.title, files: files.map((f) => ({ name: f.name, size: f.size })) });
    const c = commitment(
      sha256,
      salt,
      files.map((f) => ({ sha256: fromHex(f.sha256), sm3: fromHex(f.sm3) })),
      sha256(utf8(metadataJson)),
    );
    const input = { title: d.title, description: d.description, tags: d.tags, files, salt: toHex(salt), metadataJson, commitment: toHex(c) };
    records.push(await w.act(username, 'proofs.deposit', new Date(), (ctx) => svc.deposit(ctx, input)));
  }
  const origin = w.deps.config.logOrigin;
  const r = await integrate(w.database, loadLogKeys(w.deps.config.dataDir, origin), origin);
  if (!r) throw new Error('the proof log is busy (another process integrates it)');
  return { records, logSize: r.size, folder };
}
