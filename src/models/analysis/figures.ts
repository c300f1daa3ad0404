import type { QueueMetrics } from "../../metrics/index.js";
import type { AnalyticService } from "../report.js";
import type { StationModel } from "./stations.js";

/**
 * The models exact for their station (given Poisson arrivals to it, or to its balancer):
 * the rest are approximations, and their names say which.
 */
const EXACT =
  /^(M\/M\/1|M\/M\/c|M\/M\/c\/K|M\/G\/1|E\d+\/M\/\d+ \(round-robin\)|MVA|no load|no service time)$/;

/** Whether a squared coefficient of variation is an exponential's (1), to rounding. */
export function isExponential(scv: number): boolean {
  return Math.abs(scv - 1) < 1e-9;
}

export function fromQueue(
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
    exact: EXACT.test(model),
    unstable: overloaded,
    throughput: q.throughput * instances * (1 - s.failure),
    L: q.L * instances,
    W: q.W,
    Wq: q.Wq,
    p99,
    blocking,
  };
}
