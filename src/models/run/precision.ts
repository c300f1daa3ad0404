import type { Interval } from "../../metrics/index.js";
import type { PrecisionResult, Report } from "../report.js";

export type { PrecisionResult } from "../report.js";

/** Where a run with `precision` starts, and the most it may take unless told. */
export const PRECISION_DEFAULTS = { start: 5, maxReplications: 100 } as const;

/**
 * The headline figures a precise run is judged on: per flow its mean and p99 latency and its
 * success rate, per service its utilization, each with its 95% interval.
 */
export function headlineFigures(
  report: Report,
): { label: string; value: number; ci: Interval | null }[] {
  const out: { label: string; value: number; ci: Interval | null }[] = [];
  for (const [name, f] of Object.entries(report.flows)) {
    out.push({ label: `${name} mean`, value: f.latency.mean, ci: f.ci?.latency?.mean ?? null });
    out.push({ label: `${name} p99`, value: f.latency.p99, ci: f.ci?.latency?.p99 ?? null });
    out.push({ label: `${name} successRate`, value: f.successRate, ci: f.ci?.successRate ?? null });
  }
  for (const [name, s] of Object.entries(report.services))
    out.push({ label: `${name} utilization`, value: s.utilization, ci: s.ci?.utilization ?? null });
  return out;
}

/**
 * Each headline figure's 95% half-width over its value; figures of no value are skipped.
 *
 * @example
 * relativeHalfWidths(simulate(scenario, { replications: 5 }));
 * // [{ label: "checkout p99", relative: 0.031 }, ...]: each 95% half-width / figure
 */
export function relativeHalfWidths(report: Report): { label: string; relative: number }[] {
  return headlineFigures(report)
    .filter((f) => Number.isFinite(f.value) && f.value !== 0)
    .map((f) => ({
      label: f.label,
      relative:
        f.ci === null ? Number.POSITIVE_INFINITY : (f.ci.high - f.ci.low) / 2 / Math.abs(f.value),
    }));
}

/**
 * Replications until every headline figure's 95% half-width is within `target` of its value
 * (the confidence-interval stopping rule of JMT's simulators): `run(n)` gives the report of
 * replications 0..n-1; n starts at `start` and doubles, up to `maxReplications`.
 * @throws {RangeError} for a target outside (0, 1) or a cap below 2
 *
 * @example
 * const report = toPrecision((n) => simulate(scenario, { replications: n }), 0.02);
 * report.precision?.reached; // every headline figure within ±2%
 */
export function toPrecision(
  run: (replications: number) => Report,
  target: number,
  options: { start?: number; maxReplications?: number } = {},
): Report {
  const { value, precision } = untilPrecise(run, relativeHalfWidths, target, options);
  value.precision = precision;
  return value;
}

/**
 * The stopping rule itself, for any result with intervals: `run(n)` at n = start, doubling up
 * to the cap, until every one of `widths(result)` is within `target`.
 */
export function untilPrecise<T>(
  run: (replications: number) => T,
  widths: (result: T) => { label: string; relative: number }[],
  target: number,
  options: { start?: number; maxReplications?: number } = {},
): { value: T; precision: PrecisionResult } {
  if (!(target > 0 && target < 1))
    throw new RangeError(`precision: expected a share in (0, 1) such as 0.02, got ${target}`);
  const max = options.maxReplications ?? PRECISION_DEFAULTS.maxReplications;
  if (!Number.isInteger(max) || max < 2)
    throw new RangeError(`precision: maxReplications must be an integer >= 2, got ${max}`);
  let n = Math.min(Math.max(2, options.start ?? PRECISION_DEFAULTS.start), max);
  let decidedBy: string | null = null;
  for (;;) {
    const value = run(n);
    const sorted = widths(value).sort((a, b) => b.relative - a.relative);
    const widest = sorted[0] ?? { label: null, relative: 0 };
    const reached = widest.relative <= target;
    if (reached || n >= max) {
      const precision = {
        target,
        replications: n,
        reached,
        decidedBy: reached ? decidedBy : widest.label,
        widest: widest.relative,
      };
      return { value, precision };
    }
    decidedBy = widest.label;
    n = Math.min(n * 2, max);
  }
}
