import { parseCsv, parseNumberCell } from './csv';
import { ForecastInputError } from './errors';

/** A validated history: one row per day or week, spend per channel, the outcome and optional controls. */
export interface HistoryTable {
  /** ISO dates (YYYY-MM-DD), ascending, evenly spaced. */
  dates: string[];
  channels: { name: string; spend: Float64Array }[];
  outcome: { name: string; values: Float64Array };
  controls: { name: string; values: Float64Array }[];
}

export type HistoryPeriod = 'day' | 'week';

export const SPEND_PREFIX = 'spend_';

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

function closest(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a valid ISO calendar date, else null. */
export function isoDay(text: string): number | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return time / 86_400_000;
}

export interface HistoryColumns {
  outcome: string;
  controls?: string[];
}

/**
 * Reads a history CSV: a `date` column, one `spend_<channel>` column per channel, the outcome and the
 * named controls. Every other column is refused rather than ignored, since a misspelt spend column
 * silently dropped would bias every other channel.
 */
export function parseHistoryCsv(text: string, columns: HistoryColumns): HistoryTable {
  const { header, rows, lines } = parseCsv(text);
  const controls = columns.controls ?? [];
  const seen = new Map<string, number>();
  header.forEach((name, index) => {
    if (name === '') {
      throw new ForecastInputError('missing_column', `header column ${index + 1} has no name`);
    }
    if (seen.has(name)) {
      throw new ForecastInputError('duplicate_column', `column '${name}' appears twice in the header`, {
        column: name,
      });
    }
    seen.set(name, index);
  });
  const dateIndex = header.findIndex((name) => name.toLowerCase() === 'date');
  if (dateIndex < 0) {
    const hint = closest('date', header);
    throw new ForecastInputError(
      'missing_column',
      `no 'date' column${hint ? ` (did you mean '${hint}'?)` : ''}; columns are: ${header.join(', ')}`,
      { column: 'date' },
    );
  }
  const requireColumn = (name: string, role: string) => {
    if (seen.has(name)) return seen.get(name) as number;
    const hint = closest(name, header);
    throw new ForecastInputError(
      'missing_column',
      `no ${role} column '${name}'${hint ? ` (did you mean '${hint}'?)` : ''}; columns are: ${header.join(', ')}`,
      { column: name },
    );
  };
  if (columns.outcome.startsWith(SPEND_PREFIX) || columns.outcome.toLowerCase() === 'date') {
    throw new ForecastInputError('invalid_option', `the outcome cannot be the column '${columns.outcome}'`, {
      column: columns.outcome,
    });
  }
  const outcomeIndex = requireColumn(columns.outcome, 'outcome');
  const controlIndexes = controls.map((name) => {
    if (name === columns.outcome || name.startsWith(SPEND_PREFIX) || name.toLowerCase() === 'date') {
      throw new ForecastInputError(
        'invalid_option',
        `'${name}' cannot be a control: it is the date, the outcome or a spend column`,
        {
          column: name,
        },
      );
    }
    return requireColumn(name, 'control');
  });
  const spendIndexes: number[] = [];
  header.forEach((name, index) => {
    if (index === dateIndex || index === outcomeIndex || controlIndexes.includes(index)) return;
    if (name.startsWith(SPEND_PREFIX)) {
      if (name.length === SPEND_PREFIX.length) {
        throw new ForecastInputError(
          'unknown_column',
          `column '${name}' names no channel after '${SPEND_PREFIX}'`,
          {
            column: name,
          },
        );
      }
      spendIndexes.push(index);
      return;
    }
    const looksLikeSpend = /sp[e]?n[d]?|spend|cost/i.test(name);
    throw new ForecastInputError(
      'unknown_column',
      looksLikeSpend
        ? `column '${name}' looks like spend but does not start with '${SPEND_PREFIX}' (e.g. '${SPEND_PREFIX}${name.replace(/^[^_\- ]*[_\- ]?/, '').toLowerCase() || 'channel'}')`
        : `column '${name}' is not the date, the outcome, a spend_<channel> column or a control; list it as a control or remove it`,
      { column: name },
    );
  });
  if (spendIndexes.length === 0) {
    throw new ForecastInputError(
      'no_channels',
      `no spend columns: name each channel's spend column '${SPEND_PREFIX}<channel>'`,
    );
  }
  const numberAt = (rowIndex: number, columnIndex: number, what: 'spend' | 'outcome' | 'control') => {
    const cell = rows[rowIndex][columnIndex];
    const column = header[columnIndex];
    const value = parseNumberCell(cell);
    if (value === null) {
      throw new ForecastInputError(
        'invalid_number',
        `line ${lines[rowIndex]}, column ${column}: ${cell === '' ? 'empty cell' : `'${cell}' is not a finite number`}`,
        { row: rowIndex + 1, column },
      );
    }
    if (what === 'spend' && value < 0) {
      throw new ForecastInputError(
        'negative_spend',
        `line ${lines[rowIndex]}, column ${column}: negative spend ${cell}`,
        {
          row: rowIndex + 1,
          column,
        },
      );
    }
    return value;
  };
  const column = (index: number, what: 'spend' | 'outcome' | 'control') =>
    Float64Array.from(rows, (_, rowIndex) => numberAt(rowIndex, index, what));
  const table: HistoryTable = {
    dates: rows.map((row) => row[dateIndex]),
    channels: spendIndexes.map((index) => ({
      name: header[index].slice(SPEND_PREFIX.length),
      spend: column(index, 'spend'),
    })),
    outcome: { name: columns.outcome, values: column(outcomeIndex, 'outcome') },
    controls: controlIndexes.map((index) => ({ name: header[index], values: column(index, 'control') })),
  };
  checkDates(table.dates, (i) => `line ${lines[i]}`);
  return table;
}

