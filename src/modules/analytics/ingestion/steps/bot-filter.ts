import { drop, pass, type StepResult } from '../types';
import { BOT_USER_AGENT_MARKERS, MIN_BROWSER_USER_AGENT_LENGTH } from './bot-patterns';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

// One alternation compiled once is several times faster than testing a hundred substrings in a loop.
const BOT_PATTERN = new RegExp(BOT_USER_AGENT_MARKERS.map(escapeRegExp).join('|'), 'i');

// Real browsers that carry a word above in their own token (Yandex Browser says YaBrowser).
const BROWSER_EXCEPTIONS = /YaBrowser\/|YandexSearch\/|Telegram-Android/i;

function classify(ua: string): boolean {
  if (ua.length < MIN_BROWSER_USER_AGENT_LENGTH) return true;
  if (!BOT_PATTERN.test(ua)) return false;
  return !(BROWSER_EXCEPTIONS.test(ua) && !/bot|spider|crawl|headless/i.test(ua));
}

// A few thousand user agents make most traffic: remember verdicts (bounded, cleared when full).
const verdicts = new Map<string, boolean>();
const MAX_VERDICTS = 5000;

/** True for crawlers, link unfurlers, HTTP libraries, headless browsers and empty user agents. */
export function isBot(userAgent: string | null | undefined): boolean {
  const ua = userAgent?.trim() ?? '';
  let verdict = verdicts.get(ua);
  if (verdict === undefined) {
    verdict = classify(ua);
    if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
    verdicts.set(ua, verdict);
  }
  return verdict;
}

/** Step 6: bots inflate visits and distort sources; they are dropped before any enrichment. */
export function filterBots(userAgent: string | null | undefined): StepResult<string> {
  return isBot(userAgent) ? drop('bot') : pass(userAgent!.trim());
}
