import { describe, expect, it } from 'vitest';
import { extractTables, typed } from './tables';

describe('extractTables', () => {
  it('reads a Markdown table with its header, under the heading it stands below', () => {
    const text = ['Here is the overview.', '', '## Sales 2025', '', '| Region | Revenue (€) | Share |', '|:--|--:|--:|', '| **North** | 1,250.50 | 12 % |', '| South | 980 | 8% |', '', 'Thanks!'].join('\n');

    expect(extractTables(text)).toEqual([
      {
        name: 'Sales 2025',
        header: true,
        rows: [
          ['Region', 'Revenue (€)', 'Share'],
          ['North', 1250.5, { percent: 0.12, text: '12 %' }],
          ['South', 980, { percent: 0.08, text: '8%' }],
        ],
      },
    ]);
  });

  it('pads short rows, cuts long ones, and keeps escaped pipes in cells', () => {
    const text = ['a | b', '--- | ---', '| x |', '1 | 2 | 3', 'p \\| q | r'].join('\n');

    expect(extractTables(text)[0]?.rows).toEqual([
      ['a', 'b'],
      ['x', ''],
      [1, 2],
      ['p | q', 'r'],
    ]);
  });

  it('reads every table of a text as its own', () => {
    const text = ['# One', '| a | b |', '|---|---|', '| 1 | 2 |', '# Two', '| c |', '|---|', '| 3 |'].join('\n');

    expect(extractTables(text).map((table) => [table.name, table.rows])).toEqual([
      ['One', [['a', 'b'], [1, 2]]],
      ['Two', [['c'], [3]]],
    ]);
  });

  it('reads rows delimited by tabs or semicolons, and by commas only in runs of three', () => {
    expect(extractTables('Name\tAge\nAnna\t34\nBen\t29')[0]).toEqual({ name: undefined, header: true, rows: [['Name', 'Age'], ['Anna', 34], ['Ben', 29]] });
    expect(extractTables('Stadt;Einwohner\nBerlin;3.850.809\nKöln;"1.084.831"', 'de')[0]?.rows).toEqual([['Stadt', 'Einwohner'], ['Berlin', 3850809], ['Köln', 1084831]]);
    expect(extractTables('item,"price, net",qty\npen,"1,50",2\nink,3,1', 'de')[0]?.rows).toEqual([['item', 'price, net', 'qty'], ['pen', 1.5, 2], ['ink', 3, 1]]);
    // Two lines of prose with one comma each are not a table.
    expect(extractTables('Hello, world.\nSee you, soon.')).toEqual([{ rows: [['Hello, world. See you, soon.']], header: false }]);
  });

  it('makes a text without a table one column of its lines, as written', () => {
    expect(extractTables('# Packing list\n\n- Tent\n- Stove\n1. Map\n\nDo not forget water.')).toEqual([
      { rows: [['Packing list'], ['Tent'], ['Stove'], ['1. Map'], ['Do not forget water.']], header: false },
    ]);
  });
});

describe('typed', () => {
  it.each([
    ['42', 'en', 42],
    ['-12.5', 'en', -12.5],
    ['−3', 'en', -3],
    ['1,250', 'en', 1250],
    ['1,250', 'de', 1.25],
    ['1.250', 'de', 1250],
    ['1.250', 'en', 1.25],
    ['1.234.567,89', 'de', 1234567.89],
    ['1,234,567.89', 'fr', 1234567.89],
    ['3,5', 'de', 3.5],
    ['€ 40', 'en', 40],
    ['12 500', 'fr', 12500],
  ])('reads %s (%s) as a number', (cell, language, value) => {
    expect(typed(cell, language)).toBe(value);
  });

  it.each(['00123', 'Q3', '12-03-2026', '1.2.3', '+49 30 1234', 'about 40', ''])('keeps %j as text', (cell) => {
    expect(typed(cell, 'en')).toBe(cell);
  });
});
