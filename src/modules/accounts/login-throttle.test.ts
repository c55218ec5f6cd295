import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  it('blocks after the configured failures within the window, per IP, and forgets after it', () => {
    let now = 1_000_000;
    const t = new LoginThrottle(10, 60_000, () => now);
    for (let i = 0; i < 10; i++) {
      expect(t.retryAfter('1.1.1.1')).toBe(0);
      t.recordFailure('1.1.1.1');
      now += 1000;
    }
    expect(t.retryAfter('1.1.1.1')).toBe(50);
    expect(t.retryAfter('2.2.2.2')).toBe(0);
    now += 50_000;
    expect(t.retryAfter('1.1.1.1')).toBe(0);
  });
});
