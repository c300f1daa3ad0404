import * as z from "zod";
import { LIMITS } from "../normalise.js";
import { formatCount } from "../units.js";
import { distributionSchema } from "./distribution.js";
import {
  duration,
  expected,
  nonNegativeNumber,
  once,
  positiveInteger,
  probability,
  rate,
} from "./primitives.js";

/** Where the load comes from (rate, profile or users) and what it must meet (slo). */

/** The workload and slo schemas, built on first use. */
export const workloadSchemas = once(() => {
  const distribution = distributionSchema();
  const mix = z.record(z.string(), nonNegativeNumber(), expected("an object of flow: weight"));

  const workload = z
    .strictObject({
      rate: rate().optional(),
      profile: z
        .array(
          z.strictObject({ at: duration(), rate: rate(true) }),
          expected("a list of { at, rate }"),
        )
        .min(1, expected("a non-empty list"))
        .max(LIMITS.profileSteps, {
          error: () =>
            `expected at most ${formatCount(LIMITS.profileSteps)} steps (meshsim's limit for a profile)`,
        })
        .optional(),
      users: positiveInteger({ max: LIMITS.users, what: "users" }).optional(),
      think: distribution.optional(),
      mix: mix.optional(),
    })
    .superRefine((w, ctx) => {
      const kinds = [w.rate !== undefined, w.profile !== undefined, w.users !== undefined].filter(
        Boolean,
      );
      if (kinds.length !== 1) {
        ctx.addIssue({
          code: "custom",
          message:
            kinds.length === 0
              ? "expected one of rate (open), profile (piecewise rate) or users + think (closed)"
              : "give only one of rate, profile or users",
        });
      }
      if (w.users !== undefined && w.think === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["think"],
          message: "a closed workload (users) needs a think time",
        });
      }
      if (w.think !== undefined && w.users === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["think"],
          message: "think goes with users (a closed workload)",
        });
      }
      if (w.profile) {
        w.profile.forEach((step, i) => {
          if (i === 0 && step.at !== 0) {
            ctx.addIssue({
              code: "custom",
              path: ["profile", 0, "at"],
              message: `the first step must be at 0s, got ${step.at} s`,
            });
          }
          if (i > 0 && step.at <= w.profile![i - 1]!.at) {
            ctx.addIssue({
              code: "custom",
              path: ["profile", i, "at"],
              message: "steps must be in increasing time order",
            });
          }
        });
      }
    });

  const latencyObjectives = {
    mean: duration(true).optional(),
    p50: duration(true).optional(),
    p90: duration(true).optional(),
    p95: duration(true).optional(),
    p99: duration(true).optional(),
    p999: duration(true).optional(),
  };

  const slo = z.strictObject({
    flows: z
      .record(
        z.string(),
        z.strictObject({
          ...latencyObjectives,
          successRate: probability().optional(),
          throughput: rate().optional(),
        }),
        expected("an object of flow: objectives"),
      )
      .optional(),
    services: z
      .record(
        z.string(),
        z.strictObject({ ...latencyObjectives, maxUtilization: probability().optional() }),
        expected("an object of service: objectives"),
      )
      .optional(),
  });
  return { workload, slo };
});
