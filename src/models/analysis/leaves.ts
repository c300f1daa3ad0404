import { tailQuantile } from "../../metrics/index.js";
import type { CallNode, Node } from "./calls.js";

/** What the analysis knows of leaves and joins: exactness, and known time distributions. */

/**
 * Whether a sequence's expected time is exact: every station's model exact, no call policy
 * (attempts are taken as independent), no blocking holds, and joins only of two identical
 * M/M/1 leaves (Nelson-Tantawi's exact case). Anything else is an approximation.
 */
export function sequenceExact(steps: Node[]): boolean {
  return steps.every((step) => {
    if ("publish" in step) return true;
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
    if (step.cache !== null && !step.cache.cache.exact) return false;
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
  if ("publish" in step) return null;
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
export function leafOf(step: Node): CallNode | null {
  if ("parallel" in step || "publish" in step) return null;
  const ok =
    step.calls.length === 0 &&
    step.policy === null &&
    step.link === null &&
    step.cache === null &&
    !step.station.result.unstable;
  return ok && step.station.result.W !== null ? step : null;
}

export function hasParallel(steps: Node[]): boolean {
  return steps.some((s) =>
    "parallel" in s ? true : "publish" in s ? false : hasParallel(s.calls),
  );
}
