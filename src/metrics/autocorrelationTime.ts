/**
 * The integrated autocorrelation time of a series, τ = 1 + 2 Σ_{k=1..M} ρ_k, with Sokal's
 * automatic window (the first M >= 5τ; Sokal, "Monte Carlo methods in statistical
 * mechanics", 1997): how many consecutive observations are worth one independent one, so
 * the variance of a mean of n of them is σ²·τ/n. At least 1; 1 for a constant series and
 * for fewer than 4 observations.
 * @example integratedAutocorrelationTime([1, -1, 1, -1, 1, -1, 1, -1]) // => 1 (anticorrelated: floored)
 */
export function integratedAutocorrelationTime(series: readonly number[]): number {
  const n = series.length;
  if (n < 4) return 1;
  const m = series.reduce((a, b) => a + b, 0) / n;
  const variance = series.reduce((a, x) => a + (x - m) ** 2, 0) / n;
  if (!(variance > 0)) return 1;
  let tau = 1;
  for (let k = 1; k < n / 2; k++) {
    let c = 0;
    for (let i = 0; i + k < n; i++) c += (series[i]! - m) * (series[i + k]! - m);
    tau += (2 * c) / (n * variance);
    if (k >= 5 * tau) break;
  }
  return Math.max(1, tau);
}
