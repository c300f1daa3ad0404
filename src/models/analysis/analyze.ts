import {
  mgc,
  mmc,
  mmck,
  mmcSojournQuantile,
  mmcSojournTail,
  type QueueMetrics,
} from "../../metrics/index.js";
import { createDistribution, scv as squaredCv } from "../../sim/index.js";
import type { AnalyticFlow, AnalyticReport, AnalyticService } from "../report.js";
import { entryCaller } from "../scenario/callTree.js";
import { policyFor, retryWait } from "../scenario/policy.js";
import type { CallPolicy, Scenario, StationConfig, Step } from "../scenario/types.js";

interface StationModel {
  name: string;
  config: StationConfig;
  failure: number;
  blocking: boolean;
  ownMean: number;
  ownScv: number;
  /** Calls per second arriving at the station (all instances). */
  lambda: number;
  /** Σ over calls of the expected time of their nested calls (for blocking hold times). */
  nestedTime: number;
  /** Mean hold time per call: own work, plus nested calls when blocking. */
  holdMean: number;
  result: AnalyticService;
  /** P(sojourn > t) where the model gives the sojourn's distribution (M/M/c), else null. */
  tail: ((t: number) => number) | null;
}

type Node =
  | { station: StationModel; calls: Node[][]; policy: CallPolicy | null }
  | { parallel: Node[][] };
type CallNode = Extract<Node, { station: StationModel }>;

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
  const stations = new Map<string, StationModel>();
  const model = (name: string, config: StationConfig, failure: number, blocking: boolean) => {
    const d = createDistribution(config.latency);
    const m: StationModel = {
      name,
      config,
      failure,
      blocking,
      ownMean: d.mean,
      ownScv: squaredCv(d),
      lambda: 0,
      nestedTime: 0,
      holdMean: d.mean,
      tail: null,
      // Before the first pass, a station's sojourn is taken as its own service time.
      result: { ...emptyResult(), W: d.mean },
    };
    stations.set(name, m);
    return m;
  };
  for (const [name, config] of Object.entries(scenario.services)) {
    model(name, config, config.failure, config.blocking);
  }
  const gateway = scenario.gateway ? model("gateway", scenario.gateway, 0, false) : null;
  const compile = (steps: Step[], caller: string): Node[] =>
    steps.map((s) =>
      "call" in s
        ? {
            station: stations.get(s.call)!,
            calls: [compile(s.calls, s.call)],
            policy: policyFor(scenario.calls, caller, s.call),
          }
        : { parallel: s.parallel.map((b) => compile(b, caller)) },
    );
  const flows = Object.entries(scenario.flows).map(([name, steps]) => {
    const compiled = compile(steps, entryCaller(scenario));
    return {
      name,
      share: scenario.workload.mix[name] ?? 0,
      root: gateway ? [{ station: gateway, calls: [compiled], policy: null }] : compiled,
    };
  });
  const auth = scenario.gateway?.auth ?? null;
  const admitted = auth ? 1 - auth.reject : 1;
  const authTime = auth ? createDistribution(auth.latency).mean : 0;
  const limit = scenario.gateway?.rateLimit ?? null;
  /** The share of requests the gateway lets in: the token bucket's, then authentication's. */
  const admission = (rate: number) =>
    (limit !== null && rate > 0 ? Math.min(1, limit.rate / rate) : 1) * admitted;
  if (limit !== null) {
    notes.add(
      "rate limit: the gateway admits min(1, r/λ) of requests (a long-run bound; bursts above it are not modelled)",
    );
  }
  if (Object.keys(scenario.calls).length > 0) {
    notes.add(
      "call policies: each call makes 1 + q + ... + q^k attempts and succeeds with 1 - q^(k+1), q the chance one attempt fails (blocked, failed, timed out where the sojourn distribution is known, or its nested calls failed); circuit breakers are not modelled",
    );
  }
  if (scenario.faults.length > 0) notes.add("faults are not in the analytic figures");

  const solve = (rate: number) => {
    // Blocking hold times and blocking probabilities depend on each other's loads: iterate.
    for (let pass = 0; pass < 30; pass++) {
      for (const s of stations.values()) {
        s.lambda = 0;
        s.nestedTime = 0;
      }
      for (const f of flows) visitSequence(f.root, rate * f.share * admission(rate));
      for (const s of stations.values()) {
        s.holdMean = s.ownMean + (s.blocking && s.lambda > 0 ? s.nestedTime / s.lambda : 0);
        s.result = stationFigures(s, notes);
      }
    }
    const perFlow = flows.map((f) => ({
      f,
      success: admission(rate) * sequenceSuccess(f.root),
      time: authTime + sequenceTime(f.root),
    }));
    return perFlow;
  };

  let rate: number;
  const w = scenario.workload;
  if (w.kind === "open") rate = w.rate;
  else if (w.kind === "profile")
    rate = profileMeanRate(w.profile, scenario.warmup, scenario.duration);
  else {
    solve(1); // loads at one request per second are the visit ratios
    rate = meanValueAnalysis(w.users, createDistribution(w.think).mean, [...stations.values()]);
  }
  if (w.kind === "profile")
    notes.add("profile workload: analysed at its time-averaged rate over the measured period");
  if (w.kind === "closed") {
    notes.add(
      "closed workload: throughput by mean value analysis (exact for single-server exponential stations, Seidmann's approximation for c > 1); station figures from the open formulas at that throughput",
    );
  }
  const perFlow = solve(rate);

  const flowReports: Record<string, AnalyticFlow> = {};
  let total = 0;
  let totalSuccess = 0;
  let totalTime = 0;
  let timeKnown = true;
  for (const { f, success, time } of perFlow) {
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
  const services: Record<string, AnalyticService> = {};
  for (const name of Object.keys(scenario.services)) services[name] = stations.get(name)!.result;
  const unstable = [...stations.values()].filter((s) => s.result.unstable).map((s) => s.name);
  return {
    services,
    gateway: gateway ? gateway.result : null,
    flows: flowReports,
    totals: {
      throughput: totalSuccess,
      successRate: total > 0 ? totalSuccess / total : 0,
      latency: { mean: timeKnown && total > 0 ? totalTime / total : null },
    },
    unstable,
    notes: [...notes],
  };
}

