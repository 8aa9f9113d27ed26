import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { renderDocument } from './document-renderer';
import { columnName } from './xlsx-writer';

const TABLE = ['# Team budget', '', '## Q1', '', '| Item | Cost (€) | Share |', '|---|---:|---:|', '| Travel | 1,250.50 | 12.5% |', '| =HYPERLINK("x") | -300 | 3% |', '| Notes, misc | 0 | 0% |'].join('\n');

/** A zip's entries as text. */
function entries(zip: Buffer): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(new Uint8Array(zip))).map(([name, data]) => [name, strFromU8(data)]));
}

/** The cells of a worksheet as its XML states them: reference, style, type and value. */
function cells(sheetXml: string): Array<{ ref: string; style?: string; type?: string; value: string }> {
  return [...sheetXml.matchAll(/<c r="([A-Z]+\d+)"(?: t="(\w+)")?(?: s="(\d+)")?>(?:<v>([^<]*)<\/v>|<is><t[^>]*>([^<]*)<\/t><\/is>)<\/c>/g)].map((match) => ({
    ref: match[1] ?? '',
    ...(match[3] ? { style: match[3] } : {}),
    ...(match[2] ? { type: match[2] } : {}),
    value: match[4] ?? match[5] ?? '',
  }));
}

describe('xlsx', () => {
  it('is a workbook with one sheet per table, named after its heading, with the parts Excel requires', async () => {
    const document = await renderDocument('xlsx', 'Team budget', TABLE);
    const parts = entries(document.data);

    expect(document).toMatchObject({ mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' });
    expect(Object.keys(parts).sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'docProps/core.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
    expect(parts['xl/workbook.xml']).toContain('<sheet name="Q1" sheetId="1" r:id="rId1"/>');
    expect(parts['docProps/core.xml']).toContain('<dc:title>Team budget</dc:title>');
  });

  it('writes the header bold, numbers as numbers, percentages formatted, formulas as text', async () => {
    const sheet = entries((await renderDocument('xlsx', 'Team budget', TABLE)).data)['xl/worksheets/sheet1.xml'] ?? '';

    expect(cells(sheet)).toEqual([
      { ref: 'A1', type: 'inlineStr', style: '1', value: 'Item' },
      { ref: 'B1', type: 'inlineStr', style: '1', value: 'Cost (€)' },
      { ref: 'C1', type: 'inlineStr', style: '1', value: 'Share' },
      { ref: 'A2', type: 'inlineStr', value: 'Travel' },
      { ref: 'B2', value: '1250.5' },
      { ref: 'C2', style: '4', value: '0.125' },
      { ref: 'A3', type: 'inlineStr', value: '=HYPERLINK(&quot;x&quot;)' },
      { ref: 'B3', value: '-300' },
      { ref: 'C3', style: '2', value: '0.03' },
      { ref: 'A4', type: 'inlineStr', value: 'Notes, misc' },
      { ref: 'B4', value: '0' },
      { ref: 'C4', style: '2', value: '0' },
    ]);
    expect(sheet).not.toContain('<f>');
    // Style 1 is bold, 2 the built-in "0%", 4 the built-in "0.00%".
    const styles = entries((await renderDocument('xlsx', 'Team budget', TABLE)).data)['xl/styles.xml'] ?? '';
    const xfs = [...(/<cellXfs[^>]*>(.*)<\/cellXfs>/.exec(styles)?.[1] ?? '').matchAll(/<xf numFmtId="(\d+)" fontId="(\d+)"/g)].map((m) => [m[1], m[2]]);
    expect(xfs.slice(0, 5)).toEqual([['0', '0'], ['0', '1'], ['9', '0'], ['9', '1'], ['10', '0']]);
    expect(styles).toMatch(/<fonts count="2"><font>.*<\/font><font><b\/>/);
    expect(sheet).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(sheet).toContain('<col min="1" max="1" width="17" customWidth="1"/>');
  });

  it('makes a text without a table a one-column sheet of its lines', async () => {
    const sheet = entries((await renderDocument('xlsx', 'Notes', '# Notes\n\n- buy milk\n- call Anna')).data)['xl/worksheets/sheet1.xml'] ?? '';

    expect(cells(sheet).map((cell) => [cell.ref, cell.value])).toEqual([
      ['A1', 'Notes'],
      ['A2', 'buy milk'],
      ['A3', 'call Anna'],
    ]);
  });

  it('gives sheets unique names Excel accepts', async () => {
    const text = ['## A/B: [test]?', '| x |', '|---|', '| 1 |', "## A/B: [test]?", '| y |', '|---|', '| 2 |', "## 'quoted'", '| z |', '|---|', '| 3 |'].join('\n');
    const workbook = entries((await renderDocument('xlsx', 'T', text)).data)['xl/workbook.xml'] ?? '';

    expect([...workbook.matchAll(/<sheet name="([^"]*)"/g)].map((match) => match[1])).toEqual(['A B   test', 'A B   test 2', 'quoted']);
  });

  it('names columns past Z', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

describe('csv', () => {
  it('is RFC 4180 CSV in UTF-8 with a BOM, quoting what needs it and guarding formulas', async () => {
    const document = await renderDocument('csv', 'Team budget', TABLE);
    const text = document.data.toString('utf8');

    expect(document).toMatchObject({ mime: 'text/csv', extension: 'csv' });
    expect([...document.data.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.slice(1)).toBe(['Item,Cost (€),Share', 'Travel,1250.5,12.5%', '"\'=HYPERLINK(""x"")",-300,3%', '"Notes, misc",0,0%', ''].join('\r\n'));
  });

  it.each(['=1+1', '+A1', '-2+3', '@SUM(A1)'])('guards the text cell %j', async (cell) => {
    const text = (await renderDocument('csv', 'T', `| a |\n|---|\n| ${cell} |`)).data.toString('utf8');
    expect(text.split('\r\n')[1]).toMatch(/^"?'/);
  });

  it('holds the first table of a text with several', async () => {
    const text = (await renderDocument('csv', 'T', '| a |\n|---|\n| 1 |\n\n| b |\n|---|\n| 2 |')).data.toString('utf8');
    expect(text).toBe('\uFEFFa\r\n1\r\n');
  });
});

describe('pptx', () => {
  const DECK = [
    '# Launch plan',
    '',
    'What we ship in spring.',
    '',
    '## Goals',
    '- Reach **1,000** users',
    '- Keep churn low',
    '',
    '## Timeline',
    '| Month | Milestone |',
    '|---|---|',
    '| March | Beta |',
    '| April | Launch |',
    '',
    '## Risks',
    ...Array.from({ length: 9 }, (_, i) => `- Risk ${i + 1}`),
  ].join('\n');

  /** Each slide's texts, in order. */
  function slideTexts(zip: Record<string, string>): string[][] {
    const slides = Object.keys(zip)
      .filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name))
      .sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]));
    return slides.map((name) => [...(zip[name] ?? '').matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((match) => match[1] ?? ''));
  }

  it('has a title slide and one slide per section, long sections continued, tables as tables', async () => {
    const document = await renderDocument('pptx', 'Launch plan', DECK);
    const zip = entries(document.data);

    expect(document).toMatchObject({ mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx' });
    expect(zip['[Content_Types].xml']).toContain('presentationml.presentation.main+xml');
    expect(zip['docProps/core.xml']).toContain('<dc:title>Launch plan</dc:title>');
    expect(slideTexts(zip)).toEqual([
      ['Launch plan', 'What we ship in spring.'],
      ['Goals', 'Reach 1,000 users', 'Keep churn low'],
      ['Timeline', 'Month', 'Milestone', 'March', 'Beta', 'April', 'Launch'],
      ['Risks (1/2)', ...Array.from({ length: 7 }, (_, i) => `Risk ${i + 1}`)],
      ['Risks (2/2)', 'Risk 8', 'Risk 9'],
    ]);
    expect(zip['ppt/slides/slide3.xml']).toContain('<a:tbl>');
    expect(zip['ppt/slides/slide2.xml']).toContain('<a:buChar');
  });

  it('puts text before the first heading on a slide titled after the document', async () => {
    const zip = entries((await renderDocument('pptx', 'Notes', `${'A long opening paragraph that is too long for a subtitle. '.repeat(5)}\n\n- one point`)).data);

    expect(slideTexts(zip).map((texts) => texts[0])).toEqual(['Notes', 'Notes']);
  });
});
