/**
 * Units in scenario files. Durations: a number is seconds; a string takes us, ms, s, m (or
 * min) and h, e.g. `250ms`, `1.5s`, `2m`, `1h`. Rates: a number is per second; a string takes
 * `/s`, `/min` (or `/m`) and `/h`, e.g. `200/s`, `12000/min`, `3/h`.
 */

const NUMBER = String.raw`(\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?`;
const DURATION_BODY = `(${NUMBER})\\s*(us|µs|ms|s|sec|m|min|h)?`;
const RATE_BODY = `(${NUMBER})\\s*(?:/\\s*(s|sec|m|min|h)|rps)?`;
const DURATION = new RegExp(`^${DURATION_BODY}$`, "i");
const RATE = new RegExp(`^${RATE_BODY}$`, "i");

/** A pattern without flags (as JSON Schema's are): each letter as [xX], blanks around. */
function schemaPattern(body: string): string {
  // Escapes (\d, \s, \.) stay as they are; every other letter matches either case.
  // The micro sign folds, as /i folds it, with the Greek mu in both cases.
  const anyCase = body
    .replace(/\\.|[a-z]/g, (m) => (m.length === 2 ? m : `[${m}${m.toUpperCase()}]`))
    .replace(/µ/g, "[µμΜ]");
  return `^\\s*${anyCase}\\s*$`;
}

/** The strings a duration may be, as a JSON Schema pattern: `250ms`, `1.5s`, `2m`, `1h`. */
export const DURATION_PATTERN = schemaPattern(DURATION_BODY);
/** The strings a rate may be, as a JSON Schema pattern: `200/s`, `12000/min`, `3/h`. */
export const RATE_PATTERN = schemaPattern(RATE_BODY);

const SECONDS: Record<string, number> = {
  us: 1e-6,
  µs: 1e-6,
  // The Greek mu, which the micro sign lowercases to when written as a capital (Μs).
  μs: 1e-6,
  ms: 1e-3,
  s: 1,
  sec: 1,
  m: 60,
  min: 60,
  h: 3600,
};

/**
 * Seconds for a duration (`"250ms"`, `"2m"`, `1.5`), or undefined when it is not a finite one.
 *
 * @example
 * parseDuration("2m"); // 120
 * parseDuration("soon"); // undefined
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== "string") return undefined;
  const m = DURATION.exec(value.trim());
  if (!m) return undefined;
  const seconds = Number(m[1]) * SECONDS[(m[3] ?? "s").toLowerCase()]!;
  return Number.isFinite(seconds) ? seconds : undefined;
}

/**
 * Events per second for a rate (`"200/s"`, `"12000/min"`, `5`), or undefined.
 *
 * @example
 * parseRate("12000/min"); // 200
 */
export function parseRate(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== "string") return undefined;
  const m = RATE.exec(value.trim());
  if (!m) return undefined;
  const perSecond = Number(m[1]) / SECONDS[(m[3] ?? "s").toLowerCase()]!;
  return Number.isFinite(perSecond) ? perSecond : undefined;
}

/**
 * A human duration for messages and tables: `120 ms`, `1.5 s`, `2 m`.
 *
 * @example
 * formatDuration(0.25); // "250 ms"
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const abs = Math.abs(seconds);
  if (abs === 0) return "0 s";
  if (abs < 1e-3) return `${trim(seconds * 1e6)} µs`;
  if (abs < 1) return `${trim(seconds * 1e3)} ms`;
  if (abs < 120) return `${trim(seconds)} s`;
  if (abs < 7200) return `${trim(seconds / 60)} min`;
  return `${trim(seconds / 3600)} h`;
}

function trim(x: number): string {
  return String(Number(x.toPrecision(4)));
}

/**
 * A whole number with thousands separators, `100,000`, without Intl: the first
 * `toLocaleString` of a process loads ICU's number formats, some 10 ms, and messages need
 * none of it.
 */
export function formatCount(n: number): string {
  const whole = Math.round(n);
  if (!Number.isFinite(whole)) return String(n);
  const digits = String(Math.abs(whole));
  return (whole < 0 ? "-" : "") + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
