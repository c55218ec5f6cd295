import { describe, expect, it } from 'vitest';
import { calibrate } from './calibration';
import { parseCsv } from './csv';
import { ForecastInputError } from './errors';
import { parseHistoryCsv } from './history';
import { historyToCsv, simulateHistory } from './simulator';

const header = 'date,spend_sem,spend_email,revenue';
const rows = (count: number, make: (i: number) => string) => Array.from({ length: count }, (_, i) => make(i));
const weekly = (i: number) => new Date(Date.UTC(2023, 0, 2 + 7 * i)).toISOString().slice(0, 10);
const goodRows = rows(5, (i) => `${weekly(i)},${100 + i * 10},${i % 2 ? 50 : 0},${1000 + i}`);
const csv = (...lines: string[]) => `${lines.join('\n')}\n`;

function inputError(run: () => unknown): ForecastInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof ForecastInputError) return error;
    throw error;
  }
  throw new Error('expected a ForecastInputError');
}

const parse = (text: string, controls: string[] = []) =>
  parseHistoryCsv(text, { outcome: 'revenue', controls });

describe('CSV reading', () => {
  it('handles quotes, doubled quotes, CRLF, a BOM and semicolons', () => {
    const table = parseCsv('\ufeffa;b;c\r\n"x;1";"say ""hi""";3\r\n');
    expect(table.header).toEqual(['a', 'b', 'c']);
    expect(table.rows).toEqual([['x;1', 'say "hi"', '3']]);
    expect(table.lines).toEqual([2]);
  });

  it('reads a valid history and names channels after spend_', () => {
    const history = parse(csv(header, ...goodRows));
    expect(history.channels.map((c) => c.name)).toEqual(['sem', 'email']);
    expect(Array.from(history.outcome.values)).toEqual([1000, 1001, 1002, 1003, 1004]);
  });
});

describe('bad history input', () => {
  it.each([
    [
      'missing date column',
      csv('day,spend_sem,revenue', '2023-01-02,1,2'),
      'missing_column',
      undefined,
      'date',
      /no 'date' column/,
    ],
    [
      'misspelled outcome',
      csv('date,spend_sem,revenu', '2023-01-02,1,2'),
      'missing_column',
      undefined,
      'revenue',
      /no outcome column 'revenue' \(did you mean 'revenu'\?\)/,
    ],
    [
      'misspelled spend column',
      csv('date,spnd_sem,revenue', '2023-01-02,1,2'),
      'unknown_column',
      undefined,
      'spnd_sem',
      /looks like spend but does not start with 'spend_'/,
    ],
    [
      'unexplained extra column',
      csv('date,spend_sem,price,revenue', '2023-01-02,1,3,2'),
      'unknown_column',
      undefined,
      'price',
      /list it as a control or remove it/,
    ],
    [
      'duplicate header',
      csv('date,spend_sem,spend_sem,revenue', '2023-01-02,1,1,2'),
      'duplicate_column',
      undefined,
      'spend_sem',
      /twice/,
    ],
    [
      'no spend columns',
      csv('date,revenue', '2023-01-02,2'),
      'no_channels',
      undefined,
      undefined,
      /no spend columns/,
    ],
    [
      'negative spend',
      csv(header, goodRows[0], '2023-01-09,-5,0,3'),
      'negative_spend',
      2,
      'spend_sem',
      /line 3, column spend_sem: negative spend -5/,
    ],
    [
      'non-numeric spend',
      csv(header, goodRows[0], '2023-01-09,12k,0,3'),
      'invalid_number',
      2,
      'spend_sem',
      /'12k' is not a finite number/,
    ],
    ['NaN', csv(header, goodRows[0], '2023-01-09,NaN,0,3'), 'invalid_number', 2, 'spend_sem', /'NaN'/],
    [
      'Infinity',
      csv(header, goodRows[0], '2023-01-09,1,Infinity,3'),
      'invalid_number',
      2,
      'spend_email',
      /'Infinity'/,
    ],
    ['overflow', csv(header, goodRows[0], '2023-01-09,1,0,1e400'), 'invalid_number', 2, 'revenue', /'1e400'/],
    [
      'empty cell',
      csv(header, goodRows[0], '2023-01-09,,0,3'),
      'invalid_number',
      2,
      'spend_sem',
      /empty cell/,
    ],
    [
      'ragged row',
      csv(header, goodRows[0], '2023-01-09,1,0'),
      'ragged_row',
      2,
      undefined,
      /line 3: 3 fields/,
    ],
    [
      'invalid date',
      csv(header, goodRows[0], '2023-02-30,1,0,3'),
      'invalid_date',
      2,
      'date',
      /'2023-02-30' is not an ISO date/,
    ],
    [
      'duplicate date',
      csv(header, goodRows[0], goodRows[0]),
      'duplicate_date',
      2,
      'date',
      /2023-01-02 appears twice/,
    ],
    [
      'unsorted dates',
      csv(header, goodRows[1], goodRows[0]),
      'unsorted_dates',
      2,
      'date',
      /sort the rows by date/,
    ],
    [
      'missing week',
      csv(header, goodRows[0], goodRows[1], goodRows[3]),
      'irregular_dates',
      3,
      'date',
      /14 days after 2023-01-09, but the table is weekly/,
    ],
    ['empty file', '', 'empty_table', undefined, undefined, /empty/],
  ])('%s', (_name, text, code, row, column, message) => {
    const error = inputError(() => parse(text));
    expect(error.code).toBe(code);
    expect(error.row).toBe(row);
    expect(error.column).toBe(column);
    expect(error.message).toMatch(message);
  });

  it('refuses a control that is missing or is also the outcome', () => {
    expect(inputError(() => parse(csv(header, ...goodRows), ['price'])).message).toMatch(
      /no control column 'price'/,
    );
    expect(inputError(() => parse(csv(header, ...goodRows), ['revenue'])).code).toBe('invalid_option');
  });
});

