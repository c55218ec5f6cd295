import { drop, pass, type StepResult } from '../types';

/** Generous for the contract's limits (URL, referrer, title, 30 props) even when fully \u-escaped. */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024;

// sendBeacon sends text/plain;charset=UTF-8; API callers send JSON; a missing type is tolerated like peers do.
const ACCEPTED_TYPES = new Set(['text/plain', 'application/json', '']);

// A string with an unpaired surrogate has no UTF-8 encoding (String#isWellFormed is ES2024, past our lib).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export interface RawBody {
  body: Uint8Array | string;
  contentType?: string | null;
}

// Nearly every request repeats the tracker's exact header: remember the last media type.
let lastContentType: string | null | undefined = 'text/plain;charset=UTF-8';
let lastMediaType = 'text/plain';

/** Step 1: bytes to a JSON value, with the size cap, a UTF-8 check and no exceptions escaping. */
export function parseBody(raw: RawBody, maxBytes = DEFAULT_MAX_BODY_BYTES): StepResult<unknown> {
  if (raw.contentType !== lastContentType) {
    lastMediaType = (raw.contentType ?? '').split(';', 1)[0].trim().toLowerCase();
    lastContentType = raw.contentType;
  }
  const mediaType = lastMediaType;
  if (!ACCEPTED_TYPES.has(mediaType)) return drop('unsupported_content_type', mediaType);

  let text: string;
  if (typeof raw.body === 'string') {
    // A string body was decoded upstream; measure it in UTF-8 bytes so the cap means the same thing.
    if (raw.body.length > maxBytes || Buffer.byteLength(raw.body, 'utf8') > maxBytes) {
      return drop('too_large', `over ${maxBytes} bytes`);
    }
    if (LONE_SURROGATE.test(raw.body)) return drop('invalid_utf8', 'lone surrogate in body');
    text = raw.body;
  } else {
    if (raw.body.byteLength > maxBytes) return drop('too_large', `over ${maxBytes} bytes`);
    try {
      text = utf8.decode(raw.body);
    } catch {
      return drop('invalid_utf8');
    }
  }

  try {
    return pass(JSON.parse(text));
  } catch (err) {
    return drop('invalid_json', err instanceof Error ? err.message : undefined);
  }
}
