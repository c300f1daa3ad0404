import type { RandomStream } from "../../sim/index.js";
import { HashRing } from "../scenario/hashRing.js";
import type { BalancerKind, HashConfig } from "../scenario/types.js";
import { KeySampler } from "./keys.js";

/** What a balancer sees of an instance. */
export interface Balanced {
  /** Calls at the instance: in service plus waiting. */
  readonly outstanding: number;
  /** The instance's position among all of its service's instances (weights are by it). */
  readonly index: number;
}

/**
 * Picks the index of one of `instances` for each call. `instances` is what the caller sees:
 * all of the service's instances, or fewer while some are down.
 */
export type Balancer = (instances: readonly Balanced[]) => number;

/**
 * The five balancers. Each random choice draws from the service's own stream, so one service's
 * balancing never moves another's draws.
 * - round-robin: in turn. A station keeps its own turn instead of calling this one (no
 *   closure for a call to read); a test holds its picks to this balancer's.
 * - random: uniformly (Poisson splitting of a Poisson stream).
 * - least-outstanding: fewest calls in flight; ties go to the next in turn, so no instance is
 *   favoured.
 * - p2c: the less loaded of two distinct instances chosen at random (Mitzenmacher, 2001).
 * - weighted: smooth weighted round-robin (as nginx): deterministic, proportional to weights.
 * - hash: each call draws a key from its Zipf law, and the key's owner takes it (HashRing).
 */
export function createBalancer(
  kind: BalancerKind,
  /** The balancer's random stream, asked for only by the kinds that draw. */
  stream: () => RandomStream,
  weights: readonly number[] | null,
  hash: { config: HashConfig; instances: number } | null = null,
): Balancer {
  let turn = 0;
  switch (kind) {
    case "hash":
      return hashBalancer(hash!.config, hash!.instances, stream());
    case "round-robin":
      return (instances) => turn++ % instances.length;
    case "random": {
      const rng = stream();
      return (instances) => Math.floor(rng.next() * instances.length);
    }
    case "least-outstanding":
      return (instances) => {
        const n = instances.length;
        const start = turn++ % n;
        let best = start;
        for (let k = 1; k < n; k++) {
          const i = (start + k) % n;
          if (instances[i]!.outstanding < instances[best]!.outstanding) best = i;
        }
        return best;
      };
    case "p2c": {
      const rng = stream();
      return (instances) => {
        const n = instances.length;
        if (n === 1) return 0;
        const a = Math.floor(rng.next() * n);
        let b = Math.floor(rng.next() * (n - 1));
        if (b >= a) b++;
        return instances[b]!.outstanding < instances[a]!.outstanding ? b : a;
      };
    }
    case "weighted": {
      const current: number[] = [];
      return (instances) => {
        const n = instances.length;
        let total = 0;
        let best = 0;
        for (let i = 0; i < n; i++) {
          const k = instances[i]!.index;
          const w = weights?.[k] ?? 1;
          total += w;
          current[k] = (current[k] ?? 0) + w;
          if (current[k]! > current[instances[best]!.index]!) best = i;
        }
        current[instances[best]!.index]! -= total;
        return best;
      };
    }
  }
}

/**
 * The hash balancer: a key per call by inverse transform over the popularity's cumulative
 * sums, then its owner; while some instances are down, the next live owner (the ring) or the
 * key modulo the live ones.
 */
function hashBalancer(config: HashConfig, instances: number, rng: RandomStream): Balancer {
  const keys = new KeySampler(config.keys, config.zipf);
  const ring = new HashRing(instances, config.virtualNodes);
  return (view) => {
    const key = keys.draw(rng);
    if (view.length === instances) return ring.owner(key);
    const live = new Set(view.map((i) => i.index));
    const owner = ring.liveOwner(key, live);
    return view.findIndex((i) => i.index === owner);
  };
}
