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
  parse(userAgent: string, viewportWidth: number): UserAgentInfo;
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

/**
 * Step 9: browser, OS and device class via bowser (MIT, data inside the package). Parsing costs
 * ~20 us and the same few hundred user agents make most traffic, so results are kept in a bounded LRU.
 */
export function createUserAgentParser(cacheSize = 5000): UserAgentParser {
  const cache = new Map<string, Omit<UserAgentInfo, 'device'> & { platformType: string | undefined }>();
  return {
    parse(userAgent, viewportWidth) {
      let hit = cache.get(userAgent);
      if (hit) {
        cache.delete(userAgent);
        cache.set(userAgent, hit);
      } else {
        const parsed = Bowser.parse(userAgent);
        hit = {
          browser: parsed.browser.name || UNKNOWN,
          browserVersion: major(parsed.browser.version),
          os: parsed.os.name || UNKNOWN,
          osVersion: major(parsed.os.version),
          platformType: parsed.platform.type,
        };
        cache.set(userAgent, hit);
        if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
      }
      const { platformType, ...info } = hit;
      return { ...info, device: deviceOf(platformType, viewportWidth) };
    },
  };
}
