import { analyze } from "../analysis/analyze.js";
import type { Report } from "../report.js";
import { withDuration } from "../scenario/normalise.js";
import type { Scenario } from "../scenario/types.js";
import {
  classify,
  describeCounts,
  type InsensitiveObjective,
  insensitiveObjectives,
  verdict,
} from "./decisions.js";
import { findBreach, scaleWorkload } from "./saturation.js";
import { simulate } from "./simulate.js";
import { analyticCounts, chooseService, loadScale, withInstances } from "./sizing.js";
import { checkSlos, hasSlo, type SloCheck } from "./slo.js";

export type { InsensitiveObjective } from "./decisions.js";

import type { PlanOptions, PlanResult } from "./planTypes.js";

export type { PlanOptions, PlanResult };

/** The planner's defaults, where `PlanOptions` leaves a figure out. */
export const PLAN_DEFAULTS = {
  replications: 3,
  /** The most replications one decision may take before an uncertain objective counts as unmet. */
  maxReplications: 48,
  maxSimulations: 200,
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
 * 1. Analytic sizing (the fewest instances below utilization 1 and `maxUtilization`).
 * 2. Feasibility with 100 times those counts: what fails even then is infeasible; success
 *    rates capacity cannot move are set aside (judged, never bought for).
 * 3. Sequential decisions on common random numbers: uncertain objectives double the
 *    replications; only a confident breach buys an instance, for the service on a breached
 *    flow with the most queueing per unit of cost.
 * 4. Minimality: one instance fewer of each service, most expensive first, kept while every
 *    objective holds with confidence; what breaks a removal binds the service.
 * 5. Headroom by the same 95% rule, bracketed to within 5%.
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
  const maxReplications = Math.max(
    replications,
    options.maxReplications ?? PLAN_DEFAULTS.maxReplications,
  );
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
  const run = (counts: Record<string, number>, load = 1, reps = replications) => {
    simulations++;
    const candidate = withCounts(counts, load);
    const report = (options.simulate ?? simulate)(candidate, {
      seed,
      replications: reps,
      ...(options.precision === undefined ? {} : { precision: options.precision, maxReplications }),
    });
    return { report, checks: checkSlos(report, candidate.slo), replications: reps };
  };
  const costOf = (counts: Record<string, number>): number | null =>
    names.every((n) => base.services[n]!.cost !== null)
      ? names.reduce((a, n) => a + counts[n]! * base.services[n]!.cost!, 0)
      : null;
  const step = (message: string) => options.onStep?.(message);
  /** Objectives that capacity cannot move: judged, never paid for. */
  let insensitive: InsensitiveObjective[] = [];
  const sensitive = (c: SloCheck) =>
    !insensitive.some((i) => i.name === c.name && i.metric === c.metric);

  /**
   * The verdict on a candidate, decided sequentially: an objective whose interval holds its
   * target is uncertain, and the replications double (on the same seeds, so the first ones
   * are the same runs) until every objective is met or breached with 95% confidence, or the
   * cap is reached, where what is still uncertain counts as not met.
   */
  const decide = (counts: Record<string, number>, load = 1) => {
    let reps = replications;
    for (;;) {
      const trial = run(counts, load, reps);
      const open = trial.checks.filter((c) => sensitive(c) && classify(c) === "uncertain");
      if (open.length === 0 || reps >= maxReplications || simulations >= maxSimulations)
        return trial;
      reps = Math.min(reps * 2, maxReplications);
    }
  };
  const unmet = (checks: SloCheck[]) => checks.filter((c) => sensitive(c) && classify(c) !== "met");
  const said = (at: { checks: SloCheck[]; replications: number }) =>
    `${verdict(at.checks.filter(sensitive))} (${at.replications} replications)`;

  // 1. Analytic sizing.
  const counts = analyticCounts(base, names, minInstances);
  step(`analytic sizing: ${describeCounts(counts)}`);

  // 2. Feasibility with capacity to spare; objectives capacity cannot move are set aside.
  const ample = Object.fromEntries(names.map((n) => [n, counts[n]! * 100]));
  const roomy = run(ample);
  step(`feasibility check with 100x the instances: ${verdict(roomy.checks)}`);
  const impossible = roomy.checks.filter((c) => !c.ok);
  if (impossible.length > 0) {
    const list = impossible.map((c) => `${c.name} ${c.metric}`).join(", ");
    return result(false, `not met even with 100 times the instances: ${list}`, roomy);
  }
  insensitive = insensitiveObjectives(withCounts(ample), withCounts(counts), roomy.checks);
  for (const i of insensitive)
    step(
      `${i.name} ${i.metric}: capacity cannot move it (ceiling ${i.ceiling.toPrecision(6)}); judged, not bought`,
    );

  // 3. Buy capacity only for confident breaches.
  let lengthenings = 0;
  let current = decide(counts);
  step(`${describeCounts(counts)}: ${said(current)}`);
  while (true) {
    const thin = current.checks.some((c) => c.thin);
    const short = unmet(current.checks);
    if (short.length === 0 && !thin) break;
    if (simulations >= maxSimulations) {
      return result(false, `no plan within ${maxSimulations} simulations`, current);
    }
    if (thin && lengthenings < MAX_LENGTHENINGS) {
      lengthenings++;
      duration *= 2;
      current = decide(counts);
      step(`too few samples for a percentile: duration ${duration} s: ${said(current)}`);
      continue;
    }
    if (short.length === 0) break; // thin after every lengthening: reported by the checks
    const target = chooseService(current.report, short, base, names);
    counts[target]!++;
    current = decide(counts);
    step(`+1 ${target}: ${describeCounts(counts)}: ${said(current)}`);
  }

  // 4. Minimality: one instance fewer of each service, most expensive first, kept wherever
  // every objective still holds with confidence; again until no removal holds. The binding
  // objective of each service is what broke its last removal.
  const order = [...names].sort(
    (a, b) => (base.services[b]!.cost ?? 1) - (base.services[a]!.cost ?? 1) || (a < b ? -1 : 1),
  );
  const tried = new Map<string, string>();
  for (let removed = true; removed && simulations < maxSimulations; ) {
    removed = false;
    for (const n of order) {
      if (tried.has(n)) continue;
      const reason = removalBlocker(n);
      if (reason !== null) {
        tried.set(n, reason);
        continue;
      }
      const fewer = { ...counts, [n]: counts[n]! - 1 };
      const trial = decide(fewer);
      const broken = unmet(trial.checks);
      step(`-1 ${n}: ${said(trial)}`);
      if (broken.length === 0 && !trial.checks.some((c) => c.thin)) {
        counts[n]!--;
        current = trial;
        removed = true;
        tried.clear();
      } else {
        tried.set(n, broken.map((c) => `${c.name} ${c.metric}`).join(", ") || "too few samples");
      }
    }
  }
  for (const n of names) binding[n] = tried.get(n) ?? removalBlocker(n) ?? "none";

  // 5. Headroom, by the plan's own rule: a load holds when every objective does, confidently.
  const headroom = findBreach(breaks, { factor: 1.25, limit: 8 }).holds - 1;
  step(`headroom: holds ${(headroom * 100).toFixed(0)}% more load`);
  return { ...result(true, null, current), headroom };

  /** Why a service cannot lose an instance without simulating, or null. */
  function removalBlocker(n: string): string | null {
    if (counts[n]! <= minInstances) return "minimum";
    const a = analyze(withCounts({ ...counts, [n]: counts[n]! - 1 })).services[n]!;
    const maxU = base.slo.services[n]?.maxUtilization;
    if (a.utilization >= 1) return "stability";
    if (maxU !== undefined && a.utilization > maxU) return "maxUtilization";
    return null;
  }

  function breaks(load: number): boolean {
    if (analyze(withCounts(counts, load)).unstable.length > 0) return true;
    return unmet(decide(counts, load).checks).length > 0;
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
      insensitive,
      headroom: null,
      simulations,
      duration,
    };
  }
}
