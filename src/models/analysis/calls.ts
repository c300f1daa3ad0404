import { expectedTruncated, forkJoinMM1, meanOfMaximum } from "../../metrics/index.js";
import type { TreeCall, TreeStep } from "../scenario/callTree.js";
import { retryWait } from "../scenario/policy.js";
import type { CallPolicy } from "../scenario/types.js";
import { type CachedCall, effectiveHit } from "./caches.js";
import { leafOf } from "./leaves.js";
import type { LinkModel } from "./links.js";
import type { TopicModel } from "./messaging.js";
import type { StationModel } from "./stations.js";

/** A call of the compiled call tree, bound to the station model it loads. */
export interface CallNode {
  station: StationModel;
  calls: Node[];
  policy: CallPolicy | null;
  /** Network time and pool on the edge; null for neither. */
  link: LinkModel | null;
  /** The callee's cache; null for none. */
  cache: CachedCall | null;
  /** The edge's offered load (attempts per second), and the cache lookups' edge; null: none. */
  edge: EdgeLoad;
  lookupEdge: EdgeLoad | null;
}
export type Node = CallNode | { parallel: Node[][] } | { publish: TopicModel; edge: EdgeLoad };

/** The calls per second offered over one `caller->callee` edge, summed over the call tree. */
export interface EdgeLoad {
  lambda: number;
}

/** One load record per edge key, shared by every flow that makes the call. */
export class EdgeLoads {
  readonly byKey = new Map<string, EdgeLoad>();
  of(key: string): EdgeLoad {
    let e = this.byKey.get(key);
    if (e === undefined) {
      e = { lambda: 0 };
      this.byKey.set(key, e);
    }
    return e;
  }
  reset(): void {
    for (const e of this.byKey.values()) e.lambda = 0;
  }
  /** The loads by key, busiest first (ties by key), for the report. */
  toRecord(): Record<string, number> {
    return Object.fromEntries(
      [...this.byKey]
        .filter(([, e]) => e.lambda > 0)
        .sort(([ka, a], [kb, b]) => b.lambda - a.lambda || (ka < kb ? -1 : ka > kb ? 1 : 0))
        .map(([k, e]) => [k, e.lambda]),
    );
  }
}

/** Bind a compiled call tree to station models: the gateway by its role, services by name. */
export function bindTree(
  steps: readonly TreeStep[],
  services: ReadonlyMap<string, StationModel>,
  gateway: StationModel | null,
  links: (step: TreeCall) => LinkModel | null = () => null,
  caches: (step: TreeCall) => CachedCall | null = () => null,
  topics: ReadonlyMap<string, TopicModel> = new Map(),
  edges: EdgeLoads = new EdgeLoads(),
): Node[] {
  const bind = (list: readonly TreeStep[]) =>
    bindTree(list, services, gateway, links, caches, topics, edges);
  return steps.map((step): Node => {
    if (step.kind === "publish")
      return { publish: topics.get(step.topic)!, edge: edges.of(`${step.caller}->${step.topic}`) };
    if (step.kind === "parallel") return { parallel: step.branches.map(bind) };
    const cache = caches(step);
    return {
      station: step.role === "gateway" ? gateway! : services.get(step.name)!,
      calls: bind(step.calls),
      policy: step.policy,
      link: links(step),
      cache,
      edge: edges.of(step.role === "gateway" ? `${step.caller}->${step.name}` : step.key),
      lookupEdge: cache && edges.of(`${step.caller}->${cache.cache.server.name}`),
    };
  });
}

/** Add a sequence's calls at `rate` to their stations' loads (mutates the models). */
export function visitSequence(steps: Node[], rate: number): void {
  let reach = rate;
  for (const step of steps) {
    visitStep(step, reach);
    reach *= stepSuccess(step) * stepPass(step);
  }
}

/**
 * The share of the calls offered to a station that it completes: all of them while it is
 * stable; its capacity over its offered load (1/ρ) when an unbounded queue is overloaded,
 * the rest waiting for ever. (A finite queue turns overload into blocking, modelled apart.)
 */
function stationPass(s: StationModel): number {
  const u = s.result.utilization;
  return s.result.unstable && s.config.queue === null && u > 1 ? 1 / u : 1;
}

/** The share of requests reaching a step that come out of it, finished (succeeded or not). */
function stepPass(step: Node): number {
  if ("publish" in step) return 1;
  if ("parallel" in step) return Math.min(...step.parallel.map(sequencePass));
  return stationPass(step.station) * sequencePass(step.calls);
}

/** The share of requests entering a sequence that finish it: overloaded stations hold the rest. */
export function sequencePass(steps: Node[]): number {
  return steps.reduce((p, step) => p * stepPass(step), 1);
}

