import type { DistributionSpec } from "../sim/index.js";
import type { BALANCERS } from "./scenarioSchema.js";

/** How a service picks one of its instances for each call. */
export type BalancerKind = (typeof BALANCERS)[number];

/** A service: `instances` copies, each an M/M/c-like station with `concurrency` workers. */
export interface ServiceConfig {
  instances: number;
  /** Workers per instance (the c of M/M/c); requests beyond them wait FIFO. */
  concurrency: number;
  /** Waiting room per instance; a call finding it full is rejected. null: unbounded. */
  queue: number | null;
  /** Own processing time per call, seconds. */
  latency: DistributionSpec;
  /** Probability that one call fails at this service. */
  failure: number;
  balancer: BalancerKind;
  /** Relative weight of each instance, for the weighted balancer; null: equal. */
  weights: number[] | null;
  /** Whether a worker stays held while this service's downstream calls run. */
  blocking: boolean;
}

export interface GatewayConfig {
  instances: number;
  concurrency: number;
  queue: number | null;
  latency: DistributionSpec;
  balancer: BalancerKind;
}

/**
 * One step of a flow: a call to a service, which after its own work makes the calls in `calls`
 * in order; or parallel branches, each a sequence of steps, the step ending when all have.
 */
export type Step = { call: string; calls: Step[] } | { parallel: Step[][] };

export type Workload =
  | { kind: "open"; rate: number; mix: Record<string, number> }
  | { kind: "profile"; profile: { at: number; rate: number }[]; mix: Record<string, number> }
  | { kind: "closed"; users: number; think: DistributionSpec; mix: Record<string, number> };

/** A validated, normalised scenario: numbers in seconds and per second, defaults filled in. */
export interface Scenario {
  name: string;
  seed: number;
  /** Measured simulated time, seconds, after the warm-up. */
  duration: number;
  /** Simulated time discarded from every statistic, seconds. */
  warmup: number;
  /** Independent replications a run makes unless told otherwise. */
  replications: number;
  workload: Workload;
  gateway: GatewayConfig | null;
  services: Record<string, ServiceConfig>;
  flows: Record<string, Step[]>;
  timeline: { window: number };
}
