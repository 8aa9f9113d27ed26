import { describe, expect, it } from 'vitest';
import { buildPdf } from '../../../../test/support/pdf';
import { buildDocx, buildXlsx, buildZip } from '../../../../test/support/zip';
import { detectType } from './detect-type';

describe('detectType', () => {
  it('reads the type from the bytes, whatever the name says', async () => {
    expect(await detectType(await buildPdf(['x']), 'notes.txt')).toEqual({ mime: 'application/pdf', extension: 'pdf', kind: 'pdf' });
    expect((await detectType(buildDocx([{ text: 'x' }]), 'report.pdf'))?.kind).toBe('docx');
    expect((await detectType(buildXlsx({ A: [['1']] }), 'a.bin'))?.kind).toBe('xlsx');
    expect((await detectType(buildZip([{ name: 'ppt/presentation.xml', data: '<p/>' }]), 'p'))?.kind).toBe('pptx');
    expect((await detectType(Buffer.from('<!DOCTYPE html><html><body>hi</body></html>'), 'page.txt'))?.kind).toBe('html');
  });

  it('tells OpenDocument text by its leading mimetype entry', async () => {
    const odt = buildZip([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.text' }, { name: 'content.xml', data: '<x/>' }], new Set(['mimetype']));

    expect(await detectType(odt, 'minutes')).toEqual({ mime: 'application/vnd.oasis.opendocument.text', extension: 'odt', kind: 'odt' });
  });

  it('reads images as images (their text is OCR\'d): PNG, JPEG, GIF, WebP, TIFF', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

    expect(await detectType(png, 'photo.pdf')).toEqual({ mime: 'image/png', extension: 'png', kind: 'image' });
    expect(await detectType(Buffer.from('ffd8ffe000104a464946', 'hex'), 'x')).toEqual({ mime: 'image/jpeg', extension: 'jpg', kind: 'image' });
    expect((await detectType(Buffer.from('GIF89a\x01\x00', 'latin1'), 'x'))?.mime).toBe('image/gif');
    expect((await detectType(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'), 'x'))?.mime).toBe('image/webp');
    expect(await detectType(Buffer.from('49492a0008000000', 'hex'), 'scan')).toEqual({ mime: 'image/tiff', extension: 'tiff', kind: 'image' });
    expect((await detectType(Buffer.from('4d4d002a00000008', 'hex'), 'scan'))?.kind).toBe('image');
  });

  it('reads audio as audio (its text is a transcript)', async () => {
    const audio = async (hex: string, latin1 = ''): Promise<unknown> => detectType(Buffer.concat([Buffer.from(hex, 'hex'), Buffer.from(latin1, 'latin1')]), 'voice.txt');

    expect(await audio('', 'ID3\x04\x00')).toEqual({ mime: 'audio/mpeg', extension: 'mp3', kind: 'audio' });
    expect(await audio('fffb9064')).toMatchObject({ mime: 'audio/mpeg' });
    expect(await audio('', 'RIFF\x24\x00\x00\x00WAVEfmt ')).toMatchObject({ mime: 'audio/wav', extension: 'wav' });
    expect(await audio('', 'OggS\x00\x02')).toMatchObject({ mime: 'audio/ogg', extension: 'ogg' });
    expect(await audio('', 'fLaC\x00')).toMatchObject({ mime: 'audio/flac' });
    expect(await audio('00000020', 'ftypM4A \x00\x00')).toMatchObject({ mime: 'audio/mp4', extension: 'm4a' });
    expect(await audio('1a45dfa3')).toMatchObject({ mime: 'audio/webm', extension: 'webm' });
    // 0xFF then a reserved MPEG version or layer is not a frame.
    expect(await audio('ffe9')).toBeNull();
  });

  it('knows the formats only Apache Tika reads: RTF, EPUB, and legacy Office by name among OLE2 files', async () => {
    const ole2 = Buffer.from('d0cf11e0a1b11ae1000000000000', 'hex');
    const epub = buildZip([{ name: 'mimetype', data: 'application/epub+zip' }, { name: 'OEBPS/content.opf', data: '<x/>' }], new Set(['mimetype']));

    expect(await detectType(Buffer.from('{\\rtf1\\ansi Hello}'), 'letter.txt')).toEqual({ mime: 'application/rtf', extension: 'rtf', kind: 'tika' });
    expect(await detectType(epub, 'book')).toEqual({ mime: 'application/epub+zip', extension: 'epub', kind: 'tika' });
    expect(await detectType(ole2, 'old.doc')).toEqual({ mime: 'application/msword', extension: 'doc', kind: 'tika' });
    expect(await detectType(ole2, 'Budget.XLS')).toMatchObject({ mime: 'application/vnd.ms-excel', extension: 'xls' });
    expect(await detectType(ole2, 'talk.ppt')).toMatchObject({ mime: 'application/vnd.ms-powerpoint', extension: 'ppt' });
  });

  it('uses the name only to choose among text types', async () => {
    expect((await detectType(Buffer.from('# Title\n\ntext'), 'readme.md'))?.kind).toBe('markdown');
    expect((await detectType(Buffer.from('a,b\n1,2\n'), 'data.CSV'))?.kind).toBe('csv');
    expect(await detectType(Buffer.from('plain words'), 'run.exe')).toEqual({ mime: 'text/plain', extension: 'txt', kind: 'text' });
  });

  it('refuses executables, binary junk and plain archives', async () => {
    expect(await detectType(Buffer.from('4d5a90000300000004000000ffff0000', 'hex'), 'setup.txt')).toBeNull();
    expect(await detectType(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]), 'a.txt')).toBeNull();
    expect(await detectType(Buffer.from([0xc3, 0x28, 0x41]), 'bad-utf8.txt')).toBeNull();
    expect(await detectType(buildZip([{ name: 'photos/a.jpg', data: 'x' }]), 'a.docx')).toBeNull();
  });
});
