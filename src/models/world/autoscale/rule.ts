import type { AutoscaleConfig } from "../../scenario/types.js";

/**
 * The Kubernetes Horizontal Pod Autoscaler's rule (kubernetes.io, "Horizontal Pod
 * Autoscaling", algorithm details), as pure arithmetic.
 */

/**
 * One recommendation from a metric's total over the ready instances:
 *   ratio = (total / ready) / target; desired = ceil(ready × ratio),
 * none (the current count) while |ratio - 1| <= tolerance. On a scale-up with instances still
 * provisioning, those count as idle (0): desired = ceil(total / target) over them too, and no
 * change at all if that brings the ratio within the tolerance (the HPA's treatment of unready
 * pods).
 */
export function recommend(
  config: Pick<AutoscaleConfig, "target" | "tolerance">,
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

/**
 * The HPA's stabilization and limits: the change goes no further up than the lowest
 * recommendation of the scale-up window, and no further down than the highest of the
 * scale-down window; it adds at most `scaleUp.maxStep` instances (default max(4, current): the
 * HPA's default policies, 4 pods or 100% per period) and removes at most `scaleDown.maxStep`
 * (default: any), within [min, max], and, for a lag metric, at most one instance per
 * partition (KEDA: a consumer beyond the partitions would have nothing to read).
 */
export class Stabilizer {
  private readonly history: { at: number; count: number }[] = [];
  private readonly max: number;

  constructor(
    private readonly config: AutoscaleConfig,
    partitions: number | null,
  ) {
    this.max =
      partitions === null ? config.max : Math.max(config.min, Math.min(config.max, partitions));
  }

  stabilize(now: number, recommended: number, current: number): number {
    const { scaleUp, scaleDown, min } = this.config;
    const history = this.history;
    history.push({ at: now, count: recommended });
    const keep = Math.max(scaleUp.stabilization, scaleDown.stabilization);
    while (history[0]!.at < now - keep - 1e-9) history.shift();
    let up = recommended;
    let down = recommended;
    for (const r of history) {
      if (r.at >= now - scaleUp.stabilization - 1e-9) up = Math.min(up, r.count);
      if (r.at >= now - scaleDown.stabilization - 1e-9) down = Math.max(down, r.count);
    }
    let desired = current;
    if (desired < up) desired = up;
    if (desired > down) desired = down;
    desired = Math.min(desired, current + (scaleUp.maxStep ?? Math.max(4, current)));
    desired = Math.max(desired, current - (scaleDown.maxStep ?? Number.POSITIVE_INFINITY));
    return Math.max(min, Math.min(this.max, desired));
  }
}
