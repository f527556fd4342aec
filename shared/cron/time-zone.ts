const EXAMPLES = 'expected an IANA name such as "Europe/Berlin", "America/New_York" or "UTC"';
/** IANA Area/Location names; a bare abbreviation ("EST", "CET") or offset has no slash. */
const AREA_LOCATION = /^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/;

// Building an Intl.DateTimeFormat costs about 0.2 ms; a node loading 10,000 schedules
// validates the same few zones over and over. Bounded: zone names are a small closed set.
const verdicts = new Map<string, string | null>();
const MAX_CACHED = 1_000;

/** Null when `tz` is an IANA Area/Location name (or "UTC") that Intl knows, else what is wrong. */
export function validateTimeZone(tz: string): string | null {
  const cached = verdicts.get(tz);
  if (cached !== undefined) return cached;

  const verdict = checkTimeZone(tz);
  if (verdicts.size < MAX_CACHED) verdicts.set(tz, verdict);

  return verdict;
}

function checkTimeZone(tz: string): string | null {
  if (tz === '') return `time zone is empty; ${EXAMPLES}`;
  if (tz !== 'UTC' && !tz.includes('/')) {
    return `time zone "${tz}" is an abbreviation or offset, not an IANA name; ${EXAMPLES}`;
  }

  let resolved: string | undefined;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    resolved = undefined;
  }
  if (resolved === undefined || (tz !== 'UTC' && !AREA_LOCATION.test(tz))) {
    return `time zone "${tz}" is not a known IANA zone; ${EXAMPLES}`;
  }
  // Intl ignores case, but a stored name is compared and displayed as written.
  if (resolved !== tz && resolved.toLowerCase() === tz.toLowerCase()) {
    return `time zone "${tz}" is spelled differently in IANA; expected "${resolved}"`;
  }

  return null;
}
