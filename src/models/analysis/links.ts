import { erlangC } from "../../metrics/index.js";
import { createDistribution } from "../../sim/index.js";
import type { TreeCall } from "../scenario/callTree.js";
import type { NetworkConfig, PoolConfig, Scenario, StationConfig } from "../scenario/types.js";

/** What an edge adds to a call in the analysis: network time, and a pool's wait. */
export interface LinkModel {
  /** Mean network time per attempt, both hops, seconds. */
  network: number;
  /** Whether that mean is exact (no cross-zone hops, or zones met at random). */
  exact: boolean;
  pool: PoolModel | null;
}

/**
 * A connection pool as an M/M/c in front of the callee: c = size, one such queue per caller
 * instance (per: instance), the holding time the call's own expected time. Its wait is
 * E[min(Wq, wait)] and the share exhausted P(Wq > wait) = C·e^(-(cμ-λ)·wait).
 */
export interface PoolModel {
  key: string;
  config: PoolConfig;
  /** Independent pools: the caller's instances (per: instance) or 1. */
  groups: number;
  /** Logical calls per second into the pool (all groups), and their rate-weighted hold time sum. */
  lambda: number;
  holdSum: number;
  wait: number;
  exhausted: number;
  utilization: number;
  unstable: boolean;
}

/** The link models of a scenario's edges, one pool model per `caller->callee` key. */
export function linkModels(scenario: Scenario): {
  of: (step: TreeCall) => LinkModel | null;
  pools: Map<string, PoolModel>;
} {
  const pools = new Map<string, PoolModel>();
  const network = scenario.network;
  const of = (step: TreeCall): LinkModel | null => {
    if (step.role === "gateway") return null;
    const fromStation = step.callerRole !== "client";
    const own = step.link?.network ?? null;
    const latency = own ?? (fromStation ? (network?.latency ?? null) : null);
    const cross = fromStation
      ? crossZoneShare(network, callerConfig(scenario, step), scenario.services[step.name]!)
      : 0;
    const crossMean =
      network?.crossZone && cross > 0 ? createDistribution(network.crossZone).mean : 0;
    const time =
      2 * ((latency === null ? 0 : createDistribution(latency).mean) + cross * crossMean);
    const config = step.link?.pool ?? null;
    let pool: PoolModel | null = null;
    if (config !== null) {
      pool = pools.get(step.key) ?? null;
      if (pool === null) {
        const caller = callerConfig(scenario, step);
        pool = {
          key: step.key,
          config,
          groups: config.per === "instance" && caller !== null ? caller.instances : 1,
          lambda: 0,
          holdSum: 0,
          wait: 0,
          exhausted: 0,
          utilization: 0,
          unstable: false,
        };
        pools.set(step.key, pool);
      }
    }
    if (time === 0 && pool === null) return null;
    const randomCallee = scenario.services[step.name]!.balancer === "random";
    return { network: time, exact: crossMean === 0 || randomCallee, pool };
  };
  return { of, pools };
}

function callerConfig(scenario: Scenario, step: TreeCall): StationConfig | null {
  if (step.callerRole === "gateway") return scenario.gateway;
  return step.callerRole === "service" ? scenario.services[step.caller]! : null;
}

/**
 * The chance that a hop crosses zones: instances spread evenly over their zones, load spread
 * evenly over instances; `prefer` keeps a caller in its zone wherever the callee has one.
 */
function crossZoneShare(
  network: NetworkConfig | null,
  caller: StationConfig | null,
  callee: StationConfig,
): number {
  if (network?.crossZone == null || caller?.zones == null || callee.zones == null) return 0;
  const from = zoneShares(caller);
  const to = zoneShares(callee);
  let same = 0;
  for (const [zone, p] of from) {
    if (network.sameZone === "prefer" && callee.balancer !== "hash") same += to.has(zone) ? p : 0;
    else same += p * (to.get(zone) ?? 0);
  }
  return 1 - same;
}

function zoneShares(config: StationConfig): Map<string, number> {
  const shares = new Map<string, number>();
  for (let i = 0; i < config.instances; i++) {
    const zone = config.zones![i % config.zones!.length]!;
    shares.set(zone, (shares.get(zone) ?? 0) + 1 / config.instances);
  }
  return shares;
}

/** A pool's figures at its current load and hold time (M/M/c per group, truncated at `wait`). */
export function poolFigures(pool: PoolModel): void {
  const c = pool.config.size;
  const lambda = pool.lambda / pool.groups;
  const hold = pool.lambda > 0 ? pool.holdSum / pool.lambda : 0;
  pool.utilization = (lambda * hold) / c;
  pool.unstable = pool.utilization >= 1;
  if (lambda === 0 || hold === 0) {
    pool.wait = pool.exhausted = 0;
    return;
  }
  if (pool.unstable || !Number.isFinite(hold)) {
    // Beyond capacity the pool admits what c connections can carry; the rest wait it out.
    pool.exhausted = Number.isFinite(hold) ? 1 - 1 / pool.utilization : 1;
    pool.wait = pool.config.wait;
    return;
  }
  const C = erlangC(c, lambda * hold);
  const theta = c / hold - lambda;
  const w = pool.config.wait;
  pool.exhausted = C * Math.exp(-theta * w);
  pool.wait = (C * (1 - Math.exp(-theta * w))) / theta;
}
