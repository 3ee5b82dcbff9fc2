/** What the litigation pack holds (pack.ts gathers it; pack-docx.ts and the manifest are two views of it). */
import type { listMeasures } from './measures.js';
import type { listKnowers } from './people.js';
import type { computeReadiness } from './readiness.js';
import type { getSecret } from './register.js';
import type { secretHistory } from './detail.js';

export interface PackData {
  generatedAt: string;
  enterprise: { name: string; creditCode: string | null };
  secret: Awaited<ReturnType<typeof getSecret>>;
  readiness: Awaited<ReturnType<typeof computeReadiness>> extends Map<number, infer R> ? R : never;
  measures: Awaited<ReturnType<typeof listMeasures>>;
  proofs: {
    proofId: number;
    title: string;
    roles: ('carrier' | 'evidence' | 'acknowledgement')[];
    files: { name: string; size: number; sha256: string; sm3: string }[];
    commitment: string;
    logIndex: number | null;
    integratedAt: string | null;
    receipt: string | null;
    record: string;
    document: string | null;
  }[];
  knowers: Awaited<ReturnType<typeof listKnowers>>;
  acknowledgements: { noticeId: number; person: string; secrets: string[]; sentAt: string; acknowledgedAt: string | null; typedName: string | null; documentSha256: string | null; proofId: number | null }[];
  departures: { person: string; departedOn: string; items: Record<string, string | null>; completedOn: string | null }[];
  history: Awaited<ReturnType<typeof secretHistory>>;
  log: { origin: string; keys: string[] };
}
