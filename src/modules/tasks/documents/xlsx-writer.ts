import { strToU8, zipSync } from 'fflate';
import type { Cell, Table } from './tables';

/**
 * A minimal SpreadsheetML workbook (ECMA-376), one sheet per table: inline strings (no shared
 * string table to keep in step), numbers as numbers, the header row bold and frozen, column
 * widths from the longest value. Written directly: the format needs five small XML parts, and
 * a spreadsheet library would bring megabytes for them.
 */
export function buildXlsx(title: string, tables: readonly Table[]): Buffer {
  const names = sheetNames(tables);
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': xml(
      `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>${tables
        .map((_, index) => `<Override PartName="/xl/worksheets/sheet${index + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
        .join('')}</Types>`,
    ),
    '_rels/.rels': xml(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    ),
    'docProps/core.xml': xml(
      `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${escapeXml(title)}</dc:title><dc:creator>Switchboard</dc:creator></cp:coreProperties>`,
    ),
    'xl/workbook.xml': xml(
      `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${names
        .map((name, index) => `<sheet name="${escapeXml(name)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`)
        .join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': xml(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${tables
        .map((_, index) => `<Relationship Id="rId${index + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`)
        .join('')}<Relationship Id="rId${tables.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    ),
    // Cell styles: 0 plain, 1 bold (header), 2 whole percentage (built-in 0%), 3 bold whole
    // percentage, 4 percentage with decimals (built-in 0.00%), 5 bold percentage with decimals.
    'xl/styles.xml': xml(
      `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="9" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/><xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="10" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
    ),
  };
  tables.forEach((table, index) => {
    files[`xl/worksheets/sheet${index + 1}.xml`] = xml(worksheet(table));
  });
  return Buffer.from(zipSync(files, { level: 6 }));
}

function worksheet(table: Table): string {
  const columns = Math.max(1, ...table.rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) => columnWidth(table.rows.map((row) => row[column])));
  const cols = `<cols>${widths.map((width, index) => `<col min="${index + 1}" max="${index + 1}" width="${width}" customWidth="1"/>`).join('')}</cols>`;
  const frozen = table.header && table.rows.length > 1 ? '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' : '';
  const rows = table.rows
    .map((row, rowIndex) => {
      const bold = table.header && rowIndex === 0;
      const cells = row.map((cell, column) => cellXml(cell, `${columnName(column)}${rowIndex + 1}`, bold)).join('');
      return `<row r="${rowIndex + 1}">${cells}</row>`;
    })
    .join('');
  return `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${frozen}${cols}<sheetData>${rows}</sheetData></worksheet>`;
}

function cellXml(cell: Cell, reference: string, bold: boolean): string {
  if (typeof cell === 'number') return `<c r="${reference}"${bold ? ' s="1"' : ''}><v>${cell}</v></c>`;
  if (typeof cell === 'object') {
    // "12%" shows as 12%, "12.5%" as 12.50%: the built-in formats, with decimals only where the text had them.
    const whole = !/[.,]/.test(cell.text);
    return `<c r="${reference}" s="${(whole ? 2 : 4) + (bold ? 1 : 0)}"><v>${cell.percent}</v></c>`;
  }
  if (cell === '') return '';
  // Inline strings are never formulas: a cell that starts with "=" stays text in a workbook.
  return `<c r="${reference}" t="inlineStr"${bold ? ' s="1"' : ''}><is><t xml:space="preserve">${escapeXml(cell)}</t></is></c>`;
}

/** Excel's column width is in characters of the default font: the longest value, within 8 to 60. */
function columnWidth(cells: ReadonlyArray<Cell | undefined>): number {
  const longest = Math.max(0, ...cells.map((cell) => (cell === undefined ? 0 : typeof cell === 'object' ? cell.text.length : String(cell).length)));
  return Math.min(60, Math.max(8, longest + 2));
}

/** A, B, … Z, AA, AB …: the column part of a cell reference. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Sheet names: the table's heading or "Sheet n", without the characters Excel refuses, at most 31 long, unique. */
function sheetNames(tables: readonly Table[]): string[] {
  const used = new Set<string>();
  return tables.map((table, index) => {
    const base = trimApostrophes((table.name ?? '').replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31)).trim() || `Sheet${index + 1}`;
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}

/** Excel refuses a sheet name that starts or ends with an apostrophe. */
function trimApostrophes(name: string): string {
  let start = 0;
  let end = name.length;
  while (start < end && name[start] === "'") start++;
  while (end > start && name[end - 1] === "'") end--;
  return name.slice(start, end);
}

function xml(body: string): Uint8Array {
  return strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`);
}

/** Text for XML: markup characters escaped, and characters XML 1.0 cannot hold at all dropped. */
export function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- control characters are exactly what XML forbids
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[<>&"]/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[char] ?? char)
  );
}