/** Add a sequence's calls at `rate` to their stations' loads; returns nothing, mutates models. */
function visitSequence(steps: Node[], rate: number): void {
  let reach = rate;
  for (const step of steps) {
    visitStep(step, reach);
    reach *= stepSuccess(step);
  }
}

function visitStep(step: Node, rate: number): void {
  if ("parallel" in step) {
    for (const branch of step.parallel) visitSequence(branch, rate);
    return;
  }
  const s = step.station;
  const tries = attempts(step);
  s.lambda += rate * tries;
  // Every attempt served without failing makes the nested calls, even one the caller abandoned.
  const onward = rate * tries * (1 - s.result.blocking) * (1 - s.failure);
  for (const seq of step.calls) {
    visitSequence(seq, onward);
    if (s.blocking) s.nestedTime += onward * sequenceTime(seq);
  }
}

/** The chance that one attempt of a call fails: rejected, failed, timed out, or failed below. */
function attemptFailure(step: CallNode): number {
  const s = step.station;
  const nested = step.calls.reduce((p, b) => p * sequenceSuccess(b), 1);
  return 1 - (1 - s.result.blocking) * (1 - s.failure) * nested * (1 - timeoutShare(step));
}

/**
 * The share of attempts that time out, where the station's sojourn distribution is known
 * (M/M/c) and the callee makes no nested calls; 0 otherwise (noted in the report).
 */
function timeoutShare(step: CallNode): number {
  const timeout = step.policy?.timeout ?? null;
  if (timeout === null) return 0;
  const s = step.station;
  const leaf = step.calls.every((seq) => seq.length === 0);
  if (s.result.unstable) return 1;
  return leaf && s.tail !== null ? s.tail(timeout) : 0;
}

/** Attempts per call: 1 + q + ... + q^k with k retries. */
function attempts(step: CallNode): number {
  const k = step.policy?.retries ?? 0;
  if (k === 0) return 1;
  const q = attemptFailure(step);
  return q >= 1 ? k + 1 : (1 - q ** (k + 1)) / (1 - q);
}

function stepSuccess(step: Node): number {
  if ("parallel" in step) return step.parallel.reduce((p, b) => p * sequenceSuccess(b), 1);
  const k = step.policy?.retries ?? 0;
  return 1 - attemptFailure(step) ** (k + 1);
}

function sequenceSuccess(steps: Node[]): number {
  return steps.reduce((p, step) => p * stepSuccess(step), 1);
}

/** Expected time of a sequence: each step counts only if the steps before it succeeded. */
function sequenceTime(steps: Node[]): number {
  let reach = 1;
  let time = 0;
  for (const step of steps) {
    time += reach * stepTime(step);
    reach *= stepSuccess(step);
  }
  return time;
}

/**
 * Expected time of a step. With a policy: every attempt's time (capped at the timeout) plus
 * the expected backoffs (half of each with full jitter), an approximation that treats
 * attempts as independent.
 */
function stepTime(step: Node): number {
  if ("parallel" in step) return Math.max(...step.parallel.map(sequenceTime));
  const s = step.station;
  const W = s.result.W ?? Number.POSITIVE_INFINITY;
  const onward = (1 - s.result.blocking) * (1 - s.failure);
  let one = s.blocking ? W : W + onward * step.calls.reduce((t, seq) => t + sequenceTime(seq), 0);
  const policy = step.policy;
  if (policy === null) return one;
  if (policy.timeout !== null) one = Math.min(one, policy.timeout);
  const q = attemptFailure(step);
  let time = one;
  let reach = 1;
  for (let n = 1; n <= policy.retries; n++) {
    reach *= q;
    const wait = retryWait(policy, n);
    time += reach * ((policy.jitter ? wait / 2 : wait) + one);
  }
  return time;
}

