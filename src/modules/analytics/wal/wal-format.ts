import { crc32 } from 'node:zlib';
import type { EventRow, SessionRow } from '../../../platform/events/event-store';

/** What the log is given to keep: the event row and the visit's state right after it. */
export interface WalRows {
  event: EventRow;
  session: SessionRow;
  /**
   * An object that stays the same, unchanged, for the whole visit (its attribution), given only by
   * `toRows`, whose rows take the site, ids, start, entry page and attribution from the visit. Those
   * parts of both lines are then JSON-encoded once per visit and reused by its later events.
   */
  visit?: object;
}

/**
 * One accepted event as the write-ahead log keeps it. The payload holds the event row and the
 * visit's state right after it as two JSON lines in the event store's own column names (see
 * `eventLine`), so the loader hands the store these bytes and nothing is serialised twice; rows
 * are decoded (`decodeRows`) only for replay into an engine that wants objects. No IP, no user
 * agent: only what the store itself would hold.
 */
export interface WalRecord {
  seq: number;
  /** The visit's id (decimal, as in its JSON line) and version: a batch keeps each visit's newest state. */
  sessionId: string;
  sessionVersion: number;
  /** The framed record as written (header, event line, session line; a first-format record re-encoded). */
  frame: Buffer;
  /** Where the session's line starts in `frame`. */
  sessionStart: number;
}

/**
 * Frame: `u32 length | u32 crc32(payload) | payload` (little endian), payload = UTF-8
 * `<event JSON>\n<session JSON>\n`. A crash mid-write leaves a frame whose length runs past the end
 * of the file or whose checksum does not match; the reader stops there and ignores the rest of that
 * segment (it was never acknowledged). Payloads of the first format (one JSON array of tuples) are
 * still read, so a log written before an upgrade replays.
 */
export const FRAME_HEADER_BYTES = 8;
/** Far above any real record (the body cap is 32 KiB); a larger length is garbage, not a record. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

// The store's JSON row: column names as keys (`EVENT_COLUMNS`), 64-bit ids as decimal strings (a
// JSON number loses precision above 2^53), text never null. Written by hand: on Node 20,
// `JSON.stringify` of an object with ~25 keys costs about twice this (it re-escapes every key).

// Text that JSON.stringify writes unchanged between quotes: no quote, backslash, control character
// or surrogate (lone surrogates must be escaped; paired ones go the slow way too, rare enough).
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters JSON escapes
const PLAIN_TEXT = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** `JSON.stringify(text)`, except that lone surrogates become U+FFFD (see `withoutLoneSurrogates`). */
function str(text: string): string {
  if (text === '') return '""';
  if (PLAIN_TEXT.test(text)) return `"${text}"`;
  return withoutLoneSurrogates(JSON.stringify(text));
}

const number = (value: number) => (Number.isFinite(value) ? `${value}` : 'null');

function strs(texts: readonly string[]): string {
  if (texts.length === 0) return '[]';
  let out = `[${str(texts[0])}`;
  for (let i = 1; i < texts.length; i++) out += `,${str(texts[i])}`;
  return `${out}]`;
}

/** The parts of a visit's two lines that no later event of the visit changes, JSON-encoded. */
interface VisitJson {
  /** What the parts were made from, checked on reuse (a visit object never changes owner). */
  siteId: string;
  startedAt: number;
  sessionId: string;
  /** `"site_id":…,"session_id":…,"visitor_id":…,"channel":…,"referrer_host":…,"utm_…":…,` */
  event: string;
  /** `"site_id":…` through `"os":…}`: everything but the counters, the end and the exit page. */
  session: string;
}

const visitJson = new WeakMap<object, VisitJson>();

type Attributed = Pick<
  EventRow,
  | 'siteId'
  | 'visitorId'
  | 'channel'
  | 'referrerHost'
  | 'utmSource'
  | 'utmMedium'
  | 'utmCampaign'
  | 'utmTerm'
  | 'utmContent'
>;

/** Site, visit and visitor ids and the visit's attribution: in both lines (the key order is free). */
function idsAndAttribution(r: Attributed, sessionId: string): string {
  return `"site_id":${str(r.siteId)},"session_id":"${sessionId}","visitor_id":"${r.visitorId}","channel":${str(r.channel)},"referrer_host":${str(r.referrerHost)},"utm_source":${str(r.utmSource)},"utm_medium":${str(r.utmMedium)},"utm_campaign":${str(r.utmCampaign)},"utm_term":${str(r.utmTerm)},"utm_content":${str(r.utmContent)}`;
}

