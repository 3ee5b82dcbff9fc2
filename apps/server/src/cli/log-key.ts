import type { CliIo } from './io.js';
import { loadLogKeys, rotateLogKey } from '../modules/proofs/node-crypto.js';

const USAGE = 'usage: shangmi log-key show | rotate';

/**
 * `shangmi log-key show`: the proof log's verifier key (and retired ones). `rotate`: a new signing key; the old one is
 * kept under <data>/proofs/retired and stays listed, so checkpoints it signed still verify. Restart the server after.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const cmd = args[0];
  if (cmd !== 'show' && cmd !== 'rotate') {
    io.err(USAGE);
    return cmd === '--help' ? 0 : 2;
  }
  const keys = cmd === 'rotate' ? rotateLogKey(io.config.dataDir, io.config.logOrigin) : loadLogKeys(io.config.dataDir, io.config.logOrigin);
  io.out(`${cmd === 'rotate' ? '新密钥 new key' : '当前密钥 current key'}: ${keys.current.vkey}`);
  for (const k of keys.retired) io.out(`已停用 retired: ${k}`);
  if (cmd === 'rotate') io.out('请重启服务 Restart the server (every node sharing the data folder) to sign with the new key.');
  return 0;
}
