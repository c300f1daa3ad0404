import { analyze } from "../analysis/analyze.js";
import type { Report } from "../report.js";
import { withDuration } from "../scenario/normalise.js";
import type { Scenario } from "../scenario/types.js";
import { findBreach, scaleWorkload } from "./saturation.js";
import { simulate } from "./simulate.js";
import { analyticCounts, chooseService, loadScale, withInstances } from "./sizing.js";
import { checkSlos, hasSlo, type SloCheck } from "./slo.js";

export interface PlanOptions {
  /** Plan for this arrival rate (open workloads), per second. */
  rate?: number;
  /** Plan for the scenario's load times this (rates, profile steps, or users). */
  scale?: number;
  /** Run seed; defaults to the scenario's. Every candidate runs on the same seeds. */
  seed?: number;
  /** Replications per candidate, for the 95% intervals (default 3, at least 2). */
  replications?: number;
  /** Measured duration per replication, seconds (default: the scenario's, at most 5 min). */
  duration?: number;
  /** Give up after this many simulations (default 60). */
  maxSimulations?: number;
  /** Fewest instances a service may have (default 1). */
  minInstances?: number;
  /** Called after each simulation with a line saying what it tried. */
  onStep?: (message: string) => void;
  /**
   * How each candidate is simulated (default `simulate`): any function with its contract, such
   * as the CLI's, which spreads the replications over threads.
   */
  simulate?: typeof simulate;
}

export interface PlanResult {
  /** The run seed every candidate ran on. */
  seed: number;
  /** Whether every objective holds with 95% confidence at the planned counts. */
  feasible: boolean;
  /** Why not, when not. */
  reason: string | null;
  /** The load planned for: the open rate (per second) or the scale of the scenario's load. */
  load: { rate: number | null; scale: number };
  instances: Record<string, number>;
  /** Instance-hours cost per hour, where every service has a cost; null otherwise. */
  cost: number | null;
  /** The report at the planned counts (with replications, so with intervals). */
  report: Report;
  /** The objectives checked at the planned counts. */
  slo: SloCheck[];
  /**
   * Per service, what stops it from having one instance fewer: an objective (`checkout p99`),
   * `maxUtilization`, `stability` (utilization would reach 1), or `minimum`.
   */
  binding: Record<string, string>;
  /**
   * How much more load the plan holds before the first objective breaks: 0.25 means 25% more
   * (bracketed by simulation to within 5%); null when infeasible.
   */
  headroom: number | null;
  simulations: number;
  /** The measured duration per replication it settled on (lengthened for thin percentiles). */
  duration: number;
}

/** The planner's defaults, where `PlanOptions` leaves a figure out. */
export const PLAN_DEFAULTS = {
  replications: 3,
  maxSimulations: 60,
  minInstances: 1,
  /** The measured duration per replication is the scenario's, at most this (seconds). */
  maxDuration: 300,
} as const;

/** Past this many doublings of the duration, percentiles that stay thin are reported so. */
const MAX_LENGTHENINGS = 4;
/** Timeline windows per candidate run: a plan reads no timeline, and fewer closes cost less. */
const PLAN_WINDOWS = 10;

/**
 * The fewest instances per service (least total cost, when every service has a cost) such
 * that every objective of the scenario's `slo` holds with 95% confidence at the given load.
 *
 * 1. Analytic sizing: each service gets the fewest instances that keep its offered
 *    utilization below 1 and below its `maxUtilization` objective (M/M/c loads from
 *    `analyze`, iterated, as blocking callers' loads depend on their callees).
 * 2. Feasibility: the scenario with 100 times those counts is simulated; an objective that
 *    fails even then (a p99 below the bare service time, a success rate above the series
 *    reliability) cannot be met by adding instances, and the plan says so.
 * 3. Verification by simulation, on common random numbers across candidates: while an
 *    objective is not met with 95% confidence, one instance is added to the service that
 *    gains most for its cost (the busiest on a breached flow, per unit of cost). Percentiles
 *    resting on fewer than 10 samples beyond them make the run longer instead.
 * 4. Evidence: each service is tried with one instance fewer, which names the objective that
 *    binds it (and shows the counts are minimal one at a time); the headroom is bracketed by
 *    scaling the load up.
 */