/** The session line but its counters, end and exit page: what no later event of the visit changes. */
function sessionConstant(s: SessionRow, sessionId: string): string {
  return `${idsAndAttribution(s, sessionId)},"started_at":${number(s.startedAt)},"entry_page":${str(s.entryPage)},"hostname":${str(s.hostname)},"country":${str(s.country)},"device":${str(s.device)},"browser":${str(s.browser)},"os":${str(s.os)}}`;
}

function visitJsonOf(s: SessionRow): VisitJson {
  const sessionId = s.sessionId.toString();
  return {
    siteId: s.siteId,
    startedAt: s.startedAt,
    sessionId,
    event: `${idsAndAttribution(s, sessionId)},`,
    session: sessionConstant(s, sessionId),
  };
}

function eventHead(e: EventRow): string {
  return `{"wal_seq":${number(e.walSeq)},"ts":${number(e.ts)},"name":${str(e.name)},"pathname":${str(e.pathname)},"hostname":${str(e.hostname)},"title":${str(e.title)},`;
}

function eventTail(e: EventRow): string {
  return `"country":${str(e.country)},"device":${str(e.device)},"browser":${str(e.browser)},"browser_version":${str(e.browserVersion)},"os":${str(e.os)},"os_version":${str(e.osVersion)},"engagement_ms":${number(e.engagementMs)},"scroll_depth":${number(e.scrollDepth)},"props_keys":${strs(e.propsKeys)},"props_values":${strs(e.propsValues)},"revenue_amount":${number(e.revenueAmount)},"revenue_currency":${str(e.revenueCurrency)}}`;
}

function eventLine(e: EventRow): string {
  return `${eventHead(e)}${idsAndAttribution(e, `${e.sessionId}`)},${eventTail(e)}`;
}

function sessionHead(s: SessionRow): string {
  return `{"version":${number(s.version)},"ended_at":${number(s.endedAt)},"pageviews":${number(s.pageviews)},"events":${number(s.events)},"engagement_ms":${number(s.engagementMs)},"exit_page":${str(s.exitPage)},`;
}

function sessionLine(s: SessionRow, sessionId: string): string {
  return `${sessionHead(s)}${sessionConstant(s, sessionId)}`;
}

const SURROGATE_ESCAPES = /(\\+)u(d[89a-f][0-9a-f]{2})/gi;

/**
 * A lone UTF-16 surrogate (a body may carry the escape `"\ud800"`) is written by `JSON.stringify`
 * as a `\udXXX` escape, which DuckDB's JSON reader rejects (the whole batch, on every retry), and it
 * has no UTF-8 form anyway: it becomes U+FFFD. Paired surrogates are written as raw characters, so
 * every such escape is a lone one; an even run of backslashes before `u` is escaped backslashes.
 */
function withoutLoneSurrogates(json: string): string {
  if (!json.includes('\\ud')) return json;
  return json.replace(SURROGATE_ESCAPES, (match, slashes: string) =>
    slashes.length % 2 === 1 ? `${slashes}ufffd` : match,
  );
}

function frameOf(seq: number, eventJson: string, sessionJson: string, sessionId: string, version: number) {
  const eventBytes = Buffer.byteLength(eventJson) + 1;
  const length = eventBytes + Buffer.byteLength(sessionJson) + 1;
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
  const sessionStart = FRAME_HEADER_BYTES + eventBytes;
  frame.write(eventJson, FRAME_HEADER_BYTES);
  frame[sessionStart - 1] = 0x0a;
  frame.write(sessionJson, sessionStart);
  frame[frame.length - 1] = 0x0a;
  frame.writeUInt32LE(length, 0);
  frame.writeUInt32LE(crc32(frame.subarray(FRAME_HEADER_BYTES)), 4);
  return { seq, sessionId, sessionVersion: version, frame, sessionStart };
}

