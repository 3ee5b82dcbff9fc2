import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SaxesParser } from 'saxes';
import unzipper from 'unzipper';

/**
 * Reads the first worksheet of an .xlsx as a stream of rows (cell values as text), never the whole workbook in memory.
 *
 * Why not exceljs's streaming WorkbookReader: it decodes every chunk of the zipped XML on its own, so a Chinese character
 * whose bytes straddle two chunks becomes U+FFFD (exceljs issues #2063, #2084, #2316; measured: 0.2–0.75 % of rows of a
 * 100,000-row Chinese workbook). Here the XML is decoded as a text stream (Node's StringDecoder keeps a split character
 * whole) and parsed with saxes, the same parser exceljs uses.
 *
 * Excel usually stores the worksheets before `xl/sharedStrings.xml`, so worksheets are spooled to a temporary file first
 * (the raw bytes) and parsed once the shared strings are known.
 */
export interface XlsxRow {
  /** the row number as the spreadsheet shows it */
  number: number;
  /** cell values by column, index 0 = column A; missing cells are undefined */
  values: (string | number | boolean | undefined)[];
}

export async function* readXlsxRows(input: Readable): AsyncGenerator<XlsxRow> {
  const spool = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-xlsx-'));
  try {
    const sheets = new Map<string, string>(); // zip path → spooled file
    let shared: string[] = [];
    let workbookXml = '';
    let relsXml = '';
    const zip = input.pipe(unzipper.Parse({ forceStream: true }));
    input.on('error', (e) => zip.destroy(e));
    for await (const e of zip as AsyncIterable<unzipper.Entry>) {
      const name = e.path;
      if (name === 'xl/sharedStrings.xml') shared = await readSharedStrings(e);
      else if (name === 'xl/workbook.xml') workbookXml = await text(e);
      else if (name === 'xl/_rels/workbook.xml.rels') relsXml = await text(e);
      else if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) {
        const file = path.join(spool, crypto.randomUUID());
        await pipeline(e, fs.createWriteStream(file));
        sheets.set(name, file);
      } else e.autodrain();
    }
    const first = firstSheetPath(workbookXml, relsXml, [...sheets.keys()]);
    if (!first) throw new Error('no worksheet');
    yield* readSheet(fs.createReadStream(sheets.get(first)!, { encoding: 'utf8' }), shared);
  } finally {
    fs.rmSync(spool, { recursive: true, force: true });
  }
}

async function text(s: Readable): Promise<string> {
  s.setEncoding('utf8');
  let out = '';
  for await (const chunk of s) out += chunk as string;
  return out;
}

/** The first sheet in the workbook's order (workbook.xml → its relationship → the part), else the lowest-numbered one. */
function firstSheetPath(workbookXml: string, relsXml: string, present: string[]): string | undefined {
  const sheet = /<(?:\w+:)?sheet\b[^>]*\br:id="([^"]+)"/.exec(workbookXml);
  if (sheet) {
    const rel = new RegExp(`<Relationship\\b[^>]*\\bId="${sheet[1]}"[^>]*/?>`).exec(relsXml);
    const target = rel && /\bTarget="([^"]+)"/.exec(rel[0]);
    if (target) {
      const p = target[1].startsWith('/') ? target[1].slice(1) : `xl/${target[1].replace(/^\.\//, '')}`;
      if (present.includes(p)) return p;
    }
  }
  const num = (p: string) => Number(/(\d+)\.xml$/.exec(p)?.[1] ?? Infinity);
  return [...present].sort((a, b) => num(a) - num(b))[0];
}

async function readSharedStrings(entry: Readable): Promise<string[]> {
  entry.setEncoding('utf8');
  const out: string[] = [];
  const parser = new SaxesParser();
  let current: string | null = null;
  let inT = false;
  let inPhonetic = false;
  parser.on('opentag', (tag) => {
    const n = local(tag.name);
    if (n === 'si') current = '';
    else if (n === 'rPh') inPhonetic = true; // phonetic guides are not the cell's text
    else if (n === 't' && !inPhonetic) inT = true;
  });
  parser.on('text', (t) => {
    if (inT && current !== null) current += t;
  });
  parser.on('closetag', (tag) => {
    const n = local(tag.name);
    if (n === 't') inT = false;
    else if (n === 'rPh') inPhonetic = false;
    else if (n === 'si') {
      out.push(current ?? '');
      current = null;
    }
  });
  for await (const chunk of entry) parser.write(chunk as string);
  parser.close();
  return out;
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** "BC12" → 54 (0-based column index). */
function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

async function* readSheet(stream: Readable, shared: string[]): AsyncGenerator<XlsxRow> {
  const parser = new SaxesParser();
  const ready: XlsxRow[] = [];
  let row: XlsxRow | null = null;
  let nextRow = 1;
  let cell: { col: number; type: string; v: string; inline: string; inV: boolean; inT: boolean } | null = null;
  let nextCol = 0;
  parser.on('opentag', (tag) => {
    const n = local(tag.name);
    if (n === 'row') {
      const r = Number(tag.attributes.r);
      row = { number: Number.isInteger(r) && r > 0 ? r : nextRow, values: [] };
      nextCol = 0;
    } else if (n === 'c' && row) {
      const ref = String(tag.attributes.r ?? '');
      const col = ref ? columnIndex(ref) : nextCol;
      cell = { col, type: String(tag.attributes.t ?? 'n'), v: '', inline: '', inV: false, inT: false };
    } else if (cell && n === 'v') cell.inV = true;
    else if (cell && n === 't') cell.inT = true;
  });
  parser.on('text', (t) => {
    if (!cell) return;
    if (cell.inV) cell.v += t;
    else if (cell.inT) cell.inline += t;
  });
  parser.on('closetag', (tag) => {
    const n = local(tag.name);
    if (n === 'v' && cell) cell.inV = false;
    else if (n === 't' && cell) cell.inT = false;
    else if (n === 'c' && cell && row) {
      row.values[cell.col] = cellValue(cell.type, cell.v, cell.inline, shared);
      nextCol = cell.col + 1;
      cell = null;
    } else if (n === 'row' && row) {
      ready.push(row);
      nextRow = row.number + 1;
      row = null;
    }
  });
  for await (const chunk of stream) {
    parser.write(chunk as string);
    while (ready.length) yield ready.shift()!;
  }
  parser.close();
  while (ready.length) yield ready.shift()!;
}

function cellValue(type: string, v: string, inline: string, shared: string[]): string | number | boolean | undefined {
  switch (type) {
    case 's':
      return shared[Number(v)] ?? '';
    case 'inlineStr':
      return inline;
    case 'str':
      return v;
    case 'b':
      return v === '1';
    case 'e':
      return undefined;
    default: {
      if (v === '') return undefined;
      const num = Number(v);
      return Number.isFinite(num) ? num : v;
    }
  }
}
