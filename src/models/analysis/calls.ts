import {
  expectedTruncated,
  forkJoinMM1,
  meanOfMaximum,
  tailQuantile,
} from "../../metrics/index.js";
import type { TreeCall, TreeStep } from "../scenario/callTree.js";
import { retryWait } from "../scenario/policy.js";
import type { CallPolicy } from "../scenario/types.js";
import type { LinkModel } from "./links.js";
import type { StationModel } from "./stations.js";

/** A call of the compiled call tree, bound to the station model it loads. */
export interface CallNode {
  station: StationModel;
  calls: Node[];
  policy: CallPolicy | null;
  /** Network time and pool on the edge; null for neither. */
  link: LinkModel | null;
}
export type Node = CallNode | { parallel: Node[][] };

/** Bind a compiled call tree to station models: the gateway by its role, services by name. */
export function bindTree(
  steps: readonly TreeStep[],
  services: ReadonlyMap<string, StationModel>,
  gateway: StationModel | null,
  links: (step: TreeCall) => LinkModel | null = () => null,
): Node[] {
  return steps.map((step) =>
    step.kind === "parallel"
      ? { parallel: step.branches.map((b) => bindTree(b, services, gateway, links)) }
      : {
          station: step.role === "gateway" ? gateway! : services.get(step.name)!,
          calls: bindTree(step.calls, services, gateway, links),
          policy: step.policy,
          link: links(step),
        },
  );
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
  if ("parallel" in step) return Math.min(...step.parallel.map(sequencePass));
  return stationPass(step.station) * sequencePass(step.calls);
}

/** The share of requests entering a sequence that finish it: overloaded stations hold the rest. */
export function sequencePass(steps: Node[]): number {
  return steps.reduce((p, step) => p * stepPass(step), 1);
}

function visitStep(step: Node, rate: number): void {
  if ("parallel" in step) {
    for (const branch of step.parallel) visitSequence(branch, rate);
    return;
  }
  const s = step.station;
  const tries = attempts(step);
  s.lambda += rate * tries;
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
  if ("parallel" in step) return step.parallel.reduce((p, b) => p * sequenceSuccess(b), 1);
  const k = step.policy?.retries ?? 0;
  const admitted = 1 - (step.link?.pool?.exhausted ?? 0);
  return admitted * (1 - attemptFailure(step) ** (k + 1));
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
  if ("parallel" in step) return joinTime(step.parallel);
  return (step.link?.pool?.wait ?? 0) + callTime(step);
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

/**
 * Whether a sequence's expected time is exact: every station's model exact, no call policy
 * (attempts are taken as independent), no blocking holds, and joins only of two identical
 * M/M/1 leaves (Nelson-Tantawi's exact case). Anything else is an approximation.
 */
export function sequenceExact(steps: Node[]): boolean {
  return steps.every((step) => {
    if ("parallel" in step) {
      if (step.parallel.length === 1) return sequenceExact(step.parallel[0]!);
      const leaves = step.parallel.map((b) => (b.length === 1 ? leafOf(b[0]!) : null));
      return (
        leaves.length === 2 &&
        leaves.every((l) => l !== null && /^M\/M\/1$/.test(l.station.result.model)) &&
        leaves[0]!.station.holdMean === leaves[1]!.station.holdMean &&
        leaves[0]!.station.lambda / leaves[0]!.station.config.instances ===
          leaves[1]!.station.lambda / leaves[1]!.station.config.instances
      );
    }
    const s = step.station;
    const link = step.link === null || (step.link.exact && step.link.pool === null);
    return (
      link && s.result.exact && step.policy === null && !s.blocking && sequenceExact(step.calls)
    );
  });
}

/** P(T > t) of a sequence's time, with the mean that scales a search for its quantiles. */
export interface SequenceTail {
  tail: (t: number) => number;
  mean: number;
}

/**
 * The distribution of a sequence's time where it is known: one leaf of known sojourn
 * distribution, or parallel branches each of known distribution, whose join is their
 * maximum, P(max <= t) = Π Fᵢ(t), the branches taken as independent. Null otherwise (a
 * sum of stations' times would need their convolution).
 */
export function sequenceTail(steps: Node[]): SequenceTail | null {
  if (steps.length !== 1) return null;
  const step = steps[0]!;
  if (!("parallel" in step)) {
    const leaf = leafOf(step);
    const tail = leaf?.station.tail ?? null;
    return tail === null ? null : { tail, mean: leaf!.station.result.W! };
  }
  const branches = step.parallel.map(sequenceTail);
  if (branches.some((b) => b === null)) return null;
  const known = branches as SequenceTail[];
  return {
    tail: (t) => 1 - known.reduce((p, b) => p * (1 - b.tail(t)), 1),
    mean: Math.max(...known.map((b) => b.mean)),
  };
}

/** The p99 of a sequence's time where its distribution is known (see sequenceTail), else null. */
export function sequenceP99(steps: Node[]): number | null {
  const known = sequenceTail(steps);
  return known === null ? null : tailQuantile(known.tail, 0.99, Math.max(known.mean, 1e-12));
}

/** A branch that is one call with no nested calls and no policy, on a stable station. */
function leafOf(step: Node): CallNode | null {
  if ("parallel" in step) return null;
  const ok =
    step.calls.length === 0 &&
    step.policy === null &&
    step.link === null &&
    !step.station.result.unstable;
  return ok && step.station.result.W !== null ? step : null;
}

export function hasParallel(steps: Node[]): boolean {
  return steps.some((s) => ("parallel" in s ? true : hasParallel(s.calls)));
}