/** A framed record, ready to append; `rows.event.walSeq` is the sequence number. */
export function encodeRecord(rows: WalRows): WalRecord {
  const { event, session, visit } = rows;
  if (visit) {
    let parts = visitJson.get(visit);
    if (!parts) {
      parts = visitJsonOf(session);
      visitJson.set(visit, parts);
    }
    if (parts.siteId === session.siteId && parts.startedAt === session.startedAt) {
      return frameOf(
        event.walSeq,
        `${eventHead(event)}${parts.event}${eventTail(event)}`,
        `${sessionHead(session)}${parts.session}`,
        parts.sessionId,
        session.version,
      );
    }
  }
  const sessionId = session.sessionId.toString();
  return frameOf(event.walSeq, eventLine(event), sessionLine(session, sessionId), sessionId, session.version);
}

/** The record's event line, then its session line, each ending in `\n` (no copy: views of the frame). */
export const eventBytes = (r: WalRecord) => r.frame.subarray(FRAME_HEADER_BYTES, r.sessionStart);
export const sessionBytes = (r: WalRecord) => r.frame.subarray(r.sessionStart);

type Json = Record<string, unknown>;
const text = (o: Json, k: string) => o[k] as string;
const num = (o: Json, k: string) => o[k] as number;

/** The record's rows back as objects (replay into an engine that takes objects, tests). */
export function decodeRows(record: WalRecord): WalRows {
  return { event: decodeEvent(record), session: decodeSession(record) };
}

export function decodeEvent(record: WalRecord): EventRow {
  const e = JSON.parse(eventBytes(record).toString('utf8')) as Json;
  return {
    siteId: text(e, 'site_id'),
    walSeq: num(e, 'wal_seq'),
    ts: num(e, 'ts'),
    name: text(e, 'name'),
    pathname: text(e, 'pathname'),
    hostname: text(e, 'hostname'),
    title: text(e, 'title'),
    sessionId: BigInt(text(e, 'session_id')),
    visitorId: BigInt(text(e, 'visitor_id')),
    channel: text(e, 'channel'),
    referrerHost: text(e, 'referrer_host'),
    utmSource: text(e, 'utm_source'),
    utmMedium: text(e, 'utm_medium'),
    utmCampaign: text(e, 'utm_campaign'),
    utmTerm: text(e, 'utm_term'),
    utmContent: text(e, 'utm_content'),
    country: text(e, 'country'),
    device: text(e, 'device'),
    browser: text(e, 'browser'),
    browserVersion: text(e, 'browser_version'),
    os: text(e, 'os'),
    osVersion: text(e, 'os_version'),
    engagementMs: num(e, 'engagement_ms'),
    scrollDepth: num(e, 'scroll_depth'),
    propsKeys: e.props_keys as string[],
    propsValues: e.props_values as string[],
    revenueAmount: num(e, 'revenue_amount'),
    revenueCurrency: text(e, 'revenue_currency'),
  };
}

export function decodeSession(record: WalRecord): SessionRow {
  const s = JSON.parse(sessionBytes(record).toString('utf8')) as Json;
  return {
    siteId: text(s, 'site_id'),
    sessionId: BigInt(text(s, 'session_id')),
    visitorId: BigInt(text(s, 'visitor_id')),
    version: num(s, 'version'),
    startedAt: num(s, 'started_at'),
    endedAt: num(s, 'ended_at'),
    pageviews: num(s, 'pageviews'),
    events: num(s, 'events'),
    engagementMs: num(s, 'engagement_ms'),
    entryPage: text(s, 'entry_page'),
    exitPage: text(s, 'exit_page'),
    hostname: text(s, 'hostname'),
    channel: text(s, 'channel'),
    referrerHost: text(s, 'referrer_host'),
    utmSource: text(s, 'utm_source'),
    utmMedium: text(s, 'utm_medium'),
    utmCampaign: text(s, 'utm_campaign'),
    utmTerm: text(s, 'utm_term'),
    utmContent: text(s, 'utm_content'),
    country: text(s, 'country'),
    device: text(s, 'device'),
    browser: text(s, 'browser'),
    os: text(s, 'os'),
  };
}

