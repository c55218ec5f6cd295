import { crc32 } from 'node:zlib';
import type { EventRow, SessionRow } from '../../../platform/events/event-store';

/**
 * One accepted event as the write-ahead log keeps it: the event row and the visit's state right
 * after it, both already enriched, so replay needs neither the pipeline nor the salts. No IP, no
 * user agent: only what the store itself would hold.
 */
export interface WalRecord {
  seq: number;
  event: EventRow;
  session: SessionRow;
}

/**
 * Frame: `u32 length | u32 crc32(payload) | payload` (little endian), payload = UTF-8 JSON. A crash
 * mid-write leaves a frame whose length runs past the end of the file or whose checksum does not
 * match; the reader stops there and ignores the rest of that segment (it was never acknowledged).
 */
export const FRAME_HEADER_BYTES = 8;
/** Far above any real record (the body cap is 32 KiB); a larger length is garbage, not a record. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

const hex = (id: bigint) => id.toString(16).padStart(16, '0');
const big = (hexId: unknown) => BigInt(`0x${hexId as string}`);

// Rows as arrays in a fixed order: smaller than keyed JSON and faster to write and parse.
function eventTuple(e: EventRow): unknown[] {
  return [
    e.siteId,
    e.ts,
    e.name,
    e.pathname,
    e.hostname,
    e.title,
    hex(e.sessionId),
    hex(e.visitorId),
    e.channel,
    e.referrerHost,
    e.utmSource,
    e.utmMedium,
    e.utmCampaign,
    e.utmTerm,
    e.utmContent,
    e.country,
    e.device,
    e.browser,
    e.browserVersion,
    e.os,
    e.osVersion,
    e.engagementMs,
    e.scrollDepth,
    e.propsKeys,
    e.propsValues,
    e.revenueAmount,
    e.revenueCurrency,
  ];
}

function sessionTuple(s: SessionRow): unknown[] {
  return [
    s.version,
    s.startedAt,
    s.endedAt,
    s.pageviews,
    s.events,
    s.engagementMs,
    s.entryPage,
    s.exitPage,
    s.hostname,
    s.channel,
    s.referrerHost,
    s.utmSource,
    s.utmMedium,
    s.utmCampaign,
    s.utmTerm,
    s.utmContent,
    s.country,
    s.device,
    s.browser,
    s.os,
  ];
}

/** The record's payload (without the frame). */
export function encodePayload(record: WalRecord): Buffer {
  return encodeFrame(record).subarray(FRAME_HEADER_BYTES);
}

/** A framed record, ready to append: the JSON is written straight into the frame. */
export function encodeFrame(record: WalRecord): Buffer {
  const json = JSON.stringify([record.seq, eventTuple(record.event), sessionTuple(record.session)]);
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + Buffer.byteLength(json));
  const length = frame.write(json, FRAME_HEADER_BYTES);
  frame.writeUInt32LE(length, 0);
  frame.writeUInt32LE(crc32(frame.subarray(FRAME_HEADER_BYTES)), 4);
  return frame;
}

export function decodePayload(payload: Buffer): WalRecord {
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
  return { seq, event, session };
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
    const payload = data.subarray(start, start + length);
    if (crc32(payload) !== checksum) break;
    let record: WalRecord;
    try {
      record = decodePayload(payload);
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
