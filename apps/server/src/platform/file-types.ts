import fs from 'node:fs';

/**
 * What a file is, by its bytes (never its name or the type the client claims). Used by uploads: anonymous ones are
 * accepted only from an allow-list, staff ones are refused when they are programs or pages a browser would run, and
 * the stored type — the Content-Type files are served with — is the one found here.
 */
export type FileKind =
  | 'pdf'
  | 'png'
  | 'jpeg'
  | 'gif'
  | 'webp'
  | 'tiff'
  | 'docx'
  | 'xlsx'
  | 'pptx'
  | 'ofd'
  | 'ooxml-macro'
  | 'ole'
  | 'zip'
  | 'mp4'
  | 'heic'
  | 'mp3'
  | 'wav'
  | 'amr'
  | 'text'
  | 'html'
  | 'svg'
  | 'xml'
  | 'executable'
  | 'unknown';

export const MIME_OF: Record<FileKind, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  tiff: 'image/tiff',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  ofd: 'application/ofd',
  'ooxml-macro': 'application/vnd.ms-office.macroEnabled',
  ole: 'application/vnd.ms-office',
  zip: 'application/zip',
  mp4: 'video/mp4',
  heic: 'image/heic',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  amr: 'audio/amr',
  text: 'text/plain',
  html: 'text/html',
  svg: 'image/svg+xml',
  xml: 'application/xml',
  executable: 'application/octet-stream',
  unknown: 'application/octet-stream',
};

/**
 * What an anonymous person may send (the public report form's material): documents, pictures, recordings and plain
 * text as evidence comes — PDF, PNG, JPEG, GIF, WebP, TIFF, Word/Excel/PowerPoint (OOXML without macros, and the legacy
 * binary formats, which WPS writes too), OFD (the national e-document format), HEIC (phone photos), MP4/MOV/M4A, MP3,
 * WAV, AMR (phone recordings), and text (UTF-8, UTF-16 with a BOM or GB18030: notes, CSV). No archives (a zip can carry anything), no
 * programs, no pages, no SVG or XML.
 */
export const ANONYMOUS_KINDS: ReadonlySet<FileKind> = new Set<FileKind>([
  'pdf', 'png', 'jpeg', 'gif', 'webp', 'tiff', 'heic', 'docx', 'xlsx', 'pptx', 'ole', 'ofd', 'mp4', 'mp3', 'wav', 'amr', 'text',
]);

/** What nobody may store, staff included: programs and content a browser would run if it were ever shown inline. */
export const REFUSED_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['executable', 'html', 'svg']);

const HEAD = 64 * 1024;

const starts = (b: Buffer, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (b: Buffer, s: string, at = 0) => b.length >= at + s.length && b.toString('latin1', at, at + s.length) === s;

/** The entry names of a zip's central directory, or null when it has none we can read. */
function zipEntries(fd: number, size: number): string[] | null {
  const tailLen = Math.min(size, 22 + 65535);
  const tail = Buffer.alloc(tailLen);
  fs.readSync(fd, tail, 0, tailLen, size - tailLen);
  let eocd = -1;
  for (let i = tailLen - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff || cdOffset + cdSize > size || cdSize > 16 * 1024 * 1024) return null;
  const cd = Buffer.alloc(cdSize);
  fs.readSync(fd, cd, 0, cdSize, cdOffset);
  const names: string[] = [];
  let p = 0;
  for (let n = 0; n < count && p + 46 <= cd.length; n++) {
    if (cd.readUInt32LE(p) !== 0x02014b50) return null;
    const nameLen = cd.readUInt16LE(p + 28);
    const extra = cd.readUInt16LE(p + 30);
    const comment = cd.readUInt16LE(p + 32);
    names.push(cd.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extra + comment;
  }
  return names;
}

function zipKind(names: string[] | null): FileKind {
  if (!names) return 'zip';
  const has = (n: string) => names.includes(n);
  const under = (dir: string) => names.some((n) => n.startsWith(dir));
  if (has('OFD.xml')) return 'ofd';
  if (has('[Content_Types].xml')) {
    if (names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n))) return 'ooxml-macro';
    if (under('word/')) return 'docx';
    if (under('xl/')) return 'xlsx';
    if (under('ppt/')) return 'pptx';
  }
  return 'zip';
}

