/**
 * The articles' rich text, made safe before it is stored (what is stored is what the public page renders).
 *
 * Not a filter over the input but a rebuild: the input is cut into tags and text; text is escaped; an allow-listed tag
 * is written anew with only its allow-listed attributes, each value checked and escaped; every other tag is dropped
 * (its text kept, escaped), and the content of script-like elements is dropped whole. Nothing of the input reaches the
 * output unescaped except what this file writes itself, so no `<script>`, event handler, `javascript:` URL or broken
 * markup survives, however it is spelled.
 */

const ALLOWED: Record<string, string[]> = {
  p: [],
  br: [],
  h2: [],
  h3: [],
  h4: [],
  strong: [],
  b: [],
  em: [],
  i: [],
  u: [],
  s: [],
  blockquote: [],
  ul: [],
  ol: [],
  li: [],
  a: ['href', 'title'],
  img: ['src', 'alt', 'width', 'height'],
  table: [],
  thead: [],
  tbody: [],
  tr: [],
  th: ['colspan', 'rowspan'],
  td: ['colspan', 'rowspan'],
  hr: [],
  span: [],
  div: [],
};
const VOID = new Set(['br', 'img', 'hr']);
/** Elements whose content is never text for a reader: dropped with everything inside. */
const DROP_CONTENT = new Set(['script', 'style', 'iframe', 'object', 'embed', 'template', 'noscript', 'svg', 'math', 'textarea', 'select', 'xmp', 'noembed', 'noframes', 'title', 'head']);

const escapeText = (s: string) => s.replace(/&(?!(?:[a-zA-Z]{2,8}|#\d{1,7}|#x[0-9a-fA-F]{1,6});)/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Decodes the entities a browser would before judging a URL (`&#106;avascript:` is `javascript:`). */
function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(Math.min(parseInt(h, 16), 0x10ffff)))
    .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Math.min(parseInt(d, 10), 0x10ffff)))
    .replace(/&colon;/gi, ':')
    .replace(/&tab;/gi, '\t')
    .replace(/&newline;/gi, '\n')
    .replace(/&amp;/gi, '&');
}

/** Links: web pages, mail and the platform's own paths. Images: the platform's own files or https. */
function safeUrl(raw: string, kind: 'href' | 'src'): string | null {
  // browsers ignore control characters and whitespace inside a scheme: judge the URL as they read it
  // eslint-disable-next-line no-control-regex
  const v = decodeEntities(raw).replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (kind === 'src') return /^(https:\/\/|\/api\/public\/outreach\/)/i.test(v) ? v : null;
  if (/^(https?:\/\/|mailto:)/i.test(v)) return v;
  if (v.startsWith('/') && !v.startsWith('//')) return v;
  return null;
}

const TOKEN = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<![^>]*>?|<\?[^>]*>?|<\/?([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|<|[^<]+/g;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function attributes(tag: string, raw: string): string {
  const allowed = ALLOWED[tag] ?? [];
  if (!allowed.length) return '';
  const out: string[] = [];
  for (const m of raw.matchAll(ATTR)) {
    const name = m[1]!.toLowerCase();
    if (!allowed.includes(name)) continue;
    let value = m[2] ?? m[3] ?? m[4] ?? '';
    if (name === 'href' || name === 'src') {
      const ok = safeUrl(value, name);
      if (!ok) continue;
      value = ok;
    } else if (['width', 'height', 'colspan', 'rowspan'].includes(name)) {
      if (!/^\d{1,4}$/.test(value)) continue;
    }
    out.push(` ${name}="${escapeAttr(value)}"`);
  }
  if (tag === 'a' && out.some((a) => a.startsWith(' href='))) out.push(' rel="noopener noreferrer nofollow"');
  return out.join('');
}

/** Safe HTML from an editor's input (see the file's comment); open tags are closed at the end. */
export function sanitizeHtml(input: string): string {
  const out: string[] = [];
  const open: string[] = [];
  let dropping: string | null = null;
  for (const m of input.matchAll(TOKEN)) {
    const token = m[0];
    const name = m[1]?.toLowerCase();
    if (dropping) {
      if (name === dropping && token.startsWith('</')) dropping = null;
      continue;
    }
    if (!name) {
      // text (a lone `<` included); comments, doctypes and processing instructions are dropped
      if (token.startsWith('<!') || token.startsWith('<?')) continue;
      out.push(escapeText(token));
      continue;
    }
    const closing = token.startsWith('</');
    if (DROP_CONTENT.has(name)) {
      if (!closing && !token.endsWith('/>')) dropping = name;
      continue;
    }
    if (!(name in ALLOWED)) continue;
    if (closing) {
      const at = open.lastIndexOf(name);
      if (at < 0) continue;
      while (open.length > at) out.push(`</${open.pop()}>`);
      continue;
    }
    out.push(`<${name}${attributes(name, m[2] ?? '')}>`);
    if (!VOID.has(name)) open.push(name);
  }
  while (open.length) out.push(`</${open.pop()}>`);
  return out.join('');
}

/** The text of sanitised HTML (the feed's summary, a search). */
export const textOf = (html: string) =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