/** Reads one payload: the current two-line format, or the first format's tuple array. */
function recordOf(frame: Buffer): WalRecord {
  const payload = frame.subarray(FRAME_HEADER_BYTES);
  if (payload[0] === 0x5b /* [ */) return encodeRecord(decodeTuplePayload(payload));
  const newline = payload.indexOf(0x0a);
  if (newline < 0 || payload[payload.length - 1] !== 0x0a) throw new Error('bad WAL record');
  const record: WalRecord = {
    seq: 0,
    sessionId: '',
    sessionVersion: 0,
    frame,
    sessionStart: FRAME_HEADER_BYTES + newline + 1,
  };
  // Parsing both lines also proves the payload whole.
  const event = decodeEvent(record);
  const session = decodeSession(record);
  if (!Number.isSafeInteger(event.walSeq)) throw new Error('bad WAL record');
  record.seq = event.walSeq;
  record.sessionId = session.sessionId.toString();
  record.sessionVersion = session.version;
  return record;
}

const big = (hexId: unknown) => BigInt(`0x${hexId as string}`);

/** The first format: `[seq, [event values...], [session values...]]`, ids as 16 hex chars. */
function decodeTuplePayload(payload: Buffer): WalRows {
  const [seq, e, s] = JSON.parse(payload.toString('utf8')) as [number, unknown[], unknown[]];
  if (!Number.isSafeInteger(seq) || !Array.isArray(e) || !Array.isArray(s)) throw new Error('bad WAL record');
  const event: EventRow = {
    siteId: e[0] as string,
    walSeq: seq,
    ts: e[1] as number,
    name: e[2] as string,
    pathname: e[3] as string,
    hostname: e[4] as string,
    title: e[5] as string,
    sessionId: big(e[6]),
    visitorId: big(e[7]),
    channel: e[8] as string,
    referrerHost: e[9] as string,
    utmSource: e[10] as string,
    utmMedium: e[11] as string,
    utmCampaign: e[12] as string,
    utmTerm: e[13] as string,
    utmContent: e[14] as string,
    country: e[15] as string,
    device: e[16] as string,
    browser: e[17] as string,
    browserVersion: e[18] as string,
    os: e[19] as string,
    osVersion: e[20] as string,
    engagementMs: e[21] as number,
    scrollDepth: e[22] as number,
    propsKeys: e[23] as string[],
    propsValues: e[24] as string[],
    revenueAmount: e[25] as number,
    revenueCurrency: e[26] as string,
  };
  const session: SessionRow = {
    siteId: event.siteId,
    sessionId: event.sessionId,
    visitorId: event.visitorId,
    version: s[0] as number,
    startedAt: s[1] as number,
    endedAt: s[2] as number,
    pageviews: s[3] as number,
    events: s[4] as number,
    engagementMs: s[5] as number,
    entryPage: s[6] as string,
    exitPage: s[7] as string,
    hostname: s[8] as string,
    channel: s[9] as string,
    referrerHost: s[10] as string,
    utmSource: s[11] as string,
    utmMedium: s[12] as string,
    utmCampaign: s[13] as string,
    utmTerm: s[14] as string,
    utmContent: s[15] as string,
    country: s[16] as string,
    device: s[17] as string,
    browser: s[18] as string,
    os: s[19] as string,
  };
  return { event, session };
}

export interface DecodedSegment {
  records: WalRecord[];
  /** Bytes after the last whole, checksummed record: a torn write from a crash, ignored. */
  tornBytes: number;
}

/** Reads every whole record of a segment, in order, stopping at the first torn or corrupt frame. */
export function decodeSegment(data: Buffer): DecodedSegment {
  const records: WalRecord[] = [];
  let offset = 0;
  let lastSeq = 0;
  while (offset + FRAME_HEADER_BYTES <= data.length) {
    const length = data.readUInt32LE(offset);
    const checksum = data.readUInt32LE(offset + 4);
    const start = offset + FRAME_HEADER_BYTES;
    if (length === 0 || length > MAX_PAYLOAD_BYTES || start + length > data.length) break;
    if (crc32(data.subarray(start, start + length)) !== checksum) break;
    let record: WalRecord;
    try {
      record = recordOf(data.subarray(offset, start + length));
    } catch {
      break;
    }
    // Sequence numbers only grow; anything else is not a record this log wrote.
    if (record.seq <= lastSeq) break;
    lastSeq = record.seq;
    records.push(record);
    offset = start + length;
  }
  return { records, tornBytes: data.length - offset };
}