function decodes(b: Buffer, encoding: string): string | null {
  try {
    // stream: a multi-byte character cut at the end of the head is not an error
    return new TextDecoder(encoding, { fatal: true }).decode(b, { stream: true });
  } catch {
    return null;
  }
}

/** Text, and what kind: markup a browser would render (HTML, SVG), other XML, or plain text. */
function textKind(head: Buffer): FileKind | null {
  let text: string | null = null;
  if (starts(head, [0xff, 0xfe])) text = decodes(head.subarray(2), 'utf-16le');
  else if (starts(head, [0xfe, 0xff])) text = decodes(head.subarray(2), 'utf-16be');
  else if (!head.includes(0)) text = decodes(head, 'utf-8') ?? decodes(head, 'gb18030');
  if (text === null) return null;
  const t = text.replace(/^\uFEFF/, '').trimStart().slice(0, 4096).toLowerCase();
  if (t.startsWith('#!')) return 'executable';
  if (!t.startsWith('<')) return 'text';
  if (/<svg[\s>]/.test(t)) return 'svg';
  if (/<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<script[\s>]|<iframe[\s>]|<meta[\s>]|<a\s/.test(t)) return 'html';
  return 'xml';
}

/** Classifies the file at `path` (`size` bytes) from its first bytes and, for zips, its directory. */
export function sniffFile(path: string, size: number): FileKind {
  const fd = fs.openSync(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(HEAD, size));
    fs.readSync(fd, head, 0, head.length, 0);
    if (ascii(head, '%PDF-')) return 'pdf';
    if (starts(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
    if (starts(head, [0xff, 0xd8, 0xff])) return 'jpeg';
    if (ascii(head, 'GIF87a') || ascii(head, 'GIF89a')) return 'gif';
    if (ascii(head, 'RIFF') && ascii(head, 'WEBP', 8)) return 'webp';
    if (ascii(head, 'RIFF') && ascii(head, 'WAVE', 8)) return 'wav';
    if (starts(head, [0x49, 0x49, 0x2a, 0x00]) || starts(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
    if (starts(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
    if (starts(head, [0x50, 0x4b, 0x03, 0x04]) || starts(head, [0x50, 0x4b, 0x05, 0x06])) return zipKind(zipEntries(fd, size));
    if (ascii(head, 'ftyp', 4)) return /^(heic|heix|heim|heis|hevc|hevx|mif1|msf1|avif)$/.test(head.toString('latin1', 8, 12)) ? 'heic' : 'mp4';
    // text with a byte-order mark before the MP3 frame check (FF FE looks like a frame sync)
    if (starts(head, [0xff, 0xfe]) || starts(head, [0xfe, 0xff]) || starts(head, [0xef, 0xbb, 0xbf])) return textKind(head) ?? 'unknown';
    if (ascii(head, 'ID3') || (head.length > 1 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0 && (head[1] & 0x06) !== 0)) return 'mp3';
    if (ascii(head, '#!AMR')) return 'amr';
    if (
      (ascii(head, 'MZ') && head.includes(0)) ||
      starts(head, [0x7f, 0x45, 0x4c, 0x46]) ||
      starts(head, [0xfe, 0xed, 0xfa, 0xce]) ||
      starts(head, [0xfe, 0xed, 0xfa, 0xcf]) ||
      starts(head, [0xce, 0xfa, 0xed, 0xfe]) ||
      starts(head, [0xcf, 0xfa, 0xed, 0xfe]) ||
      starts(head, [0xca, 0xfe, 0xba, 0xbe]) ||
      starts(head, [0x00, 0x61, 0x73, 0x6d])
    ) {
      return 'executable';
    }
    return textKind(head) ?? 'unknown';
  } finally {
    fs.closeSync(fd);
  }
}
