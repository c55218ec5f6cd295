import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';
import { wildcardToRegex } from './dialect';
import { clickHouseDialect } from './dialects/clickhouse';
import { duckDbDialect } from './dialects/duckdb';
import { round1 } from './metrics';
import { buildStatsQuery, parseFilters } from './query';

const NASTY = [
  "'",
  "''",
  '\\',
  "\\'",
  "'; drop table events; --",
  '"',
  '\0',
  'a\0b',
  '\n\r\t',
  '%_*',
  '日本語',
  '😀',
  '',
];

describe('string literals', () => {
  it('DuckDB reads back every string exactly as given', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    for (const value of NASTY) {
      const rows = (await c.runAndReadAll(`select ${duckDbDialect.string(value)} as v`)).getRowObjectsJS();
      expect(rows[0].v, JSON.stringify(value)).toBe(value);
    }
    c.closeSync();
    db.closeSync();
  });

  it('ClickHouse literals escape backslash and quote, so no value ends the literal', () => {
    expect(clickHouseDialect.string("a'b")).toBe("'a\\'b'");
    expect(clickHouseDialect.string('a\\')).toBe("'a\\\\'");
    expect(clickHouseDialect.string("\\'; drop table events; --")).toBe("'\\\\\\'; drop table events; --'");
    for (const value of NASTY) {
      const body = clickHouseDialect.string(value).slice(1, -1);
      // Every quote inside is escaped by an odd run of backslashes.
      for (const m of body.matchAll(/(\\*)'/g)) expect(m[1].length % 2, JSON.stringify(value)).toBe(1);
    }
  });

  it('integers only from safe integers', () => {
    expect(duckDbDialect.int(42)).toBe('42');
    expect(() => duckDbDialect.int(1.5)).toThrow();
    expect(() => clickHouseDialect.int(Number.NaN)).toThrow();
  });
});

describe('query object', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  const params = { period: '7d', compare: 'previous_period', limit: 10, page: 2 } as const;
  it('resolves periods to UTC ranges and the previous period of the same length', () => {
    const q = buildStatsQuery('00000000-0000-4000-8000-000000000000', { ...params, date: '2026-03-08' }, now);
    expect(q.range).toEqual({
      from: Date.parse('2026-03-02T00:00:00Z'),
      to: Date.parse('2026-03-09T00:00:00Z'),
      fromDay: '2026-03-02',
      toDay: '2026-03-08',
    });
    expect(q.comparison?.fromDay).toBe('2026-02-23');
    expect(q.comparison?.toDay).toBe('2026-03-01');
    expect(q.interval).toBe('day');
    expect(q.offset).toBe(10);
    const month = buildStatsQuery('00000000-0000-4000-8000-000000000000', { ...params, period: '12mo' }, now);
    expect([month.range.fromDay, month.range.toDay, month.interval]).toEqual([
      '2025-04-01',
      '2026-03-31',
      'month',
    ]);
  });

  it('rejects bad filters naming the part at fault', () => {
    expect(parseFilters('[["is","country",["DE"]]]')).toEqual([
      { op: 'is', dimension: 'country', values: ['DE'] },
    ]);
    expect(() => parseFilters('{')).toThrow(/filters: is not valid JSON/);
    expect(() => parseFilters('[["is","planet",["x"]]]')).toThrow(/filters\.0\.1/);
  });
});

describe('helpers', () => {
  it('rounds half up to one decimal', () => {
    expect([round1(14.2857), round1(43.75), round1(2.25), round1(0.05), round1(0)]).toEqual([
      14.3, 43.8, 2.3, 0.1, 0,
    ]);
  });

  it('page wildcards become anchored regular expressions with metacharacters escaped', () => {
    expect(wildcardToRegex('/blog/*')).toBe('^/blog/.*$');
    expect(wildcardToRegex('/a.b?(c)*')).toBe('^/a\\.b\\?\\(c\\).*$');
  });

  it('CSV cells are quoted when needed and never start a formula', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+49 30')).toBe("'+49 30");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-2)).toBe('-2');
    expect(toCsv(['a', 'b'], [['x\ny', 1]])).toBe('a,b\r\n"x\ny",1\r\n');
  });
});
