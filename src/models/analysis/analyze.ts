import { mva } from "../../metrics/index.js";
import { createDistribution } from "../../sim/index.js";
import type { AnalyticFlow, AnalyticReport, AnalyticService } from "../report.js";
import { compileFlows, GATEWAY } from "../scenario/callTree.js";
import type { Scenario } from "../scenario/types.js";
import {
  bindTree,
  hasParallel,
  type Node,
  sequenceSuccess,
  sequenceTime,
  visitSequence,
} from "./calls.js";
import { type StationModel, stationFigures, stationModel } from "./stations.js";

/**
 * The most passes of the fixed-point iteration between loads, blocking and hold times; it
 * stops as soon as a pass changes no station's figures.
 */
const MAX_PASSES = 100;

/**
 * The analytic prediction of a scenario, without simulation. Offered load per station comes
 * from the workload, the mix and the call tree (a call is reached only if the calls before it
 * succeeded). Each instance is modelled as an M/M/c queue (exponential service), M/G/c
 * (Allen-Cunneen) otherwise, or M/M/c/K with a finite queue, with arrivals split evenly over
 * instances. Flow success is the series reliability of its calls; flow latency sums the
 * stations' sojourn times along the tree.
 */
export function analyze(scenario: Scenario): AnalyticReport {
  const notes = new Set<string>();
  const services = new Map(
    Object.entries(scenario.services).map(([name, c]) => [name, stationModel(name, c)]),
  );
  const gateway = scenario.gateway ? stationModel(GATEWAY, scenario.gateway) : null;
  const stations = gateway ? [...services.values(), gateway] : [...services.values()];
  const flows = compileFlows(scenario).map((f) => ({
    name: f.name,
    share: f.share,
    root: bindTree(f.steps, services, gateway),
  }));
  const admission = admissionOf(scenario, notes);
  if (Object.keys(scenario.calls).length > 0) {
    notes.add(
      "call policies: each call makes 1 + q + ... + q^k attempts and succeeds with 1 - q^(k+1), q the chance one attempt fails (blocked, failed, timed out where the sojourn distribution is known, or its nested calls failed); circuit breakers are not modelled",
    );
  }
  if (scenario.faults.length > 0) notes.add("faults are not in the analytic figures");

  const w = scenario.workload;
  let rate: number;
  if (w.kind === "open") rate = w.rate;
  else if (w.kind === "profile") {
    rate = profileMeanRate(w.profile, scenario.warmup, scenario.duration);
    notes.add("profile workload: analysed at its time-averaged rate over the measured period");
  } else {
    solve(stations, flows, 1, admission, notes); // loads at one request per second are the visits
    rate = closedThroughput(w.users, createDistribution(w.think).mean, stations);
    notes.add(
      "closed workload: throughput by mean value analysis (exact for single-server exponential stations, Seidmann's approximation for c > 1); station figures from the open formulas at that throughput",
    );
  }
  solve(stations, flows, rate, admission, notes);
  const authTime = scenario.gateway?.auth
    ? createDistribution(scenario.gateway.auth.latency).mean
    : 0;

  const flowReports: Record<string, AnalyticFlow> = {};
  let total = 0;
  let totalSuccess = 0;
  let totalTime = 0;
  let timeKnown = true;
  for (const f of flows) {
    const success = admission(rate) * sequenceSuccess(f.root);
    const time = authTime + sequenceTime(f.root);
    const flowRate = rate * f.share;
    flowReports[f.name] = {
      throughput: flowRate * success,
      successRate: success,
      latency: { mean: Number.isFinite(time) ? time : null },
    };
    total += flowRate;
    totalSuccess += flowRate * success;
    if (Number.isFinite(time)) totalTime += flowRate * time;
    else timeKnown = false;
  }
  if (flows.some((f) => hasParallel(f.root))) {
    notes.add(
      "parallel branches: the slowest branch's mean is used, a lower bound on the mean of the maximum",
    );
  }
  const serviceReports: Record<string, AnalyticService> = {};
  for (const [name, s] of services) serviceReports[name] = s.result;
  return {
    services: serviceReports,
    gateway: gateway ? gateway.result : null,
    flows: flowReports,
    totals: {
      throughput: totalSuccess,
      successRate: total > 0 ? totalSuccess / total : 0,
      latency: { mean: timeKnown && total > 0 ? totalTime / total : null },
    },
    unstable: stations.filter((s) => s.result.unstable).map((s) => s.name),
    notes: [...notes],
  };
}

/** The share of requests the gateway lets in at a rate: the token bucket's, then auth's. */
function admissionOf(scenario: Scenario, notes: Set<string>): (rate: number) => number {
  const auth = scenario.gateway?.auth ?? null;
  const admitted = auth ? 1 - auth.reject : 1;
  const limit = scenario.gateway?.rateLimit ?? null;
  if (limit !== null) {
    notes.add(
      "rate limit: the gateway admits min(1, r/λ) of requests (a long-run bound; bursts above it are not modelled)",
    );
  }
  return (rate) => (limit !== null && rate > 0 ? Math.min(1, limit.rate / rate) : 1) * admitted;
}

/**
 * Loads and figures at a request rate. Blocking hold times and blocking probabilities depend
 * on each other's loads, so the passes repeat until one changes nothing (or MAX_PASSES).
 */
function solve(
  stations: readonly StationModel[],
  flows: readonly { share: number; root: Node[] }[],
  rate: number,
  admission: (rate: number) => number,
  notes: Set<string>,
): void {
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const before = stations.map((s) => s.result);
    for (const s of stations) {
      s.lambda = 0;
      s.nestedTime = 0;
    }
    for (const f of flows) visitSequence(f.root, rate * f.share * admission(rate));
    for (const s of stations) {
      s.holdMean = s.ownMean + (s.blocking && s.lambda > 0 ? s.nestedTime / s.lambda : 0);
      s.result = stationFigures(s, notes);
    }
    if (stations.every((s, k) => sameFigures(s.result, before[k]!))) return;
  }
  notes.add(
    `the loads did not settle to a fixed point in ${MAX_PASSES} passes: figures are from the last`,
  );
}

function sameFigures(a: AnalyticService, b: AnalyticService): boolean {
  return (
    Object.is(a.lambda, b.lambda) &&
    Object.is(a.W, b.W) &&
    Object.is(a.blocking, b.blocking) &&
    Object.is(a.utilization, b.utilization)
  );
}

function profileMeanRate(
  profile: { at: number; rate: number }[],
  from: number,
  span: number,
): number {
  let area = 0;
  const to = from + span;
  profile.forEach((step, i) => {
    const start = Math.max(step.at, from);
    const end = Math.min(profile[i + 1]?.at ?? Number.POSITIVE_INFINITY, to);
    if (end > start) area += step.rate * (end - start);
  });
  return area / span;
}

/**
 * The closed workload's throughput by mean value analysis. Call with each station's `lambda`
 * set to its visits per request: its demand per instance is visits / instances × hold time.
 */
function closedThroughput(users: number, think: number, stations: StationModel[]): number {
  const loaded = stations.filter((s) => s.lambda > 0 && s.holdMean > 0);
  return mva(
    users,
    think,
    loaded.map((s) => ({
      demand: (s.lambda / s.config.instances) * s.holdMean,
      servers: s.config.concurrency,
      copies: s.config.instances,
    })),
  ).throughput;
}