function hasParallel(steps: Node[]): boolean {
  return steps.some((s) => ("parallel" in s ? true : s.calls.some(hasParallel)));
}

function stationFigures(s: StationModel, notes: Set<string>): AnalyticService {
  s.tail = null;
  const c = s.config.concurrency;
  const instances = s.config.instances;
  const queue = s.config.queue;
  const lambda = s.lambda / instances;
  const mean = s.holdMean;
  const scv = s.blocking ? 1 : s.ownScv;
  const utilization = (lambda * mean) / c;
  if (!Number.isFinite(mean)) {
    // A blocking caller whose downstream never returns (an unstable callee) holds forever.
    return {
      ...emptyResult(),
      lambda: s.lambda,
      utilization,
      model: "unstable downstream",
      unstable: s.lambda > 0,
    };
  }
  if (s.lambda === 0 || mean === 0) {
    return {
      ...emptyResult(),
      model: mean === 0 ? "no service time" : "no load",
      W: mean,
      L: 0,
      Wq: 0,
      p99: mean === 0 ? 0 : null,
    };
  }
  const exponential = Math.abs(scv - 1) < 1e-9;
  if (queue !== null) {
    const q = mmck({ lambda, mu: 1 / mean, servers: c, capacity: c + queue });
    // For timeouts, the M/M/c sojourn tail: close to the M/M/c/K one while blocking is rare.
    if (exponential && !s.blocking && utilization < 1)
      s.tail = (t) => mmcSojournTail({ lambda, mu: 1 / mean, servers: c }, t);
    if (!exponential) notes.add("finite queues: M/M/c/K is used whatever the service distribution");
    return fromQueue(q, s, instances, "M/M/c/K", null, utilization >= 1);
  }
  if (utilization >= 1) {
    return {
      lambda: s.lambda,
      utilization,
      model: "unstable",
      unstable: true,
      throughput: (instances * c * (1 - s.failure)) / mean,
      L: null,
      W: null,
      Wq: null,
      p99: null,
      blocking: 0,
    };
  }
  if (exponential) {
    const q = mmc({ lambda, mu: 1 / mean, servers: c });
    if (!s.blocking) s.tail = (t) => mmcSojournTail({ lambda, mu: 1 / mean, servers: c }, t);
    const p99 = s.blocking ? null : mmcSojournQuantile({ lambda, mu: 1 / mean, servers: c }, 0.99);
    return fromQueue(q, s, instances, c === 1 ? "M/M/1" : "M/M/c", p99, false);
  }
  const q = mgc({ lambda, meanService: mean, servers: c, scv });
  if (c > 1)
    notes.add("general service times with c > 1: M/G/c by the Allen-Cunneen approximation");
  return fromQueue(q, s, instances, c === 1 ? "M/G/1" : "M/G/c (Allen-Cunneen)", null, false);
}

function fromQueue(
  q: QueueMetrics,
  s: StationModel,
  instances: number,
  model: string,
  p99: number | null,
  overloaded: boolean,
): AnalyticService {
  const blocking = q.blocking ?? 0;
  return {
    lambda: s.lambda,
    utilization: q.utilization,
    model,
    unstable: overloaded,
    throughput: q.throughput * instances * (1 - s.failure),
    L: q.L * instances,
    W: q.W,
    Wq: q.Wq,
    p99,
    blocking,
  };
}

function emptyResult(): AnalyticService {
  return {
    lambda: 0,
    utilization: 0,
    model: "no load",
    unstable: false,
    throughput: 0,
    L: 0,
    W: null,
    Wq: 0,
    p99: null,
    blocking: 0,
  };
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
 * Mean value analysis of the closed network (Reiser and Lavenberg, JACM 27(2), 1980): users
 * think for Z, then visit each station; with visit ratios v (calls per request, spread evenly
 * over a station's instances) and hold time S, R(n) = v·S·(1 + Q(n-1)) per single-server
 * instance, Seidmann's (D/c)(1 + Q) + D(c-1)/c for c workers, X(n) = n / (Z + ΣR(n)).
 * Call with each station's `lambda` set to its visits per request.
 */
function meanValueAnalysis(users: number, think: number, stations: StationModel[]): number {
  const loaded = stations.filter((s) => s.lambda > 0 && s.holdMean > 0);
  const queue = new Float64Array(loaded.length);
  let throughput = 0;
  for (let n = 1; n <= users; n++) {
    let response = 0;
    const residence = loaded.map((s, k) => {
      const perInstance = (s.lambda / s.config.instances) * s.holdMean;
      const c = s.config.concurrency;
      const r =
        s.config.instances * ((perInstance / c) * (1 + queue[k]!) + (perInstance * (c - 1)) / c);
      response += r;
      return r;
    });
    throughput = n / (think + response);
    residence.forEach((r, k) => {
      queue[k] = (throughput * r) / loaded[k]!.config.instances;
    });
  }
  return throughput;
}
