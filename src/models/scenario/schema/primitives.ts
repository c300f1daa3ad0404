import * as z from "zod";
import { suggestion } from "../didYouMean.js";
import { LIMITS } from "../normalise.js";
import { DURATION_PATTERN, formatCount, parseDuration, parseRate, RATE_PATTERN } from "../units.js";

/** The building blocks of the schema: checks that say what they expected, durations, rates. */

/** What a service or flow name may be: letters, digits, - and _, starting with a letter. */
/**
 * A schema built on its first use, then kept: zod builds a schema's objects when it is made, and
 * building them all when the module loads would cost every `import "meshsim"` the time.
 */
export function once<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => {
    built ??= build();
    return built;
  };
}

export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** A value in words, for messages: `"abc"`, `-2`, `a list`, `an object`. */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null)
    return String(value);
  if (Array.isArray(value)) return "a list";
  return "an object";
}

/**
 * How meshsim runs a zod parse, the whole scenario's and a distribution's nested one alike:
 * its own messages (describeIssue), and jitless: a scenario is parsed once, so compiling zod's
 * fast path (a new Function per object schema) costs more than it saves, and a parse that
 * compiles no code works under a strict Content Security Policy (zod only probes for eval
 * once, when it builds a schema, and catches the refusal). A test holds parsing to that.
 */
export const PARSE_OPTIONS = {
  error: describeIssue,
  jitless: true,
} as const;

/** zod's type names as a message says them. */
const TYPE_NAMES: Record<string, string> = {
  object: "an object",
  array: "a list",
  string: "a string",
  number: "a number",
  boolean: "true or false",
  record: "an object",
};

/**
 * zod's error hook: for unknown keys, the schema that raised the issue is at hand only here, so
 * the "did you mean" for each key is worked out now, one line per key, in the order of `keys`.
 */
export function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  // zod's own words ("Invalid input") where a check gave none of its own: what was expected.
  if (issue.code === "invalid_type" || issue.code === "invalid_union") {
    if (issue.input === undefined) return "required";
    const what =
      issue.code === "invalid_type"
        ? (TYPE_NAMES[issue.expected] ?? issue.expected)
        : "a valid value";
    return `expected ${what}, got ${show(issue.input)}`;
  }
  if (issue.code !== "unrecognized_keys") return undefined;
  const shape = (issue.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def
    ?.shape;
  const known = Object.keys(shape ?? {});
  return issue.keys
    .map((key) => {
      const hint = suggestion(key, known);
      return `unknown key${hint || (known.length > 0 ? `; expected one of ${known.join(", ")}` : "")}`;
    })
    .join("\n");
}

/** Re-raise the issues of a nested parse inside a transform, keeping their paths and messages. */
export function forwardIssues(
  ctx: { issues: z.core.$ZodRawIssue[] },
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
): void {
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const lines = issue.message.split("\n");
      issue.keys.forEach((key, i) => {
        ctx.issues.push({
          code: "custom",
          path: [...issue.path, key],
          message: lines[i] ?? "unknown key",
          input,
        });
      });
    } else {
      ctx.issues.push({ code: "custom", path: issue.path, message: issue.message, input });
    }
  }
}

export const expected = (what: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined ? "required" : `expected ${what}, got ${show(issue.input)}`,
});

/** A limit of meshsim's, in words: `at most 10,000 (meshsim's limit for instances)`. */
const atMost = (limit: number, what: string) => ({
  error: (issue: { input?: unknown }) =>
    `expected at most ${formatCount(limit)} (meshsim's limit for ${what}), got ${show(issue.input)}`,
});

/** A positive integer, at most `limit` (a bound that keeps memory and time in reach). */
export const positiveInteger = (limit?: { max: number; what: string }) => {
  const n = z
    .number(expected("a positive integer"))
    .int(expected("a positive integer"))
    .positive(expected("a positive integer"));
  return limit ? n.max(limit.max, atMost(limit.max, limit.what)) : n;
};
export const nonNegativeInteger = (limit?: { max: number; what: string }) => {
  const n = z
    .number(expected("an integer >= 0"))
    .int(expected("an integer >= 0"))
    .nonnegative(expected("an integer >= 0"));
  return limit ? n.max(limit.max, atMost(limit.max, limit.what)) : n;
};
export const positiveNumber = () =>
  z.number(expected("a number > 0")).positive(expected("a number > 0"));
export const nonNegativeNumber = () =>
  z.number(expected("a number >= 0")).nonnegative(expected("a number >= 0"));
export const probability = () =>
  z
    .number(expected("a probability in [0, 1]"))
    .min(0, expected("a probability in [0, 1]"))
    .max(1, expected("a probability in [0, 1]"));

/**
 * Why a duration is out of meshsim's range, or null: at most LIMITS.maxSeconds, and a
 * non-zero one at least LIMITS.minSeconds (below it, rates such as 1/mean overflow).
 */
export function durationRange(seconds: number): string | null {
  if (seconds > LIMITS.maxSeconds)
    return `expected at most ${LIMITS.maxSeconds.toExponential()} s (meshsim's limit for durations)`;
  if (seconds > 0 && seconds < LIMITS.minSeconds)
    return `expected 0 or at least ${LIMITS.minSeconds.toExponential()} s (meshsim's shortest duration)`;
  return null;
}

/** A duration: seconds as a number, or `250ms`, `1.5s`, `2m`, `1h`. */
export const duration = (positive = false) =>
  z
    .union(
      [z.number(), z.string().meta({ pattern: DURATION_PATTERN })],
      expected("a duration such as 250ms, 1.5s or 2m"),
    )
    .transform((v, ctx) => {
      const seconds = parseDuration(v);
      if (seconds === undefined || (positive && seconds === 0)) {
        ctx.issues.push({
          code: "custom",
          input: v,
          message: `expected a ${positive ? "positive " : ""}duration such as 250ms, 1.5s or 2m, got ${show(v)}`,
        });
        return z.NEVER;
      }
      const range = durationRange(seconds);
      if (range !== null) {
        ctx.issues.push({ code: "custom", input: v, message: `${range}, got ${show(v)}` });
        return z.NEVER;
      }
      return seconds;
    });

/** A rate: per second as a number, or `200/s`, `12000/min`, `3/h`. */
export const rate = (allowZero = false) =>
  z
    .union(
      [z.number(), z.string().meta({ pattern: RATE_PATTERN })],
      expected("a rate such as 200/s or 12000/min"),
    )
    .transform((v, ctx) => {
      const perSecond = parseRate(v);
      if (perSecond === undefined || (!allowZero && perSecond === 0)) {
        ctx.issues.push({
          code: "custom",
          input: v,
          message: `expected a ${allowZero ? "" : "positive "}rate such as 200/s or 12000/min, got ${show(v)}`,
        });
        return z.NEVER;
      }
      if (perSecond > LIMITS.maxRate) {
        ctx.issues.push({
          code: "custom",
          input: v,
          message: `expected at most ${LIMITS.maxRate.toExponential()}/s (meshsim's limit for rates), got ${show(v)}`,
        });
        return z.NEVER;
      }
      return perSecond;
    });
