import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeVisitorIds, InMemorySaltStore, previousDay, utcDay, visitorHash } from './visitor-hash';

// Deterministic salts: each new salt is filled with the next byte value.
function countingRandom() {
  let next = 0;
  return (bytes: number) => new Uint8Array(bytes).fill(++next);
}

const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0 Safari/537.36';
const day1 = Date.UTC(2026, 5, 1, 10);
const day2 = Date.UTC(2026, 5, 2, 10);
const day3 = Date.UTC(2026, 5, 3, 10);

describe('visitor hash', () => {
  it('is 64 bits of hex and depends on salt, site, IP and user agent', () => {
    const salt = new Uint8Array(32).fill(7);
    const id = visitorHash(salt, 'site_1', '203.0.113.9', UA);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(visitorHash(salt, 'site_1', '203.0.113.9', UA)).toBe(id);
    expect(visitorHash(new Uint8Array(32).fill(8), 'site_1', '203.0.113.9', UA)).not.toBe(id);
    expect(visitorHash(salt, 'site_2', '203.0.113.9', UA)).not.toBe(id);
    expect(visitorHash(salt, 'site_1', '203.0.113.10', UA)).not.toBe(id);
    expect(visitorHash(salt, 'site_1', '203.0.113.9', `${UA} Edg/1`)).not.toBe(id);
    // Fields are separated, so moving characters between them changes the hash.
    expect(visitorHash(salt, 'site_11', '.2.3.4', UA)).not.toBe(visitorHash(salt, 'site_1', '1.2.3.4', UA));
  });

  it('is sha256(salt bytes, NUL site NUL IP NUL user agent in UTF-8), also for huge user agents', () => {
    // Ids must not change between versions: a visit running over an upgrade keeps its visitor.
    const salt = Uint8Array.from({ length: 32 }, (_, i) => (i * 37) & 0xff);
    const expected = (ua: string) =>
      createHash('sha256')
        .update(salt)
        .update(`\x00site_1\x00203.0.113.9\x00${ua}`)
        .digest('hex')
        .slice(0, 16);
    for (const ua of [UA, `${UA} 浏览器 \u{1F375}`, 'x'.repeat(5000), '浏'.repeat(1400)]) {
      expect(visitorHash(salt, 'site_1', '203.0.113.9', ua)).toBe(expected(ua));
    }
  });

  it('gives the same visitor a new id on the next day, and keeps yesterday id available', () => {
    const salts = new InMemorySaltStore(countingRandom());
    const a = computeVisitorIds(salts, day1, 'site_1', '203.0.113.9', UA);
    const sameDay = computeVisitorIds(salts, day1 + 3_600_000, 'site_1', '203.0.113.9', UA);
    expect(sameDay.current).toBe(a.current);
    expect(a.previous).toBeNull();
    const b = computeVisitorIds(salts, day2, 'site_1', '203.0.113.9', UA);
    expect(b.current).not.toBe(a.current);
    expect(b.previous).toBe(a.current);
  });

  it('deletes salts older than yesterday, so day-old hashes cannot be recomputed after two days', () => {
    const salts = new InMemorySaltStore(countingRandom());
    const first = computeVisitorIds(salts, day1, 's', '1.2.3.4', UA).current;
    salts.saltsFor(utcDay(day2));
    expect(salts.days()).toEqual(['2026-06-01', '2026-06-02']);
    const third = computeVisitorIds(salts, day3, 's', '1.2.3.4', UA);
    expect(salts.days()).toEqual(['2026-06-02', '2026-06-03']);
    expect(third.previous).not.toBe(first);
    expect(third.current).not.toBe(first);
  });

  it('rotates at UTC midnight', () => {
    expect(utcDay(Date.UTC(2026, 0, 1, 23, 59, 59, 999))).toBe('2026-01-01');
    expect(utcDay(Date.UTC(2026, 0, 2))).toBe('2026-01-02');
    expect(previousDay('2026-03-01')).toBe('2026-02-28');
  });
});