describe('histories calibration cannot use', () => {
  const simulated = simulateHistory({ seed: 1, channels: 3, noise: 0.02 }).history;

  it('refuses too few rows for the number of channels', () => {
    const short = { ...simulated, dates: simulated.dates.slice(0, 30) };
    short.channels = simulated.channels.map((c) => ({ ...c, spend: c.spend.slice(0, 30) }));
    short.outcome = { ...simulated.outcome, values: simulated.outcome.values.slice(0, 30) };
    const error = inputError(() => calibrate(short));
    expect(error.code).toBe('too_few_rows');
    expect(error.message).toMatch(/30 rows .* for 3 channels/);
  });

  it('refuses a channel that never varies', () => {
    const flat = {
      ...simulated,
      channels: simulated.channels.map((c, i) => (i === 1 ? { ...c, spend: c.spend.map(() => 500) } : c)),
    };
    const error = inputError(() => calibrate(flat));
    expect(error.code).toBe('constant_column');
    expect(error.column).toBe(`spend_${simulated.channels[1].name}`);
    expect(error.message).toMatch(/never varies \(always 500\)/);
  });

  it('refuses a channel that only starts in the holdout stretch', () => {
    const late = {
      ...simulated,
      channels: simulated.channels.map((c, i) =>
        i === 0 ? { ...c, spend: c.spend.map((v, t) => (t < 150 ? 0 : v + 1)) } : c,
      ),
    };
    expect(inputError(() => calibrate(late)).message).toMatch(/does not vary before the holdout stretch/);
  });

  it('refuses NaN and negative values passed in directly, naming row and column', () => {
    const withNaN = {
      ...simulated,
      outcome: {
        ...simulated.outcome,
        values: simulated.outcome.values.map((v, t) => (t === 9 ? Number.NaN : v)),
      },
    };
    const nanError = inputError(() => calibrate(withNaN));
    expect([nanError.code, nanError.row, nanError.column]).toEqual(['invalid_number', 10, 'revenue']);
    const negative = {
      ...simulated,
      channels: simulated.channels.map((c, i) =>
        i === 2 ? { ...c, spend: c.spend.map((v, t) => (t === 4 ? -1 : v)) } : c,
      ),
    };
    const negativeError = inputError(() => calibrate(negative));
    expect([negativeError.code, negativeError.row]).toEqual(['negative_spend', 5]);
  });

  it('round-trips a simulated history through CSV', () => {
    const history = simulateHistory({ seed: 2, channels: 3, controls: true }).history;
    const parsed = parseHistoryCsv(historyToCsv(history), {
      outcome: 'revenue',
      controls: ['price', 'promotion'],
    });
    expect(parsed.dates).toEqual(history.dates);
    expect(parsed.channels.map((c) => c.name)).toEqual(history.channels.map((c) => c.name));
    expect(parsed.channels[0].spend[10]).toBeCloseTo(history.channels[0].spend[10], 3);
    expect(parsed.controls.map((c) => c.name)).toEqual(['price', 'promotion']);
  });
});
