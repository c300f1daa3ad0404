import type { Report } from "../report.js";
import type { InsensitiveObjective } from "./decisions.js";
import type { simulate } from "./simulate.js";
import type { SloCheck } from "./slo.js";

/** The planner's options and its result (`plan`, in plan.ts). */

/**
 * What `plan` plans for (a rate, or a scale of the scenario's load) and how hard it looks:
 * seed, replications per candidate, the most simulations, precision.
 */
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
  /** Give up after this many simulations (default 200). */
  maxSimulations?: number;
  /**
   * The most replications one decision may take (default 48): an objective whose 95%
   * interval holds its target doubles the replications up to this before it counts as unmet.
   */
  maxReplications?: number;
  /** Simulate each candidate until its headline figures are this precise (e.g. 0.02). */
  precision?: number;
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

/**
 * The capacity plan (`plan`): the fewest instances (least cost) meeting every objective with
 * 95% confidence, what binds each service, each objective's figure and margin at the plan, the
 * headroom, and every candidate simulated on the way.
 * @example
 * const p = plan(scenario, { rate: 1000 });
 * p.feasible; // every objective met with 95% confidence
 * p.instances.payment; // the planned count
 * p.cost; // per hour, where services have a cost
 */
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
   * Objectives that capacity cannot move (a success rate bounded by failure probabilities):
   * each with the ceiling it is bounded by. They are checked, and never bought instances for.
   */
  insensitive: InsensitiveObjective[];
  /**
   * How much more load the plan holds before the first objective breaks: 0.25 means 25% more
   * (bracketed by simulation to within 5%); null when infeasible.
   */
  headroom: number | null;
  simulations: number;
  /** The measured duration per replication it settled on (lengthened for thin percentiles). */
  duration: number;
}
