import { type Interval, meanConfidenceInterval } from "../../metrics/index.js";
import type { Scenario } from "../scenario/types.js";
import type { WorldResult } from "../world/world.js";
import { PRECISION_DEFAULTS, type PrecisionResult, untilPrecise } from "./precision.js";
import { replicationSeed, simulateReplication } from "./simulate.js";

/** One figure of a comparison: both means, their difference and its 95% interval. */
export interface Difference {
  base: number;
  variant: number;
  /** variant - base, averaged over paired replications. */
  diff: number;
  /** 95% interval of the paired difference. */
  ci: Interval;
}

/**
 * A variant against a base on common random numbers (`compare`): each headline figure of
 * both, the paired difference and its 95% interval, and both sides' first replication over
 * time.
 * @example
 * const c = compare(base, variant, { replications: 5 });
 * c.flows.checkout.p99.diff; // seconds, variant - base
 * c.flows.checkout.p99.ci.low > 0; // the variant is slower, with 95% confidence
 */
export interface Comparison {
  base: string;
  variant: string;
  seed: number;
  replications: number;
  flows: Record<
    string,
    Record<"throughput" | "successRate" | "mean" | "p50" | "p95" | "p99", Difference>
  >;
  services: Record<
    string,
    Record<"utilization" | "throughput" | "mean" | "p99" | "rejected", Difference>
  >;
  totals: Record<"throughput" | "successRate" | "mean" | "p99", Difference>;
  /**
   * Where either side has costs or autoscalers: instance-hours over the measured period, and
   * their cost where both sides give every service one.
   */
  cost?: { instanceHours: Difference; total: Difference | null };
  /** Where both state objectives: seconds each was breached, by `flow metric` or `service metric`. */
  breaches?: Record<string, Difference>;
  /** Services autoscaled on either side: the time-averaged count of serving instances. */
  instances?: Record<string, Difference>;
  /** With `precision`: how many paired replications it took, and what decided it. */
  precision?: PrecisionResult;
  /** The first paired replication, window by window on both sides, for pictures. */
  timeline: ComparedTimeline;
}

/** One flow's windows on one side; null where the side has no such window or it finished none. */
export interface ComparedFlowWindows {
  /** Latency p99 of the requests finished in the window, seconds. */
  p99: (number | null)[];
  /** Successful requests per second. */
  throughput: (number | null)[];
  failures: (number | null)[];
}

/**
 * Both sides of the first paired replication (one seed) on one clock: the window ends of
 * either side, in order; a side's figures are null at a time it has no window for (another
 * duration or window length).
 */
export interface ComparedTimeline {
  /** Window ends, seconds since the measured period began. */
  time: number[];
  flows: Record<string, { base: ComparedFlowWindows; variant: ComparedFlowWindows }>;
  /** Each side's faults that have a window, on the same clock. */
  faults: {
    side: "base" | "variant";
    description: string;
    from: number;
    to: number | null;
  }[];
}

/** Paired replications a comparison makes unless told otherwise (at least 2, for intervals). */
export const COMPARE_REPLICATIONS = 5;

/**
 * Compare a variant with a base scenario on the same seeds (common random numbers): each
 * replication runs both with one seed, so the noise they share cancels in the difference, and
 * each figure's interval comes from the paired differences (Law, Simulation Modeling and
 * Analysis, §10.2). Services and flows present in only one of the two are left out.
 */
export function compare(
  base: Scenario,
  variant: Scenario,
  options: {
    seed?: number;
    replications?: number;
    /** Called with the fraction done (0..1) after each run. */
    onProgress?: (fraction: number) => void;
    /**
     * Stop when precise: double the paired replications until every headline difference
     * (flow mean, p99 and success; service utilization) has a 95% half-width within this
     * share of the base figure, up to `maxReplications` (default 100).
     */
    precision?: number;
    maxReplications?: number;
  } = {},
): Comparison {
  const seed = options.seed ?? base.seed;
  const n = options.replications ?? COMPARE_REPLICATIONS;
  if (!Number.isInteger(n) || n < 2) {
    throw new RangeError(`compare: replications must be an integer >= 2 for intervals, got ${n}`);
  }
  const pairs: [WorldResult, WorldResult][] = [];
  const extend = (to: number) => {
    for (let i = pairs.length; i < to; i++) {
      const s = replicationSeed(seed, i, to);
      const b = simulateReplication(base, s);
      options.onProgress?.((2 * i + 1) / (2 * to));
      pairs.push([b, simulateReplication(variant, s)]);
      options.onProgress?.((i + 1) / to);
    }
    return comparisonOf(base, variant, seed, pairs);
  };
  if (options.precision === undefined) return extend(n);
  const { value, precision } = untilPrecise(extend, differenceWidths, options.precision, {
    start: n,
    maxReplications: Math.max(n, options.maxReplications ?? PRECISION_DEFAULTS.maxReplications),
  });
  value.precision = precision;
  return value;
}

/** Each headline difference's 95% half-width over its base figure. */
function differenceWidths(c: Comparison): { label: string; relative: number }[] {
  const out: { label: string; relative: number }[] = [];
  const add = (label: string, d: Difference) => {
    if (!Number.isFinite(d.base) || d.base === 0 || !Number.isFinite(d.ci.low)) return;
    out.push({ label, relative: (d.ci.high - d.ci.low) / 2 / Math.abs(d.base) });
  };
  for (const [name, f] of Object.entries(c.flows)) {
    add(`${name} mean`, f.mean);
    add(`${name} p99`, f.p99);
    add(`${name} successRate`, f.successRate);
  }
  for (const [name, s] of Object.entries(c.services)) add(`${name} utilization`, s.utilization);
  return out;
}

