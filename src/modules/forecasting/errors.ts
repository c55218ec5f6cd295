/** What went wrong with an input, so a caller (API, CLI, UI) can point at the exact spot. */
export type ForecastInputErrorCode =
  | 'empty_table'
  | 'missing_column'
  | 'unknown_column'
  | 'duplicate_column'
  | 'ragged_row'
  | 'invalid_date'
  | 'duplicate_date'
  | 'unsorted_dates'
  | 'irregular_dates'
  | 'invalid_number'
  | 'negative_spend'
  | 'too_few_rows'
  | 'constant_column'
  | 'no_channels'
  | 'invalid_option'
  | 'invalid_curve'
  | 'invalid_constraint'
  | 'unknown_channel';

export class ForecastInputError extends Error {
  override readonly name = 'ForecastInputError';
  readonly code: ForecastInputErrorCode;
  /** 1-based data row (the header is row 0), when the fault sits in one row. */
  readonly row?: number;
  readonly column?: string;

  constructor(code: ForecastInputErrorCode, message: string, where: { row?: number; column?: string } = {}) {
    super(message);
    this.code = code;
    if (where.row !== undefined) this.row = where.row;
    if (where.column !== undefined) this.column = where.column;
  }
}

/** Thrown when a caller's shouldCancel() answered true; nothing partial is returned. */
export class ForecastCancelledError extends Error {
  override readonly name = 'ForecastCancelledError';
  constructor() {
    super('forecast computation cancelled');
  }
}

export function assertFiniteNumber(
  value: number,
  what: string,
  code: ForecastInputErrorCode = 'invalid_option',
) {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ForecastInputError(code, `${what} must be a finite number, got ${String(value)}`);
  }
}
