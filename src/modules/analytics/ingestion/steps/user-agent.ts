import Bowser from 'bowser';
import type { DeviceType } from '../types';

export interface UserAgentInfo {
  browser: string;
  /** Major version only: minor versions split reports without telling anyone anything. */
  browserVersion: string;
  os: string;
  osVersion: string;
  device: DeviceType;
}

export interface UserAgentParser {
  /** The answer is shared between calls with the same user agent: read it, do not change it. */
  parse(userAgent: string, viewportWidth: number): Readonly<UserAgentInfo>;
}

const UNKNOWN = 'Unknown';

const major = (version: string | undefined) => (version ? version.split('.', 1)[0] : '');

// Viewport breakpoints used only when the user agent does not say which kind of device it is.
function deviceFromViewport(width: number): DeviceType {
  if (width === 0) return 'other';
  if (width < 576) return 'mobile';
  if (width < 992) return 'tablet';
  return 'desktop';
}

function deviceOf(platformType: string | undefined, viewportWidth: number): DeviceType {
  switch (platformType) {
    case 'desktop':
    case 'mobile':
    case 'tablet':
    case 'tv':
      return platformType;
    default:
      return deviceFromViewport(viewportWidth);
  }
}

interface Parsed {
  platformType: string | undefined;
  /** The answer per device class (only the viewport decides it when the user agent does not). */
  byDevice: Partial<Record<DeviceType, Readonly<UserAgentInfo>>>;
  base: Omit<UserAgentInfo, 'device'>;
}

/**
 * Step 9: browser, OS and device class via bowser (MIT, data inside the package). Parsing costs
 * ~20 us and the same few hundred user agents make most traffic, so results are cached, bounded:
 * two generations of up to `cacheSize` entries each, so a hit is one lookup (no reordering) and
 * what was not seen for a whole generation is forgotten.
 */
export function createUserAgentParser(cacheSize = 5000): UserAgentParser {
  let young = new Map<string, Parsed>();
  let old = new Map<string, Parsed>();
  const lookup = (userAgent: string): Parsed => {
    let hit = young.get(userAgent);
    if (hit) return hit;
    hit = old.get(userAgent);
    if (!hit) {
      const parsed = Bowser.parse(userAgent);
      hit = {
        platformType: parsed.platform.type,
        byDevice: {},
        base: {
          browser: parsed.browser.name || UNKNOWN,
          browserVersion: major(parsed.browser.version),
          os: parsed.os.name || UNKNOWN,
          osVersion: major(parsed.os.version),
        },
      };
    }
    if (young.size >= cacheSize) {
      old = young;
      young = new Map();
    }
    young.set(userAgent, hit);
    return hit;
  };
  return {
    parse(userAgent, viewportWidth) {
      const hit = lookup(userAgent);
      const device = deviceOf(hit.platformType, viewportWidth);
      let info = hit.byDevice[device];
      if (!info) {
        info = Object.freeze({ ...hit.base, device });
        hit.byDevice[device] = info;
      }
      return info;
    },
  };
}
