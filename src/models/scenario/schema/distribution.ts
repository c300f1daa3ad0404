import * as z from "zod";
import {
  createDistribution,
  type Distribution,
  type DistributionSpec,
} from "../../../sim/index.js";
import { DURATION_PATTERN, parseDuration } from "../units.js";
import {
  duration,
  durationRange,
  expected,
  forwardIssues,
  nonNegativeNumber,
  once,
  PARSE_OPTIONS,
  positiveInteger,
  positiveNumber,
  show,
} from "./primitives.js";

/** A distribution object: `{ dist: exponential, mean: 12ms }` and the other ten kinds. */
export const distributionObject: z.ZodType = z.lazy(() =>
  z.discriminatedUnion(
    "dist",
    [
      z.strictObject({ dist: z.literal("constant"), value: duration() }),
      z.strictObject({ dist: z.literal("exponential"), mean: duration(true) }),
      z.strictObject({ dist: z.literal("uniform"), min: duration(), max: duration() }),
      z.strictObject({ dist: z.literal("normal"), mean: duration(), sd: duration(true) }),
      z
        .strictObject({
          dist: z.literal("lognormal"),
          mean: duration(true).optional(),
          cv: positiveNumber().optional(),
          p50: duration(true).optional(),
          p99: duration(true).optional(),
        })
        .superRefine((d, ctx) => {
          const byMean = d.mean !== undefined && d.cv !== undefined;
          const byQuantiles = d.p50 !== undefined && d.p99 !== undefined;
          if (byMean === byQuantiles) {
            ctx.addIssue({
              code: "custom",
              message: "a lognormal takes either mean and cv, or p50 and p99",
            });
          } else if (byQuantiles && d.p99! <= d.p50!) {
            ctx.addIssue({
              code: "custom",
              path: ["p99"],
              message: `expected p99 greater than p50 (${d.p50} s), got ${d.p99} s`,
            });
          }
        }),
      z.strictObject({ dist: z.literal("gamma"), shape: positiveNumber(), mean: duration(true) }),
      z.strictObject({ dist: z.literal("erlang"), k: positiveInteger(), mean: duration(true) }),
      z.strictObject({
        dist: z.literal("weibull"),
        shape: positiveNumber(),
        scale: duration(true),
      }),
      z.strictObject({ dist: z.literal("pareto"), shape: positiveNumber(), scale: duration(true) }),
      z.strictObject({
        dist: z.literal("empirical"),
        values: z
          .array(duration(), expected("a list of durations"))
          .min(1, expected("a non-empty list")),
      }),
      z.strictObject({
        dist: z.literal("mixture"),
        components: z
          .array(
            z.looseObject({ weight: nonNegativeNumber() }).transform((c, ctx) => {
              const { weight, ...rest } = c;
              const parsed = distributionObject.safeParse(rest, PARSE_OPTIONS);
              if (!parsed.success) {
                forwardIssues(ctx, parsed.error.issues, rest);
                return z.NEVER;
              }
              return { ...(parsed.data as object), weight };
            }),
            expected("a list of components"),
          )
          .min(1, expected("a non-empty list")),
      }),
    ],
    {
      error: (issue) =>
        `expected dist to be one of constant, exponential, uniform, normal, lognormal, gamma, erlang, weibull, pareto, empirical, mixture; got ${show((issue.input as { dist?: unknown })?.dist ?? issue.input)}`,
    },
  ),
);

/** A latency or think time: a bare duration (a constant) or `{ dist: ..., ... }`. */
export const distributionSchema = once(() =>
  z
    .union([z.number(), z.string().meta({ pattern: DURATION_PATTERN }), z.looseObject({})])
    .transform((v, ctx) => {
      if (typeof v === "number" || typeof v === "string") {
        const seconds = parseDuration(v);
        if (seconds === undefined) {
          ctx.issues.push({
            code: "custom",
            input: v,
            message: `expected a duration such as 12ms, or a distribution such as { dist: exponential, mean: 12ms }, got ${show(v)}`,
          });
          return z.NEVER;
        }
        const range = durationRange(seconds);
        if (range !== null) {
          ctx.issues.push({ code: "custom", input: v, message: `${range}, got ${show(v)}` });
          return z.NEVER;
        }
        return { dist: "constant" as const, value: seconds };
      }
      const parsed = distributionObject.safeParse(v, PARSE_OPTIONS);
      if (!parsed.success) {
        forwardIssues(ctx, parsed.error.issues, v);
        return z.NEVER;
      }
      const problem = distributionProblem(parsed.data as DistributionSpec);
      if (problem !== null) {
        ctx.issues.push({ code: "custom", input: v, message: problem });
        return z.NEVER;
      }
      return parsed.data;
    }),
);

/**
 * What the shape of a distribution cannot show: parameters the sampler refuses, and a mean
 * and variance meshsim can compute with (finite, within its range of durations).
 */
export function distributionProblem(spec: DistributionSpec): string | null {
  let d: Distribution;
  try {
    d = createDistribution(spec);
  } catch (error) {
    return (error as Error).message;
  }
  if (!Number.isFinite(d.mean))
    return `the distribution has no finite mean (${d.kind}); choose shape > 1`;
  const range = durationRange(d.mean);
  if (range !== null) return `its mean ${d.mean} s is out of range: ${range}`;
  if (Number.isNaN(d.variance))
    return `the variance of this ${d.kind} cannot be computed in double precision; choose other parameters`;
  return null;
}
