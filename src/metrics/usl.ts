/**
 * Gunther's Universal Scalability Law: the throughput of N instances (or workers, or nodes),
 *   X(N) = λN / (1 + σ(N - 1) + κN(N - 1)),
 * with λ the throughput of one, σ the contention (the serial share, Amdahl's law when κ = 0)
 * and κ the coherence cost (crosstalk), which makes throughput peak at N* = √((1 - σ)/κ) and
 * fall beyond it.
 */
export interface UslParameters {
  lambda: number;
  sigma: number;
  kappa: number;
}

/**
 * Universal Scalability Law parameters fitted to measurements (`fitUsl`), with the fit's R²
 * and where throughput peaks.
 */
export interface UslFit extends UslParameters {
  /** Share of the throughput's variance the fit explains. */
  rSquared: number;
  /** N* where throughput peaks, when κ > 0; null otherwise (it only levels off). */
  peak: number | null;
  /** X(N*), or the ceiling λ/σ when there is no peak (Infinity when σ = 0 too). */
  maxThroughput: number;
}

/**
 * X(N) under the Universal Scalability Law.
 *
 * @example
 * usl({ lambda: 100, sigma: 0.05, kappa: 0.001 }, 8); // ≈ 569 requests/s at N = 8
 */
export function usl(p: UslParameters, n: number): number {
  return (p.lambda * n) / (1 + p.sigma * (n - 1) + p.kappa * n * (n - 1));
}

/**
 * Fit the USL to measured throughput. N/X(N) = (1 + σ(N - 1) + κN(N - 1))/λ is linear in
 * 1/λ, σ/λ and κ/λ, so ordinary least squares on N/X gives all three (Gunther's quadratic
 * method, exact on exact data). σ and κ are kept >= 0: where the free fit gives one negative,
 * that term is dropped, and of the fits left the one with least squared throughput error wins.
 * @param points at least three, with distinct N >= 1 and throughput > 0
 * @example fitUsl([{ n: 1, throughput: 100 }, { n: 2, throughput: 190 }, { n: 4, throughput: 340 }])
 */
export function fitUsl(points: readonly { n: number; throughput: number }[]): UslFit {
  const fn = "fitUsl";
  if (points.length < 3)
    throw new RangeError(`${fn}: needs at least 3 points, got ${points.length}`);
  points.forEach((p, i) => {
    if (!(p.n >= 1) || !Number.isFinite(p.n))
      throw new RangeError(`${fn}: points[${i}].n must be a number >= 1, got ${p.n}`);
    if (!(p.throughput > 0) || !Number.isFinite(p.throughput))
      throw new RangeError(`${fn}: points[${i}].throughput must be > 0, got ${p.throughput}`);
  });
  if (new Set(points.map((p) => p.n)).size < 3)
    throw new RangeError(`${fn}: needs at least 3 distinct values of n`);

  const y = points.map((p) => p.n / p.throughput);
  const columns = {
    sigma: points.map((p) => p.n - 1),
    kappa: points.map((p) => p.n * (p.n - 1)),
  };
  const candidates: UslParameters[] = [];
  for (const terms of [["sigma", "kappa"], ["sigma"], ["kappa"], []] as const) {
    const x = points.map((_, i) => [1, ...terms.map((t) => columns[t][i]!)]);
    const b = leastSquares(x, y);
    if (b === null || !(b[0]! > 0)) continue;
    const get = (t: "sigma" | "kappa") => {
      const k = (terms as readonly string[]).indexOf(t);
      return k < 0 ? 0 : b[k + 1]! / b[0]! + 0; // + 0 turns -0 into 0
    };
    const fit = { lambda: 1 / b[0]!, sigma: get("sigma"), kappa: get("kappa") };
    if (fit.sigma >= 0 && fit.kappa >= 0) candidates.push(fit);
  }
  const sse = (q: UslParameters) =>
    points.reduce((a, p) => a + (p.throughput - usl(q, p.n)) ** 2, 0);
  const best = candidates.reduce((a, c) => (sse(c) < sse(a) ? c : a));
  const mean = points.reduce((a, p) => a + p.throughput, 0) / points.length;
  const sst = points.reduce((a, p) => a + (p.throughput - mean) ** 2, 0);
  const { lambda, sigma, kappa } = best;
  const peak = kappa > 0 ? Math.sqrt((1 - sigma) / kappa) : null;
  return {
    lambda,
    sigma,
    kappa,
    rSquared: sst > 0 ? 1 - sse(best) / sst : 1,
    peak,
    maxThroughput:
      peak !== null ? usl(best, peak) : sigma > 0 ? lambda / sigma : Number.POSITIVE_INFINITY,
  };
}

/** Least squares by the normal equations (Gaussian elimination); null when singular. */
function leastSquares(x: number[][], y: number[]): number[] | null {
  const k = x[0]!.length;
  const a = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k + 1 }, (_, j) =>
      x.reduce((sum, row, r) => sum + row[i]! * (j < k ? row[j]! : y[r]!), 0),
    ),
  );
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++)
      if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-300) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const factor = a[r]![col]! / a[col]![col]!;
      for (let c = col; c <= k; c++) a[r]![c]! -= factor * a[col]![c]!;
    }
  }
  return a.map((row, i) => row[k]! / row[i]!);
}