function visitStep(step: Node, offered: number): void {
  if ("publish" in step) {
    step.publish.lambda += offered;
    step.edge.lambda += offered;
    return;
  }
  if ("parallel" in step) {
    for (const branch of step.parallel) visitSequence(branch, offered);
    return;
  }
  let rate = offered;
  if (step.cache !== null) {
    // Every call looks the cache up; only the misses (and failed lookups) go on.
    step.cache.cache.lambda += rate;
    step.cache.cache.server.lambda += rate;
    step.lookupEdge!.lambda += rate;
    rate *= 1 - effectiveHit(step.cache.cache);
  }
  const s = step.station;
  const tries = attempts(step);
  s.lambda += rate * tries;
  step.edge.lambda += rate * tries;
  const pool = step.link?.pool ?? null;
  if (pool !== null) {
    pool.lambda += rate;
    pool.holdSum += rate * callTime(step);
  }
  // Every attempt served without failing makes the nested calls, even one the caller abandoned.
  // An overloaded station passes on only what it completes.
  const onward = rate * tries * stationPass(s) * (1 - s.result.blocking) * (1 - s.failure);
  visitSequence(step.calls, onward);
  if (s.blocking) s.nestedTime += onward * sequenceTime(step.calls);
}

/** The chance that one attempt of a call fails: rejected, failed, timed out, or failed below. */
function attemptFailure(step: CallNode): number {
  const s = step.station;
  const nested = sequenceSuccess(step.calls);
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
  if (s.result.unstable) return 1;
  return step.calls.length === 0 && s.tail !== null ? s.tail(timeout) : 0;
}

/** Attempts per call: 1 + q + ... + q^k with k retries. */
function attempts(step: CallNode): number {
  const k = step.policy?.retries ?? 0;
  if (k === 0) return 1;
  const q = attemptFailure(step);
  return q >= 1 ? k + 1 : (1 - q ** (k + 1)) / (1 - q);
}

function stepSuccess(step: Node): number {
  if ("publish" in step) return 1;
  if ("parallel" in step) return step.parallel.reduce((p, b) => p * sequenceSuccess(b), 1);
  const k = step.policy?.retries ?? 0;
  const admitted = 1 - (step.link?.pool?.exhausted ?? 0);
  const success = admitted * (1 - attemptFailure(step) ** (k + 1));
  if (step.cache === null) return success;
  const hit = effectiveHit(step.cache.cache);
  return hit + (1 - hit) * success;
}

/** The chance that every call of a sequence succeeds (series reliability). */
export function sequenceSuccess(steps: Node[]): number {
  return steps.reduce((p, step) => p * stepSuccess(step), 1);
}

/** Expected time of a sequence: each step counts only if the steps before it succeeded. */
export function sequenceTime(steps: Node[]): number {
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
  if ("publish" in step) return step.publish.ack;
  if ("parallel" in step) return joinTime(step.parallel);
  const time = (step.link?.pool?.wait ?? 0) + callTime(step);
  const cached = step.cache;
  if (cached === null) return time;
  const lookup =
    (cached.cache.server.result.W ?? Number.POSITIVE_INFINITY) + (cached.lookup?.network ?? 0);
  return lookup + (1 - effectiveHit(cached.cache)) * time;
}

/** A call's expected time once it has a connection (if pooled): attempts, network, backoffs. */
function callTime(step: CallNode): number {
  const s = step.station;
  const W = s.result.W ?? Number.POSITIVE_INFINITY;
  const onward = (1 - s.result.blocking) * (1 - s.failure);
  let one = (s.blocking ? W : W + onward * sequenceTime(step.calls)) + (step.link?.network ?? 0);
  const policy = step.policy;
  if (policy === null) return one;
  if (policy.timeout !== null) {
    // The caller waits E[min(T, τ)]: exactly, where the callee's sojourn distribution is
    // known (a leaf); else min(E[T], τ), which overstates it.
    const tail = step.calls.length === 0 && !s.result.unstable ? s.tail : null;
    one = tail !== null ? expectedTruncated(tail, policy.timeout) : Math.min(one, policy.timeout);
  }
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

/**
 * The expected time of parallel branches: the mean of the slowest. Identical M/M/1 leaves:
 * Nelson and Tantawi's fork-join result. Leaves whose sojourn distributions are known:
 * E[max] over their tails, the branches taken as independent. Otherwise the slowest
 * branch's mean, a lower bound.
 */
function joinTime(branches: Node[][]): number {
  const leaves = branches.map((b) => (b.length === 1 ? leafOf(b[0]!) : null));
  if (leaves.every((l) => l !== null)) {
    const calls = leaves as CallNode[];
    const first = calls[0]!.station;
    const mm1 = (s: StationModel) => /^M\/M\/1$/.test(s.result.model) && s.result.W !== null;
    if (
      calls.every(
        (c) =>
          mm1(c.station) &&
          c.station.lambda / c.station.config.instances === first.lambda / first.config.instances &&
          c.station.holdMean === first.holdMean,
      )
    ) {
      return forkJoinMM1({
        lambda: first.lambda / first.config.instances,
        mu: 1 / first.holdMean,
        branches: calls.length,
      });
    }
    const tails = calls.map((c) => c.station.tail);
    if (tails.every((t) => t !== null)) {
      const horizon = 50 * Math.max(...calls.map((c) => c.station.result.W!));
      return meanOfMaximum(tails as ((t: number) => number)[], horizon);
    }
  }
  return Math.max(...branches.map(sequenceTime));
}
