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

  it('keeps images, stored without text to extract', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

    expect(await detectType(png, 'photo.pdf')).toEqual({ mime: 'image/png', extension: 'png', kind: null });
    expect((await detectType(Buffer.from('ffd8ffe000104a464946', 'hex'), 'x'))?.mime).toBe('image/jpeg');
  });

  it('uses the name only to choose among text types', async () => {
    expect((await detectType(Buffer.from('# Title\n\ntext'), 'readme.md'))?.kind).toBe('markdown');
    expect((await detectType(Buffer.from('a,b\n1,2\n'), 'data.CSV'))?.kind).toBe('csv');
    expect(await detectType(Buffer.from('plain words'), 'run.exe')).toEqual({ mime: 'text/plain', extension: 'txt', kind: 'text' });
  });

  it('refuses executables, binary junk, plain archives and legacy or encrypted Office files', async () => {
    expect(await detectType(Buffer.from('4d5a90000300000004000000ffff0000', 'hex'), 'setup.txt')).toBeNull();
    expect(await detectType(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]), 'a.txt')).toBeNull();
    expect(await detectType(Buffer.from([0xc3, 0x28, 0x41]), 'bad-utf8.txt')).toBeNull();
    expect(await detectType(buildZip([{ name: 'photos/a.jpg', data: 'x' }]), 'a.docx')).toBeNull();
    expect(await detectType(Buffer.from('d0cf11e0a1b11ae1000000000000', 'hex'), 'old.doc')).toBeNull();
  });
});
