import type { NotifyEvent, Permission } from '@shangmi/shared';

type Msg = { zh: string; en: string };

/**
 * Who may take a transition, beyond holding its permission:
 * - `record`: anyone whose data scope reaches the record (one of the instance's paths) — the requester's side;
 * - `bureau`: an organisation above the record's home whose scope reaches it, never the home itself nor a site or an
 *   enterprise — reviews and approvals belong to the bureaus above.
 */
export type ActingScope = 'record' | 'bureau';

export interface TransitionDef<S extends string> {
  /** the step's name, kept in the history (`workflow_steps.transition`) */
  name: string;
  from: S | readonly S[];
  /** several targets: the caller names one (e.g. straight to the city when the record has no district) */
  to: S | readonly S[];
  permission: Permission;
  by?: ActingScope;
  /** what the step must carry: a reason (the comment), named data fields, evidence files (at least n) */
  requires?: { reason?: boolean; fields?: readonly string[]; files?: number };
  /** separation of duties: whoever took one of these transitions in this round may not take this one */
  separateFrom?: readonly string[];
  /** only whoever took that transition in this round may take this one (the requester takes a request back) */
  onlyBy?: string;
  /** a new round starts here: who did what before is forgotten for separation of duties */
  startsRound?: boolean;
  /** false: not work waiting for anyone (taking one's own request back); the to-dos leave it out (onlyBy implies it) */
  work?: boolean;
  /**
   * taken by the platform itself (a job, e.g. a time limit run out escalates the record), never by a person: a person
   * asking is refused 403, the history shows no user. The permission is then only the declaration's documentation.
   */
  system?: boolean;
  label: Msg;
  /** sentences for the refusals, when the generic ones say too little */
  refuse?: { scope?: Msg; separation?: Msg; onlyBy?: Msg; state?: Msg; reason?: Msg };
}

/**
 * Who hears of an entry into a state:
 * - `{ holders: permission, at: 'above' }`: the nearest organisation above the record's home with users holding the
 *   permission (and a scope that reaches the record) — the district for a review, the city for an approval;
 * - `{ holders: permission, at: 'home' }`: users of the record's own organisation holding it (a site's staff);
 * - `{ holders: permission, at: 'also' }`: users of the record's other organisations (`Home.alsoPaths`, not the home)
 *   holding it — the site or provider a help request is assigned to, the enterprise whose need a station answered;
 * - `{ steps: ['submit'] }`: whoever took those transitions in this round (the requester hears the decision).
 * The one who took the step is never told of their own step.
 */
export type Recipient = { holders: Permission; at: 'above' | 'home' | 'also' } | { steps: readonly string[] };

export interface NoticeDef {
  event: NotifyEvent;
  to: readonly Recipient[];
  /** `{record}` is replaced by the record's label */
  title: Msg;
  /**
   * false: the recipients hear only the reminders of the state's limit, not each entry into it (a review scheduled
   * again after every review is no news; its coming due is)
   */
  onEntry?: boolean;
}

/**
 * A time limit on a state, counted by the deadline engine from the day the state was entered (Art. 80 counting).
 * Without `length` the module sets each record's due date when it takes the step (`StepInput.dueOn`): a review cycle
 * that differs per record.
 */
export interface LimitDef {
  length?: number;
  unit: 'working' | 'calendar';
  label: Msg;
}

export interface WorkflowDef<S extends string = string> {
  kind: string;
  label: Msg;
  states: Record<S, { label: Msg }>;
  initial: S;
  transitions: readonly TransitionDef<S>[];
  limits?: Partial<Record<S, LimitDef>>;
  notify?: Partial<Record<S, NoticeDef>>;
  /** the web page of a record */
  link: (recordId: number) => string;
  /** the home page's to-do per state where work waits: its key and the list it opens (filtered to that state) */
  todos?: Partial<Record<S, { key: string; path: string }>>;
}

const registry = new Map<string, WorkflowDef>();

/** Every declared kind (the to-dos and the reminder scan walk them). */
export const workflowKinds = (): WorkflowDef[] => [...registry.values()];
export const workflowOf = (kind: string): WorkflowDef | undefined => registry.get(kind);

export const asList = <S>(v: S | readonly S[]): readonly S[] => (Array.isArray(v) ? (v as readonly S[]) : [v as S]);

/**
 * Declares a workflow kind. Checks the declaration once, at start-up: states named by transitions, limits and notices
 * exist; steps named by separation rules exist; a limited state says whom to remind.
 */
export function defineWorkflow<const S extends string>(def: WorkflowDef<S>): WorkflowDef<S> {
  const states = new Set(Object.keys(def.states));
  const names = new Set(def.transitions.map((t) => t.name));
  const problem = (m: string) => new Error(`workflow ${def.kind}: ${m}`);
  if (!states.has(def.initial)) throw problem(`initial state ${def.initial} is not declared`);
  if (names.size !== def.transitions.length) throw problem('two transitions share a name');
  for (const t of def.transitions) {
    for (const s of [...asList(t.from), ...asList(t.to)]) if (!states.has(s)) throw problem(`transition ${t.name} names an unknown state ${s}`);
    for (const n of [...(t.separateFrom ?? []), ...(t.onlyBy ? [t.onlyBy] : [])]) if (!names.has(n)) throw problem(`transition ${t.name} names an unknown step ${n}`);
  }
  for (const s of Object.keys(def.limits ?? {})) {
    if (!states.has(s)) throw problem(`limit on unknown state ${s}`);
    if (!def.notify?.[s as S]) throw problem(`state ${s} has a limit but no notice (whom to remind)`);
  }
  for (const [s, n] of Object.entries(def.notify ?? {}) as [S, NoticeDef][]) {
    if (!states.has(s)) throw problem(`notice on unknown state ${s}`);
    for (const r of n.to) if ('steps' in r) for (const x of r.steps) if (!names.has(x)) throw problem(`notice of ${s} names an unknown step ${x}`);
  }
  const existing = registry.get(def.kind);
  if (existing && existing !== (def as unknown as WorkflowDef)) throw problem('declared twice');
  registry.set(def.kind, def as unknown as WorkflowDef);
  return def;
}
