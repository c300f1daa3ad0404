import * as z from "zod";
import { suggestion } from "../didYouMean.js";
import { DEFAULTS, LIMITS } from "../normalise.js";
import { distributionSchema } from "./distribution.js";
import { duration, expected, once, positiveInteger, positiveNumber, show } from "./primitives.js";

const INSTANCES = { max: LIMITS.instances, what: "instances" };

/** What an autoscaler reads: busy share, calls in flight, or (consumers) messages waiting. */
export const AUTOSCALE_METRICS = ["utilization", "inflight", "lag"] as const;

/**
 * `autoscale`: a horizontal autoscaler (the Kubernetes HPA's algorithm, KEDA's lag metric):
 * between min and max instances, every interval, toward target per instance.
 */
export const autoscaleSchema = once(() => {
  const distribution = distributionSchema();
  return z
    .strictObject({
      min: positiveInteger(INSTANCES).default(DEFAULTS.autoscale.min),
      max: positiveInteger(INSTANCES),
      metric: z
        .enum(AUTOSCALE_METRICS, {
          error: (issue) =>
            `expected one of ${AUTOSCALE_METRICS.join(", ")}, got ${show(issue.input)}${typeof issue.input === "string" ? suggestion(issue.input, AUTOSCALE_METRICS) : ""}`,
        })
        .default(DEFAULTS.autoscale.metric),
      /** Per instance: a busy share in (0, 1], calls in flight, or messages waiting. */
      target: positiveNumber(),
      interval: duration(true).default(DEFAULTS.autoscale.interval),
      /** No change while |metric / target - 1| is within it. */
      tolerance: z
        .number(expected("a ratio in [0, 1)"))
        .min(0, expected("a ratio in [0, 1)"))
        .lt(1, expected("a ratio in [0, 1)"))
        .default(DEFAULTS.autoscale.tolerance),
      scaleUp: z
        .strictObject({
          stabilization: duration().default(DEFAULTS.autoscale.scaleUp.stabilization),
          maxStep: positiveInteger(INSTANCES).optional(),
        })
        .prefault({}),
      scaleDown: z
        .strictObject({
          stabilization: duration().default(DEFAULTS.autoscale.scaleDown.stabilization),
          maxStep: positiveInteger(INSTANCES).optional(),
        })
        .prefault({}),
      /** From a scale-up decision to the instance taking calls (a cold start): a distribution. */
      provisioning: distribution.prefault(0),
    })
    .superRefine((a, ctx) => {
      if (a.min > a.max)
        ctx.addIssue({
          code: "custom",
          path: ["min"],
          message: `expected at most max (${a.max}), got ${a.min}`,
        });
      if (a.metric === "utilization" && a.target > 1)
        ctx.addIssue({
          code: "custom",
          path: ["target"],
          message: `a utilization target is a share in (0, 1], got ${a.target}`,
        });
    });
});