/** The comparison from paired replications' results. */
function comparisonOf(
  base: Scenario,
  variant: Scenario,
  seed: number,
  pairs: readonly [WorldResult, WorldResult][],
): Comparison {
  const n = pairs.length;
  const diff = (get: (r: WorldResult) => number): Difference => {
    const b = pairs.map(([x]) => get(x));
    const v = pairs.map(([, y]) => get(y));
    const d = v.map((x, i) => x - b[i]!);
    const mean = (xs: number[]) => xs.reduce((a, c) => a + c, 0) / xs.length;
    return { base: mean(b), variant: mean(v), diff: mean(d), ci: meanConfidenceInterval(d) };
  };
  const shared = <T>(a: Record<string, T>, b: Record<string, T>) =>
    Object.keys(a).filter((k) => k in b);
  const flows: Comparison["flows"] = {};
  for (const name of shared(base.flows, variant.flows)) {
    const f = (r: WorldResult) => r.flows[name]!;
    flows[name] = {
      throughput: diff((r) => f(r).throughput),
      successRate: diff((r) => f(r).successRate),
      mean: diff((r) => f(r).latency.mean),
      p50: diff((r) => f(r).latency.p50),
      p95: diff((r) => f(r).latency.p95),
      p99: diff((r) => f(r).latency.p99),
    };
  }
  const services: Comparison["services"] = {};
  for (const name of shared(base.services, variant.services)) {
    const s = (r: WorldResult) => r.services[name]!;
    services[name] = {
      utilization: diff((r) => s(r).utilization),
      throughput: diff((r) => s(r).throughput),
      mean: diff((r) => s(r).latency.mean),
      p99: diff((r) => s(r).latency.p99),
      rejected: diff((r) => s(r).rejected),
    };
  }
  return {
    base: base.name,
    variant: variant.name,
    seed,
    replications: n,
    flows,
    services,
    totals: {
      throughput: diff((r) => r.totals.throughput),
      successRate: diff((r) => r.totals.successRate),
      mean: diff((r) => r.totals.latency.mean),
      p99: diff((r) => r.totals.latency.p99),
    },
    ...capacityOf(pairs, diff, shared(base.services, variant.services)),
    timeline: comparedTimeline(pairs[0]!, Object.keys(flows)),
  };
}

/** The first pair's timelines on one clock (see ComparedTimeline). */
function comparedTimeline(
  [b, v]: readonly [WorldResult, WorldResult],
  flows: readonly string[],
): ComparedTimeline {
  const time = [...new Set([...b.timeline, ...v.timeline].map((w) => w.time))].sort(
    (x, y) => x - y,
  );
  const side = (r: WorldResult, name: string): ComparedFlowWindows => {
    const at = new Map(r.timeline.map((w) => [w.time, w.flows[name]]));
    const get = (pick: (f: { throughput: number; p99: number; failures: number }) => number) =>
      time.map((t) => {
        const f = at.get(t);
        const x = f === undefined ? Number.NaN : pick(f);
        return Number.isFinite(x) ? x : null;
      });
    return {
      p99: get((f) => f.p99),
      throughput: get((f) => f.throughput),
      failures: get((f) => f.failures),
    };
  };
  const faults: ComparedTimeline["faults"] = [];
  for (const [name, r] of [
    ["base", b],
    ["variant", v],
  ] as const) {
    for (const f of r.faults) {
      if (f.window) faults.push({ side: name, description: f.description, ...f.window });
    }
  }
  // The flows either side's windows hold (past timeline.flows, not every one).
  const held = flows.filter(
    (n) => b.timeline.some((w) => n in w.flows) || v.timeline.some((w) => n in w.flows),
  );
  return {
    time,
    flows: Object.fromEntries(held.map((n) => [n, { base: side(b, n), variant: side(v, n) }])),
    faults,
  };
}

/**
 * What capacity costs on each side: instance-hours (a fixed service's are its instances × the
 * hours, so a side without costs or autoscalers still has them) and cost, time in breach of
 * each objective both state, and the instances of services autoscaled on either side.
 */
function capacityOf(
  pairs: readonly [WorldResult, WorldResult][],
  diff: (get: (r: WorldResult) => number) => Difference,
  services: string[],
): Pick<Comparison, "cost" | "breaches" | "instances"> {
  const [b, v] = pairs[0]!;
  const out: Pick<Comparison, "cost" | "breaches" | "instances"> = {};
  const hours = (r: WorldResult, name: string) =>
    r.cost?.services[name]?.instanceHours ??
    (r.services[name]!.instances.length * r.measured) / 3600;
  if (b.cost || v.cost) {
    out.cost = {
      instanceHours: diff((r) => services.reduce((a, n) => a + hours(r, n), 0)),
      total: b.cost?.total != null && v.cost?.total != null ? diff((r) => r.cost!.total!) : null,
    };
  }
  if (b.breaches && v.breaches) {
    const breaches: Record<string, Difference> = {};
    for (const scope of ["flows", "services"] as const) {
      for (const [name, metrics] of Object.entries(b.breaches[scope])) {
        for (const metric of Object.keys(metrics)) {
          if (v.breaches[scope][name]?.[metric] === undefined) continue;
          const label = `${scope === "flows" ? "" : "service "}${name} ${metric}`;
          breaches[label] = diff((r) => r.breaches![scope][name]![metric]!);
        }
      }
    }
    out.breaches = breaches;
  }
  const scaled = services.filter((n) => b.autoscale?.[n] || v.autoscale?.[n]);
  if (scaled.length > 0) {
    out.instances = Object.fromEntries(
      scaled.map((n) => [
        n,
        diff((r) => r.autoscale?.[n]?.instances.mean ?? r.services[n]!.instances.length),
      ]),
    );
  }
  return out;
}
