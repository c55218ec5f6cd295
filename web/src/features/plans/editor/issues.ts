import type { TFunction } from 'i18next';

// The schema's messages (src/shared/contracts/plan.ts) are English sentences; these patterns give them
// in the interface language. Anything not listed is shown as the server wrote it.
const PATTERNS: [RegExp, string][] = [
  [/^is required$/, 'required'],
  [/^must not be negative$/, 'negative'],
  [/^must be at most (?<count>\d+) characters$/, 'maxLength'],
  [/^must have at most (?<count>\d+) entries$/, 'maxEntries'],
  [/^must be a date as YYYY-MM-DD$/, 'date'],
  [/^must be a month as YYYY-MM$/, 'month'],
  [/^must be (a whole number )?from 1 to 5$/, 'score'],
  [/^must be 1, 2 or 3$/, 'oneToThree'],
  [/^must be an http:\/\/ or https:\/\/ URL$/, 'url'],
  [/^choose at least one purpose$/, 'purpose'],
  [/^the horizon must end after it starts/, 'horizon'],
  [/^describe 'other'$/, 'other'],
  [/^an advertising line needs the channel it pays for$/, 'advertisingChannel'],
  [/^must be the plan's currency (?<currency>\w+)$/, 'currency'],
  [/^must not be before the start (?<date>\S+)$/, 'endBeforeStart'],
  [/^a task cannot depend on itself$/, 'selfDependency'],
  [/^unknown task '(?<id>.+)'$/, 'unknownTask'],
  [/^unknown segment '(?<id>.+)'$/, 'unknownSegment'],
  [/^unknown goal '(?<id>.+)'$/, 'unknownGoal'],
  [/^dependency cycle: (?<cycle>.+)$/, 'cycle'],
  [/^'(?<id>.+)' is listed twice$/, 'listedTwice'],
  [/^duplicate \w+ '(?<id>.+)'/, 'duplicate'],
  [/^must not repeat a value$/, 'repeat'],
  [/^must be at most (?<max>[\d.]+)$/, 'max'],
  [/^is implausibly large$/, 'tooLarge'],
  [/^Invalid input: expected \w+, received undefined$/, 'missing'],
  [/^Invalid input: expected (?<expected>\w+), received (?<received>\w+)$/, 'wrongType'],
  [/^Invalid option: expected one of (?<options>.+)$/, 'oneOf'],
  [/^Unrecognized keys?: (?<keys>.+)$/, 'unknownKeys'],
];

/** A validation message in the interface language, first letter capitalised. */
export function translateIssue(message: string, t: TFunction): string {
  for (const [pattern, key] of PATTERNS) {
    const match = pattern.exec(message);
    if (match) return t(`plans.issues.${key}`, { ...match.groups });
  }
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** The server may prefix its message with the path; the input already says where. */
export function stripPathPrefix(message: string, path: string | undefined): string {
  if (!path) return message;
  return message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
}