export function plan(scenario: Scenario, options: PlanOptions = {}): PlanResult {
  if (!hasSlo(scenario.slo)) {
    throw new RangeError("plan: the scenario states no objectives (an slo block)");
  }
  const replications = options.replications ?? PLAN_DEFAULTS.replications;
  if (!Number.isInteger(replications) || replications < 2) {
    throw new RangeError(`plan: replications must be an integer >= 2, got ${replications}`);
  }
  const maxSimulations = options.maxSimulations ?? PLAN_DEFAULTS.maxSimulations;
  const minInstances = options.minInstances ?? PLAN_DEFAULTS.minInstances;
  const seed = options.seed ?? scenario.seed;
  const scale = loadScale(scenario, options);
  const base: Scenario = { ...scenario, workload: scaleWorkload(scenario.workload, scale) };
  let duration = options.duration ?? Math.min(scenario.duration, PLAN_DEFAULTS.maxDuration);
  const names = Object.keys(scenario.services);
  let simulations = 0;
  const binding: Record<string, string> = {};

  const withCounts = (counts: Record<string, number>, load = 1): Scenario => ({
    ...withDuration(withInstances(base, counts), duration, PLAN_WINDOWS),
    warmup: Math.min(base.warmup, duration / 5),
    workload: scaleWorkload(base.workload, load),
  });
  const run = (counts: Record<string, number>, load = 1) => {
    simulations++;
    const candidate = withCounts(counts, load);
    const report = (options.simulate ?? simulate)(candidate, { seed, replications });
    return { report, checks: checkSlos(report, candidate.slo) };
  };
  const costOf = (counts: Record<string, number>): number | null =>
    names.every((n) => base.services[n]!.cost !== null)
      ? names.reduce((a, n) => a + counts[n]! * base.services[n]!.cost!, 0)
      : null;
  const step = (message: string) => options.onStep?.(message);

  // 1. Analytic sizing.
  const counts = analyticCounts(base, names, minInstances);
  step(`analytic sizing: ${describeCounts(counts)}`);

  // 2. Feasibility with capacity to spare.
  const ample = Object.fromEntries(names.map((n) => [n, counts[n]! * 100]));
  const roomy = run(ample);
  step(`feasibility check with 100x the instances: ${verdict(roomy.checks)}`);
  const impossible = roomy.checks.filter((c) => !c.ok);
  if (impossible.length > 0) {
    const list = impossible.map((c) => `${c.name} ${c.metric}`).join(", ");
    return result(false, `not met even with 100 times the instances: ${list}`, roomy);
  }

  // 3. Verify and adjust.
  let lengthenings = 0;
  let current = run(counts);
  step(`${describeCounts(counts)}: ${verdict(current.checks)}`);
  while (true) {
    const thin = current.checks.some((c) => c.thin);
    const unmet = current.checks.filter((c) => !c.ok || c.confident === false);
    if (unmet.length === 0 && !thin) break;
    if (simulations >= maxSimulations) {
      return result(false, `no plan within ${maxSimulations} simulations`, current);
    }
    if (thin && lengthenings < MAX_LENGTHENINGS) {
      lengthenings++;
      duration *= 2;
      current = run(counts);
      step(`too few samples for a percentile: duration ${duration} s: ${verdict(current.checks)}`);
      continue;
    }
    if (unmet.length === 0) break; // thin after every lengthening: reported by the checks
    const target = chooseService(current.report, unmet, base, names);
    counts[target]!++;
    current = run(counts);
    step(`+1 ${target}: ${describeCounts(counts)}: ${verdict(current.checks)}`);
  }

  // 4. Evidence: what binds each service, and the headroom.
  for (const n of names) {
    if (counts[n]! <= minInstances) {
      binding[n] = "minimum";
      continue;
    }
    const fewer = { ...counts, [n]: counts[n]! - 1 };
    const a = analyze(withCounts(fewer)).services[n]!;
    const maxU = base.slo.services[n]?.maxUtilization;
    if (a.utilization >= 1) binding[n] = "stability";
    else if (maxU !== undefined && a.utilization > maxU) binding[n] = "maxUtilization";
    else {
      const trial = run(fewer);
      const broken = trial.checks.filter((c) => !c.ok || c.confident === false);
      binding[n] =
        broken.length > 0 ? broken.map((c) => `${c.name} ${c.metric}`).join(", ") : "none";
      step(`-1 ${n}: ${verdict(trial.checks)}`);
    }
  }
  // Grow the load until an objective breaks (up to 8x), then bisect to within 5%.
  const headroom = findBreach(breaks, { factor: 1.25, limit: 8 }).holds - 1;
  step(`headroom: holds ${(headroom * 100).toFixed(0)}% more load`);
  return { ...result(true, null, current), headroom };

  function breaks(load: number): boolean {
    if (analyze(withCounts(counts, load)).unstable.length > 0) return true;
    const trial = run(counts, load);
    return trial.checks.some((c) => !c.ok);
  }

  function result(
    feasible: boolean,
    reason: string | null,
    at: { report: Report; checks: SloCheck[] },
  ): PlanResult {
    return {
      seed,
      feasible,
      reason,
      load: { rate: base.workload.kind === "open" ? base.workload.rate : null, scale },
      instances: { ...counts },
      cost: costOf(counts),
      report: at.report,
      slo: at.checks,
      binding,
      headroom: null,
      simulations,
      duration,
    };
  }
}

function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([n, c]) => `${n} ${c}`)
    .join(", ");
}

function verdict(checks: SloCheck[]): string {
  const broken = checks.filter((c) => !c.ok);
  const unsure = checks.filter((c) => c.ok && c.confident === false);
  if (broken.length === 0 && unsure.length === 0) return "every objective met";
  return [
    broken.length > 0 ? `breached: ${broken.map((c) => `${c.name} ${c.metric}`).join(", ")}` : "",
    unsure.length > 0
      ? `not confident: ${unsure.map((c) => `${c.name} ${c.metric}`).join(", ")}`
      : "",
  ]
    .filter(Boolean)
    .join("; ");
}
