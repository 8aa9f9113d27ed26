import type { Cell, Table } from './tables';

const BOM = '\uFEFF';
/** What a spreadsheet may run as a formula when a cell starts with it (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One table as RFC 4180 CSV: CRLF line ends, fields with a comma, quote or line break quoted,
 * quotes doubled; UTF-8 with a byte-order mark, which Excel needs to read it as UTF-8. A text
 * cell that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers.
 */
export function buildCsv(table: Table): Buffer {
  const lines = table.rows.map((row) => row.map(field).join(','));
  return Buffer.from(`${BOM}${lines.join('\r\n')}\r\n`, 'utf8');
}

function field(cell: Cell): string {
  // Numbers are written in the form every spreadsheet reads back ("-12.5", "0.25" for 25 %).
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'object') return cell.text;
  const guarded = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}