/** Checks dates are valid, ascending, unique and daily or weekly without gaps; returns the period. */
export function checkDates(
  dates: string[],
  where: (index: number) => string = (i) => `row ${i + 1}`,
): HistoryPeriod {
  if (dates.length < 2) {
    throw new ForecastInputError('too_few_rows', `${dates.length} rows: a history needs many periods`);
  }
  const days = dates.map((text, i) => {
    const day = isoDay(text);
    if (day === null) {
      throw new ForecastInputError(
        'invalid_date',
        `${where(i)}, column date: '${text}' is not an ISO date (YYYY-MM-DD)`,
        {
          row: i + 1,
          column: 'date',
        },
      );
    }
    return day;
  });
  for (let i = 1; i < days.length; i++) {
    if (days[i] === days[i - 1]) {
      throw new ForecastInputError('duplicate_date', `${where(i)}, column date: ${dates[i]} appears twice`, {
        row: i + 1,
        column: 'date',
      });
    }
    if (days[i] < days[i - 1]) {
      throw new ForecastInputError(
        'unsorted_dates',
        `${where(i)}, column date: ${dates[i]} comes after ${dates[i - 1]}; sort the rows by date`,
        { row: i + 1, column: 'date' },
      );
    }
  }
  const step = days[1] - days[0];
  if (step !== 1 && step !== 7) {
    throw new ForecastInputError(
      'irregular_dates',
      `${where(1)}, column date: ${step} days after the previous row; rows must be daily or weekly`,
      { row: 2, column: 'date' },
    );
  }
  for (let i = 2; i < days.length; i++) {
    if (days[i] - days[i - 1] !== step) {
      throw new ForecastInputError(
        'irregular_dates',
        `${where(i)}, column date: ${days[i] - days[i - 1]} days after ${dates[i - 1]}, but the table is ${step === 7 ? 'weekly' : 'daily'}; add the missing ${step === 7 ? 'weeks' : 'days'} (with zero spend if nothing was spent)`,
        { row: i + 1, column: 'date' },
      );
    }
  }
  return step === 7 ? 'week' : 'day';
}
