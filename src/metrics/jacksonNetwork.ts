import { checkNonNegative, checkPositive, checkPositiveInteger } from "./check.js";
import { mmc } from "./mmc.js";

/**
 * An open Jackson network's figures per node (`jacksonNetwork`): each node solved as an M/M/c
 * at its total arrival rate, and the network's totals.
 */
export interface JacksonNetworkResult {
  /** Total arrival (= throughput) rate at each node, per second. */
  throughput: number[];
  utilization: number[];
  /** Mean number at each node. */
  L: number[];
  /** Mean sojourn per visit at each node, seconds. */
  W: number[];
  /** Mean number in the whole network. */
  totalL: number;
  /** Mean end-to-end time of a customer, seconds: totalL / Σ external arrivals (Little). */
  meanResponseTime: number;
}

/**
 * Open Jackson network (Jackson, Operations Research 5(4), 1957): nodes are M/M/c stations;
 * a customer leaving node i goes to node j with probability routing[i][j] and leaves with
 * 1 - Σj routing[i][j]. The traffic equations λ = γ + Pᵀλ give each node's rate; each node
 * then behaves as an independent M/M/c queue.
 * @param n.arrivals external Poisson arrival rate γi at each node, per second
 * @param n.routing n×n matrix of routing probabilities, rows summing to at most 1
 * @param n.mu service rate per server at each node, per second
 * @param n.servers servers at each node
 * @throws {RangeError} on mismatched sizes, invalid numbers, routing that never lets customers
 * leave, or a node at utilization >= 1
 * @example jacksonNetwork({ arrivals: [1, 0], routing: [[0, 1], [0, 0]], mu: [2, 2], servers: [1, 1] })
 *   .meanResponseTime // => 2  (two M/M/1 nodes in tandem, 1/(2-1) each)
 */
export function jacksonNetwork(n: {
  arrivals: number[];
  routing: number[][];
  mu: number[];
  servers: number[];
}): JacksonNetworkResult {
  const fn = "jacksonNetwork";
  const size = n.arrivals.length;
  if (size === 0) throw new RangeError(`${fn}: arrivals must be a non-empty list`);
  for (const [name, list] of [
    ["routing", n.routing],
    ["mu", n.mu],
    ["servers", n.servers],
  ] as const) {
    if (!Array.isArray(list) || list.length !== size) {
      throw new RangeError(`${fn}: ${name} must have ${size} entries, one per node`);
    }
  }
  n.arrivals.forEach((g, i) => {
    checkNonNegative(fn, `arrivals[${i}]`, g);
  });
  n.mu.forEach((m, i) => {
    checkPositive(fn, `mu[${i}]`, m);
  });
  n.servers.forEach((c, i) => {
    checkPositiveInteger(fn, `servers[${i}]`, c);
  });
  n.routing.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== size) {
      throw new RangeError(`${fn}: routing[${i}] must have ${size} entries`);
    }
    let sum = 0;
    row.forEach((p, j) => {
      checkNonNegative(fn, `routing[${i}][${j}]`, p);
      sum += p;
    });
    if (sum > 1 + 1e-12) throw new RangeError(`${fn}: routing[${i}] sums to ${sum}, more than 1`);
  });
  const totalExternal = n.arrivals.reduce((a, b) => a + b, 0);
  if (!(totalExternal > 0)) throw new RangeError(`${fn}: arrivals must not all be zero`);

  const throughput = solveTraffic(n.arrivals, n.routing);
  const utilization: number[] = [];
  const L: number[] = [];
  const W: number[] = [];
  throughput.forEach((lambda, i) => {
    const mu = n.mu[i]!;
    const servers = n.servers[i]!;
    if (!(lambda >= 0) || !Number.isFinite(lambda)) {
      throw new RangeError(`${fn}: routing lets customers circulate forever (node ${i})`);
    }
    if (lambda / (servers * mu) >= 1) {
      throw new RangeError(
        `${fn}: node ${i} is unstable, utilization ${(lambda / (servers * mu)).toPrecision(4)} >= 1`,
      );
    }
    if (lambda === 0) {
      utilization.push(0);
      L.push(0);
      W.push(1 / mu);
      return;
    }
    const m = mmc({ lambda, mu, servers });
    utilization.push(m.utilization);
    L.push(m.L);
    W.push(m.W);
  });
  const totalL = L.reduce((a, b) => a + b, 0);
  return { throughput, utilization, L, W, totalL, meanResponseTime: totalL / totalExternal };
}

/** Solve (I - Pᵀ)λ = γ by Gaussian elimination with partial pivoting. */
function solveTraffic(gamma: readonly number[], routing: readonly number[][]): number[] {
  const size = gamma.length;
  const m = Array.from({ length: size }, (_, i) =>
    Array.from({ length: size + 1 }, (_, j) =>
      j === size ? gamma[i]! : (i === j ? 1 : 0) - routing[j]![i]!,
    ),
  );
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let r = col + 1; r < size; r++) {
      if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    }
    if (Math.abs(m[pivot]![col]!) < 1e-12) {
      throw new RangeError(
        "jacksonNetwork: routing lets customers circulate forever (closed loop)",
      );
    }
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const row = m[col]!;
    for (let r = 0; r < size; r++) {
      if (r === col) continue;
      const factor = m[r]![col]! / row[col]!;
      if (factor === 0) continue;
      for (let j = col; j <= size; j++) m[r]![j]! -= factor * row[j]!;
    }
  }
  return m.map((row, i) => row[size]! / row[i]!);
}
