/**
 * Chinese full-text search tokens, shared so the server (which stores them) and anyone testing queries agree.
 *
 * Documents: the words of `Intl.Segmenter('zh', { granularity: 'word' })` PLUS every character bigram of each run of
 * Chinese characters. The bigrams are what make search dependable: the segmenter may split 新华 into 新|华 inside one
 * name and keep it whole inside another, but "新华百货" always contains the bigrams 新华 · 华百 · 百货, wherever it appears.
 *
 * Queries: Chinese runs become their bigrams (a single character becomes a prefix), other words become prefixes
 * (so a credit code or an English word can be typed partly). All of them must match (AND).
 *
 * Tokens hold letters and digits only (\p{L}\p{N}), lower case after NFKC (full-width ＡＢＣ１ → abc1): nothing in them
 * needs quoting in a tsquery, and the database's text-search parser has nothing left to split.
 */

const HAN_RUN = /\p{Script=Han}+/gu;
const WORD_PART = /[\p{L}\p{N}]+/gu;
/** A token longer than this is noise (a pasted blob); PostgreSQL refuses lexemes past 2 KB anyway. */
const MAX_TOKEN_LENGTH = 64;
/** Queries are short; past this many tokens the rest adds nothing but cost. */
const MAX_QUERY_TOKENS = 32;

let segmenter: Intl.Segmenter | undefined;
const zhSegmenter = () => (segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' }));

export function normalizeSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function bigrams(run: string): string[] {
  const chars = [...run];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

/** The segmenter's words, cut into letter/digit parts ("3.5mm" → 3, 5mm). */
function wordParts(text: string): string[] {
  const out: string[] = [];
  for (const seg of zhSegmenter().segment(text)) {
    if (!seg.isWordLike) continue;
    for (const part of seg.segment.match(WORD_PART) ?? []) out.push(part);
  }
  return out;
}

const keep = (t: string) => t.length > 0 && t.length <= MAX_TOKEN_LENGTH;

/** Tokens of a document's text (any number of fields), without duplicates. */
export function searchTokens(...texts: (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const raw of texts) {
    if (!raw) continue;
    const text = normalizeSearchText(raw);
    for (const part of wordParts(text)) if (keep(part)) out.add(part);
    for (const run of text.match(HAN_RUN) ?? []) for (const b of bigrams(run)) out.add(b);
  }
  return [...out];
}

export interface QueryToken {
  text: string;
  /** matches any token starting with `text` */
  prefix: boolean;
}

/** The tokens a query must all match; empty when the query has no letters or digits. */
export function queryTokens(query: string): QueryToken[] {
  const text = normalizeSearchText(query);
  const out = new Map<string, QueryToken>();
  const add = (t: QueryToken) => {
    if (keep(t.text) && !out.has(t.text)) out.set(t.text, t);
  };
  for (const run of text.match(HAN_RUN) ?? []) {
    const bs = bigrams(run);
    if (bs.length) for (const b of bs) add({ text: b, prefix: false });
    else add({ text: run, prefix: true });
  }
  // what is not Chinese: words, codes, numbers
  for (const part of wordParts(text.replace(HAN_RUN, ' '))) add({ text: part, prefix: true });
  return [...out.values()].slice(0, MAX_QUERY_TOKENS);
}

/**
 * The tokens as tsquery text: `'新华' & '华百' & 'abc':*`. Tokens are letters and digits only, so quoting cannot be
 * broken out of; it is still sent as a bound parameter. null when there is nothing to search for.
 */
export function toTsQuery(tokens: QueryToken[]): string | null {
  if (!tokens.length) return null;
  return tokens.map((t) => `'${t.text}'${t.prefix ? ':*' : ''}`).join(' & ');
}
