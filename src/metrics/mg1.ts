import { checkNonNegative, checkPositive, checkStable } from "./check.js";
import type { QueueMetrics } from "./queueMetrics.js";

/**
 * M/G/1 by the Pollaczek-Khinchine formula (Kleinrock, Queueing Systems I, eq. 5.76):
 * Wq = ρ·E[S]·(1 + scv) / (2(1 - ρ)) with ρ = λ·E[S] and scv = Var[S]/E[S]².
 * scv = 1 gives M/M/1, scv = 0 gives M/D/1.
 * @param q.meanService E[S], seconds
 * @param q.scv squared coefficient of variation of the service time (>= 0)
 * @throws {RangeError} on non-positive rate or mean, negative scv, or ρ >= 1
 * @example mg1({ lambda: 0.5, meanService: 1, scv: 0 }).Wq // => 0.5  (M/D/1)
 */
export function mg1(q: { lambda: number; meanService: number; scv: number }): QueueMetrics {
  const lambda = checkPositive("mg1", "lambda", q.lambda);
  const meanService = checkPositive("mg1", "meanService", q.meanService);
  const scv = checkNonNegative("mg1", "scv", q.scv);
  const rho = lambda * meanService;
  checkStable("mg1", rho);
  const Wq = (rho * meanService * (1 + scv)) / (2 * (1 - rho));
  const W = Wq + meanService;
  return {
    utilization: rho,
    throughput: lambda,
    L: lambda * W,
    Lq: lambda * Wq,
    W,
    Wq,
    probWait: rho,
  };
}
