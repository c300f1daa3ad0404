/**
 * The Kubernetes Horizontal Pod Autoscaler's rule (kubernetes.io, "Horizontal Pod
 * Autoscaling", algorithm details), as pure arithmetic: the simulated autoscaler and the
 * analysis of where it settles both decide with it.
 */

/**
 * One recommendation from a metric's total over the ready instances:
 *   ratio = (total / ready) / target; desired = ceil(ready × ratio),
 * none (the current count) while |ratio - 1| <= tolerance. On a scale-up with instances still
 * provisioning, those count as idle (0): desired = ceil(total / target) over them too, and no
 * change at all if that brings the ratio within the tolerance (the HPA's treatment of unready
 * pods).
 *
 * @example
 * // 3 ready instances at 80% busy against a 60% target: ceil(3 × 0.8 / 0.6) = 4
 * hpaRecommendation({ target: 0.6, tolerance: 0.1 }, 2.4, 3, 0, 3); // 4
 */
export function hpaRecommendation(
  config: { target: number; tolerance: number },
  total: number,
  ready: number,
  starting: number,
  current: number,
): number {
  const ratio = total / ready / config.target;
  if (Math.abs(ratio - 1) <= config.tolerance) return current;
  if (ratio > 1 && starting > 0) {
    const all = ready + starting;
    const diluted = total / (all * config.target);
    return diluted > 1 + config.tolerance ? Math.ceil(diluted * all - 1e-9) : current;
  }
  return Math.ceil(ratio * ready - 1e-9);
}
