import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ANONYMOUS_KINDS, REFUSED_KINDS, sniffFile, type FileKind } from './file-types.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-sniff-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
function sniff(bytes: Buffer): FileKind {
  const f = path.join(dir, `f${++n}`);
  fs.writeFileSync(f, bytes);
  return sniffFile(f, bytes.length);
}

/** A zip of stored (uncompressed) entries with a central directory, as any zip tool writes it. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const nameBuf = Buffer.from(name);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    locals.push(local, nameBuf, data);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(nameBuf.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, end]);
}

describe('file kinds by their bytes', () => {
  it('recognises documents, pictures and recordings by their signatures, whatever the name', () => {
    expect(sniff(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toBe('pdf');
    expect(sniff(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).toBe('png');
    expect(sniff(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x20, 0x66]))).not.toBe('png'); // a PNG signature cut short
    expect(sniff(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('jpeg');
    expect(sniff(Buffer.from('GIF89a\x01\x00'))).toBe('gif');
    expect(sniff(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 '))).toBe('webp');
    expect(sniff(Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt '))).toBe('wav');
    expect(sniff(Buffer.from('\x00\x00\x00\x18ftypisom\x00\x00\x02\x00'))).toBe('mp4');
    expect(sniff(Buffer.from('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00'))).toBe('heic');
    expect(sniff(Buffer.from('ID3\x04\x00\x00'))).toBe('mp3');
    expect(sniff(Buffer.from('#!AMR\n\x3c'))).toBe('amr');
    expect(sniff(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toBe('ole');
  });

  it('tells Office documents, OFD and macro documents from other zips by their entries', async () => {
    expect(sniff(zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' }))).toBe('docx');
    expect(sniff(zip({ '[Content_Types].xml': '<Types/>', 'ppt/presentation.xml': '<p/>' }))).toBe('pptx');
    expect(sniff(zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w/>', 'word/vbaProject.bin': 'x' }))).toBe('ooxml-macro');
    expect(sniff(zip({ 'OFD.xml': '<ofd:OFD/>', 'Doc_0/Document.xml': '<d/>' }))).toBe('ofd');
    expect(sniff(zip({ 'setup.exe': 'MZ' }))).toBe('zip');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('企业').addRow(['名称', '统一社会信用代码']);
    expect(sniff(Buffer.from(await wb.xlsx.writeBuffer()))).toBe('xlsx');
  });

  it('reads text in UTF-8, GB18030 and UTF-16, and tells pages and SVG from plain text', () => {
    expect(sniff(Buffer.from('名称,统一社会信用代码\n宁夏某公司,91640106MA5CJQ4N59\n'))).toBe('text');
    expect(sniff(Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0x2c, 0x31, 0x0a]))).toBe('text'); // 你好,1 in GB18030
    expect(sniff(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('证据说明', 'utf16le')]))).toBe('text');
    expect(sniff(Buffer.from('\uFEFF  <!DOCTYPE html><html><body>x</body></html>'))).toBe('html');
    expect(sniff(Buffer.from('<script>alert(1)</script>'))).toBe('html');
    expect(sniff(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'))).toBe('svg');
    expect(sniff(Buffer.from('<?xml version="1.0"?><data/>'))).toBe('xml');
    expect(sniff(Buffer.from('MZ 公司的会议纪要'))).toBe('text'); // starts like a program, but is text
  });

  it('recognises programs and scripts', () => {
    expect(sniff(Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]))).toBe('executable');
    expect(sniff(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]))).toBe('executable');
    expect(sniff(Buffer.from('#!/bin/sh\nrm -rf /\n'))).toBe('executable');
    expect(sniff(Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]))).toBe('executable');
  });

  it('the allow-list for anonymous uploads holds none of the refused kinds, nor archives, XML or unknown bytes', () => {
    for (const k of REFUSED_KINDS) expect(ANONYMOUS_KINDS.has(k)).toBe(false);
    for (const k of ['zip', 'xml', 'ooxml-macro', 'unknown'] as FileKind[]) expect(ANONYMOUS_KINDS.has(k)).toBe(false);
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(typeof sniff(Buffer.from(bytes))).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});
