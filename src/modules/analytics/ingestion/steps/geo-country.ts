import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Country of an IP address; null for private, reserved or unlisted addresses. */
export interface GeoLookup {
  countryOf(ip: string): string | null;
}

const GEO_PACKAGE = '@ip-location-db/geo-whois-asn-country';

function packageDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve(`${GEO_PACKAGE}/package.json`));
}

/** Parses a dotted quad to an unsigned 32-bit number, or -1. */
export function ipv4ToNumber(ip: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || part > 255) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      part = part * 10 + (c - 48);
      digits++;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0 || part > 255) return -1;
  return value * 256 + part;
}

/** The upper 64 bits of an IPv6 address (the routing prefix the database's ranges are cut on), or null. */
export function ipv6Prefix(ip: string): bigint | null {
  const zone = ip.indexOf('%');
  const address = (zone >= 0 ? ip.slice(0, zone) : ip).toLowerCase();
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) occupies two groups; only the prefix is needed here.
  const groups = (list: string[]) => list.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const missing = 8 - groups(head) - groups(tail);
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let prefix = 0n;
  for (let i = 0; i < 4; i++) {
    const group = all[i];
    if (!/^[0-9a-f]{1,4}$/.test(group)) return null;
    prefix = (prefix << 16n) | BigInt(Number.parseInt(group, 16));
  }
  return prefix;
}

// Private, loopback, link-local, CGNAT, multicast and reserved IPv4 blocks never have a country.
const PRIVATE_V4: [number, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
].map(([base, bits]) => [ipv4ToNumber(base as string), 2 ** (32 - (bits as number))]);

export function isPrivateIpv4(value: number): boolean {
  return PRIVATE_V4.some(([base, size]) => value >= base && value < base + size);
}

interface RangeTable<T extends Uint32Array | BigUint64Array> {
  starts: T;
  ends: T;
  countries: Uint16Array;
}

const encodeCountry = (code: string) => (code.charCodeAt(0) << 8) | code.charCodeAt(1);
const decodeCountry = (n: number) => String.fromCharCode(n >> 8, n & 0xff);

function loadV4(file: string): RangeTable<Uint32Array> {
  const lines = readFileSync(file, 'latin1').split('\n');
  const starts = new Uint32Array(lines.length);
  const ends = new Uint32Array(lines.length);
  const countries = new Uint16Array(lines.length);
  let n = 0;
  for (const line of lines) {
    const a = line.indexOf(',');
    const b = line.indexOf(',', a + 1);
    if (a < 0 || b < 0) continue;
    starts[n] = Number(line.slice(0, a));
    ends[n] = Number(line.slice(a + 1, b));
    countries[n] = encodeCountry(line.slice(b + 1, b + 3));
    n++;
  }
  return { starts: starts.subarray(0, n), ends: ends.subarray(0, n), countries: countries.subarray(0, n) };
}

function loadV6(file: string): RangeTable<BigUint64Array> {
  const lines = readFileSync(file, 'latin1').split('\n');
  const starts = new BigUint64Array(lines.length);
  const ends = new BigUint64Array(lines.length);
  const countries = new Uint16Array(lines.length);
  let n = 0;
  for (const line of lines) {
    const a = line.indexOf(',');
    const b = line.indexOf(',', a + 1);
    if (a < 0 || b < 0) continue;
    // Ranges are allocations of /64 or wider, so the upper 64 bits decide the match.
    starts[n] = BigInt(line.slice(0, a)) >> 64n;
    ends[n] = BigInt(line.slice(a + 1, b)) >> 64n;
    countries[n] = encodeCountry(line.slice(b + 1, b + 3));
    n++;
  }
  return { starts: starts.subarray(0, n), ends: ends.subarray(0, n), countries: countries.subarray(0, n) };
}

function search<T extends number | bigint>(
  table: { starts: ArrayLike<T>; ends: ArrayLike<T>; countries: Uint16Array },
  key: T,
) {
  let lo = 0;
  let hi = table.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (table.starts[mid] > key) hi = mid - 1;
    else lo = mid + 1;
  }
  // hi is the last range starting at or before key.
  if (hi < 0 || key > table.ends[hi]) return null;
  const code = decodeCountry(table.countries[hi]);
  // The database marks unassigned space with ZZ; treat it as unknown.
  return code === 'ZZ' ? null : code;
}

/**
 * Step 10: country from the IP, with the CC0 whois/ASN country database shipped inside
 * `@ip-location-db/geo-whois-asn-country` (no download at install or run time). The IPv4 table
 * (~330k ranges, ~4 MB in typed arrays) loads on creation; the IPv6 one on its first use.
 */
export function loadGeoDatabase(dir = packageDir()): GeoLookup {
  const v4 = loadV4(path.join(dir, 'geo-whois-asn-country-ipv4-num.csv'));
  let v6: RangeTable<BigUint64Array> | null = null;
  return {
    countryOf(ip) {
      const mapped = ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
      const n = ipv4ToNumber(mapped);
      if (n >= 0) return isPrivateIpv4(n) ? null : search(v4, n);
      const prefix = ipv6Prefix(mapped);
      // Unique-local (fc00::/7), link-local (fe80::/10), multicast and documentation space.
      if (prefix === null || prefix >> 57n === 0x7en || prefix >> 54n === 0x3fan || prefix >> 56n === 0xffn)
        return null;
      if (prefix >> 32n === 0x20010db8n || prefix === 0n) return null;
      v6 ??= loadV6(path.join(dir, 'geo-whois-asn-country-ipv6-num.csv'));
      return search(v6, prefix);
    },
  };
}
