import { ForecastInputError } from './errors';

export interface CsvTable {
  header: string[];
  rows: string[][];
  /** 1-based line number in the file of each data row, for error messages. */
  lines: number[];
}

/** Reads RFC 4180 CSV (quoted fields, doubled quotes, CRLF); comma, semicolon or tab separated. */
export function parseCsv(text: string): CsvTable {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = source.slice(0, source.search(/\r?\n|$/));
  const delimiter = firstLine.includes(',')
    ? ','
    : firstLine.includes(';')
      ? ';'
      : firstLine.includes('\t')
        ? '\t'
        : ',';
  const records: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let cellStarted = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && !cellStarted) {
      quoted = true;
      cellStarted = true;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
      cellStarted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      cells.push(cell);
      records.push({ cells, line: recordLine });
      cells = [];
      cell = '';
      cellStarted = false;
      line++;
      recordLine = line;
    } else {
      cell += ch;
      cellStarted = true;
    }
  }
  if (quoted) {
    throw new ForecastInputError('ragged_row', `line ${recordLine}: a quoted field is never closed`, {
      row: recordLine - 1,
    });
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    records.push({ cells, line: recordLine });
  }
  const nonEmpty = records.filter((r) => !(r.cells.length === 1 && r.cells[0].trim() === ''));
  if (nonEmpty.length === 0)
    throw new ForecastInputError('empty_table', 'the file is empty: expected a header line and data rows');
  const [head, ...data] = nonEmpty;
  const header = head.cells.map((name) => name.trim());
  for (const record of data) {
    if (record.cells.length !== header.length) {
      throw new ForecastInputError(
        'ragged_row',
        `line ${record.line}: ${record.cells.length} fields, but the header has ${header.length}`,
        { row: record.line - 1 },
      );
    }
  }
  return { header, rows: data.map((r) => r.cells.map((c) => c.trim())), lines: data.map((r) => r.line) };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Strict number parsing: no empty cells, no NaN or Infinity spelled out, nothing that overflows. */
export function parseNumberCell(cell: string): number | null {
  if (!NUMBER.test(cell)) return null;
  const value = Number(cell);
  return Number.isFinite(value) ? value : null;
}
