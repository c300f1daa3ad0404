import { checkPositive, checkPositiveInteger } from "./check.js";
import type { QueueMetrics } from "./queueMetrics.js";

/**
 * M/M/c/K: c servers and room for at most K customers in the system; an arrival that finds K
 * present is blocked (Gross and Harris, §2.5). The state probabilities are
 * p_n ∝ aⁿ/n! for n <= c and ∝ a^c/c!·ρ^(n-c) above, with a = λ/μ and ρ = a/c; they exist for
 * any load, so an overloaded finite queue is valid input. `blocking` is p_K, the throughput
 * λ(1 - p_K), and W, Wq follow from Little's Law on the accepted rate.
 * @param q.capacity K, the most customers in the system (waiting + in service), K >= c
 * @throws {RangeError} on non-positive rates or counts, or capacity < servers
 * @example mmck({ lambda: 1, mu: 1, servers: 1, capacity: 1 }).blocking // => 0.5
 */
export function mmck(q: {
  lambda: number;
  mu: number;
  servers: number;
  capacity: number;
}): QueueMetrics & { blocking: number } {
  const lambda = checkPositive("mmck", "lambda", q.lambda);
  const mu = checkPositive("mmck", "mu", q.mu);
  const c = checkPositiveInteger("mmck", "servers", q.servers);
  const K = checkPositiveInteger("mmck", "capacity", q.capacity);
  if (K < c) throw new RangeError(`mmck: capacity must be >= servers (${c}), got ${K}`);
  const a = lambda / mu;
  // Unnormalised log-probabilities, then normalised with the largest term factored out so
  // neither aⁿ nor n! overflows for large K or heavy load.
  const logTerms = new Float64Array(K + 1);
  for (let n = 1; n <= K; n++) logTerms[n] = logTerms[n - 1]! + Math.log(a / Math.min(n, c));
  let maxLog = Number.NEGATIVE_INFINITY;
  for (const t of logTerms) if (t > maxLog) maxLog = t;
  let total = 0;
  const p = new Float64Array(K + 1);
  for (let n = 0; n <= K; n++) {
    p[n] = Math.exp(logTerms[n]! - maxLog);
    total += p[n]!;
  }
  let L = 0;
  let Lq = 0;
  let waitMass = 0;
  for (let n = 0; n <= K; n++) {
    p[n] = p[n]! / total;
    L += n * p[n]!;
    if (n > c) Lq += (n - c) * p[n]!;
    if (n >= c && n < K) waitMass += p[n]!;
  }
  const blocking = p[K]!;
  const throughput = lambda * (1 - blocking);
  return {
    utilization: throughput / (c * mu),
    throughput,
    L,
    Lq,
    W: L / throughput,
    Wq: Lq / throughput,
    probWait: waitMass / (1 - blocking),
    blocking,
  };
}
