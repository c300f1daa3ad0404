import type { AutoscaleConfig } from "../../scenario/types.js";

export { hpaRecommendation as recommend } from "../../../metrics/hpa.js";

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
