import { type Interval, meanConfidenceInterval } from "../../metrics/index.js";
import { byCount } from "../world/measure/results.js";

/**
 * Replications in, one figure out: every number becomes the mean over replications, in the
 * same shape (objects by key, lists by position), so a consumer's types never change. Values
 * that are not numbers are taken from the first replication. null (a figure that could not
 * be measured in some replication) is left out of the mean, and stays null if every one is.
 */
export function meanOf<T>(values: readonly T[]): T {
  return walk(values, (xs) => xs.reduce((a, b) => a + b, 0) / xs.length) as T;
}

/** The mean of count records whose keys may differ: a missing key counts 0; largest first. */
export function meanOfCounts(records: readonly Record<string, number>[]): Record<string, number> {
  const sums = new Map<string, number>();
  for (const r of records) {
    for (const [k, v] of Object.entries(r)) sums.set(k, (sums.get(k) ?? 0) + v);
  }
  return byCount(new Map([...sums].map(([k, v]) => [k, v / records.length])));
}

/** The 95% confidence intervals of every numeric figure, in the same shape as `meanOf`. */
export function intervalsOf(values: readonly unknown[]): unknown {
  // A figure that is never negative (a count, a rate, a latency) has no negative bound.
  return walk(
    values,
    (xs) => {
      const ci = meanConfidenceInterval(xs);
      return xs.every((x) => x >= 0) ? { low: Math.max(0, ci.low), high: ci.high } : ci;
    },
    true,
  );
}

function walk(
  values: readonly unknown[],
  reduce: (xs: number[]) => number | Interval,
  numbersOnly = false,
): unknown {
  const first = values[0];
  if (typeof first === "number" || first === null) {
    const xs = values.filter((v): v is number => typeof v === "number" && !Number.isNaN(v));
    return xs.length === 0 ? null : reduce(xs);
  }
  if (Array.isArray(first)) {
    return first.map((_, i) =>
      walk(
        values.map((v) => (v as unknown[])[i]),
        reduce,
        numbersOnly,
      ),
    );
  }
  if (first !== null && typeof first === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first)) {
      const child = walk(
        values.map((v) => (v as Record<string, unknown>)?.[key]),
        reduce,
        numbersOnly,
      );
      if (!numbersOnly || (child !== undefined && child !== null && !isEmpty(child)))
        out[key] = child;
    }
    return out;
  }
  return numbersOnly ? undefined : first;
}

function isEmpty(x: unknown): boolean {
  return typeof x === "object" && x !== null && !Array.isArray(x) && Object.keys(x).length === 0;
}
