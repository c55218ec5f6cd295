import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BODY_BYTES, parseBody } from './parse-body';

const enc = (s: string) => new TextEncoder().encode(s);

describe('parseBody', () => {
  it('parses a text/plain beacon body and a JSON body', () => {
    expect(parseBody({ body: enc('{"n":"pageview"}'), contentType: 'text/plain;charset=UTF-8' })).toEqual({
      ok: true,
      value: { n: 'pageview' },
    });
    expect(parseBody({ body: '{"a":[1]}', contentType: 'application/json' })).toEqual({
      ok: true,
      value: { a: [1] },
    });
    expect(parseBody({ body: enc('{"ü":"中文"}') })).toEqual({ ok: true, value: { ü: '中文' } });
  });

  it('rejects other content types', () => {
    expect(parseBody({ body: 'a=1', contentType: 'application/x-www-form-urlencoded' })).toMatchObject({
      ok: false,
      reason: 'unsupported_content_type',
    });
  });

  it('caps the body in bytes, counting multi-byte characters', () => {
    const atCap = `"${'a'.repeat(DEFAULT_MAX_BODY_BYTES - 2)}"`;
    expect(parseBody({ body: enc(atCap) }).ok).toBe(true);
    expect(parseBody({ body: enc(`${atCap} `) })).toMatchObject({ ok: false, reason: 'too_large' });
    expect(parseBody({ body: '中'.repeat(11), contentType: 'text/plain' }, 32)).toMatchObject({
      ok: false,
      reason: 'too_large',
    });
    expect(parseBody({ body: '"中中"' }, 8).ok).toBe(true);
  });

  it('rejects invalid UTF-8 bytes and lone surrogates', () => {
    expect(parseBody({ body: new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]) })).toMatchObject({
      ok: false,
      reason: 'invalid_utf8',
    });
    expect(parseBody({ body: new Uint8Array([0x22, 0xff, 0x22]) })).toMatchObject({
      ok: false,
      reason: 'invalid_utf8',
    });
    expect(parseBody({ body: '"\uD800"' })).toMatchObject({ ok: false, reason: 'invalid_utf8' });
  });

  it('reports malformed JSON without throwing', () => {
    for (const body of ['{', '', 'pageview', '{"n":}']) {
      expect(parseBody({ body: enc(body) })).toMatchObject({ ok: false, reason: 'invalid_json' });
    }
  });
});
