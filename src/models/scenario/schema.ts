import { z } from "zod";
import { suggestion } from "./didYouMean.js";
import { parseDuration, parseRate } from "./units.js";

/**
 * The scenario file's schema (zod). It checks shapes, units and ranges, and turns durations
 * and rates into numbers; cross-references (flows naming services, the mix naming flows,
 * cycles) are checked after it, in parseScenario. Each check states what it expected, so a
 * message reads `expected a positive integer, got -2`.
 */

export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null)
    return String(value);
  if (Array.isArray(value)) return "a list";
  return "an object";
}

/**
 * zod's error hook: for unknown keys, the schema that raised the issue is at hand only here, so
 * the "did you mean" for each key is worked out now, one line per key, in the order of `keys`.
 */
export function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== "unrecognized_keys") return undefined;
  const shape = (issue.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def
    ?.shape;
  const known = Object.keys(shape ?? {});
  return issue.keys
    .map((key) => {
      const hint = suggestion(key, known);
      return `unknown key${hint || (known.length > 0 ? `; expected one of ${known.join(", ")}` : "")}`;
    })
    .join("\n");
}

/** Re-raise the issues of a nested parse inside a transform, keeping their paths and messages. */
function forwardIssues(
  ctx: { issues: z.core.$ZodRawIssue[] },
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
): void {
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const lines = issue.message.split("\n");
      issue.keys.forEach((key, i) => {
        ctx.issues.push({
          code: "custom",
          path: [...issue.path, key],
          message: lines[i] ?? "unknown key",
          input,
        });
      });
    } else {
      ctx.issues.push({ code: "custom", path: issue.path, message: issue.message, input });
    }
  }
}

const expected = (what: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined ? "required" : `expected ${what}, got ${show(issue.input)}`,
});

const positiveInteger = () =>
  z
    .number(expected("a positive integer"))
    .int(expected("a positive integer"))
    .positive(expected("a positive integer"));
const nonNegativeInteger = () =>
  z
    .number(expected("an integer >= 0"))
    .int(expected("an integer >= 0"))
    .nonnegative(expected("an integer >= 0"));
const positiveNumber = () => z.number(expected("a number > 0")).positive(expected("a number > 0"));
const nonNegativeNumber = () =>
  z.number(expected("a number >= 0")).nonnegative(expected("a number >= 0"));
const probability = () =>
  z
    .number(expected("a probability in [0, 1]"))
    .min(0, expected("a probability in [0, 1]"))
    .max(1, expected("a probability in [0, 1]"));

/** A duration: seconds as a number, or `250ms`, `1.5s`, `2m`, `1h`. */
const duration = (positive = false) =>
  z
    .union([z.number(), z.string()], expected("a duration such as 250ms, 1.5s or 2m"))
    .transform((v, ctx) => {
      const seconds = parseDuration(v);
      if (seconds === undefined || (positive && seconds === 0)) {
        ctx.issues.push({
          code: "custom",
          input: v,
          message: `expected a ${positive ? "positive " : ""}duration such as 250ms, 1.5s or 2m, got ${show(v)}`,
        });
        return z.NEVER;
      }
      return seconds;
    });

/** A rate: per second as a number, or `200/s`, `12000/min`, `3/h`. */
const rate = (allowZero = false) =>
  z
    .union([z.number(), z.string()], expected("a rate such as 200/s or 12000/min"))
    .transform((v, ctx) => {
      const perSecond = parseRate(v);
      if (perSecond === undefined || (!allowZero && perSecond === 0)) {
        ctx.issues.push({
          code: "custom",
          input: v,
          message: `expected a ${allowZero ? "" : "positive "}rate such as 200/s or 12000/min, got ${show(v)}`,
        });
        return z.NEVER;
      }
      return perSecond;
    });

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
              const parsed = distributionObject.safeParse(rest, { error: describeIssue });
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
export const distribution = z
  .union([z.number(), z.string(), z.looseObject({})])
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
      return { dist: "constant" as const, value: seconds };
    }
    const parsed = distributionObject.safeParse(v, { error: describeIssue });
    if (!parsed.success) {
      forwardIssues(ctx, parsed.error.issues, v);
      return z.NEVER;
    }
    return parsed.data;
  });

export const BALANCERS = ["round-robin", "random", "least-outstanding", "p2c", "weighted"] as const;

const balancer = z.enum(BALANCERS, {
  error: (issue) =>
    `expected one of ${BALANCERS.join(", ")}, got ${show(issue.input)}${suggestion(String(issue.input), BALANCERS)}`,
});

const service = z.strictObject({
  /** Cost per instance-hour, for capacity planning. */
  cost: nonNegativeNumber().optional(),
  instances: positiveInteger().default(1),
  concurrency: positiveInteger().default(1),
  queue: nonNegativeInteger().optional(),
  latency: distribution,
  failure: probability().default(0),
  balancer: balancer.default("round-robin"),
  weights: z.array(positiveNumber(), expected("a list of weights")).optional(),
  blocking: z.boolean(expected("true or false")).default(false),
});

const gateway = z.strictObject({
  instances: positiveInteger().default(1),
  concurrency: positiveInteger().default(256),
  queue: nonNegativeInteger().optional(),
  latency: distribution.prefault(0),
  balancer: balancer.default("round-robin"),
  /** Token bucket: `rate` tokens per second, at most `burst` stored; a request takes one. */
  rateLimit: z.strictObject({ rate: rate(), burst: positiveNumber().optional() }).optional(),
  /** Authentication before routing: a delay on every request, and a share refused (401). */
  auth: z
    .strictObject({ latency: distribution.prefault(0), reject: probability().default(0) })
    .optional(),
});

const discovery = z.strictObject({
  refresh: duration(true).default(30),
  ttl: duration().default(0),
});

const circuitBreaker = z.strictObject({
  failureRatio: z
    .number(expected("a ratio in (0, 1]"))
    .gt(0, expected("a ratio in (0, 1]"))
    .max(1, expected("a ratio in (0, 1]"))
    .default(0.5),
  window: duration(true).default(10),
  minCalls: positiveInteger().default(20),
  openFor: duration(true).default(5),
  probes: positiveInteger().default(1),
});

export const callPolicy = z.strictObject({
  timeout: duration(true).optional(),
  retries: nonNegativeInteger().default(0),
  backoff: duration().default(0),
  backoffMultiplier: z
    .number(expected("a number >= 1"))
    .min(1, expected("a number >= 1"))
    .default(2),
  maxBackoff: duration().optional(),
  jitter: z.boolean(expected("true or false")).default(false),
  circuitBreaker: z
    .union([z.literal(true), circuitBreaker], expected("true or an object"))
    .optional(),
});

const fault = z
  .strictObject({
    service: z.string(expected("a service name")),
    at: duration().optional(),
    for: duration(true).optional(),
    crash: positiveInteger().optional(),
    addLatency: distribution.optional(),
    failure: probability().optional(),
    mtbf: duration(true).optional(),
    mttr: duration(true).optional(),
  })
  .superRefine((f, ctx) => {
    const kinds = ["crash", "addLatency", "failure", "mtbf"].filter(
      (k) => f[k as keyof typeof f] !== undefined,
    );
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message:
          kinds.length === 0
            ? "expected one of crash (instances), addLatency, failure (probability), or mtbf + mttr (random crashes)"
            : `give only one kind of fault per entry, got ${kinds.join(" and ")}`,
      });
      return;
    }
    if (kinds[0] === "mtbf") {
      if (f.mttr === undefined)
        ctx.addIssue({
          code: "custom",
          path: ["mttr"],
          message: "random crashes (mtbf) need an mttr",
        });
      for (const key of ["at", "for"] as const) {
        if (f[key] !== undefined)
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: "random crashes (mtbf, mttr) run all along; at and for do not apply",
          });
      }
    } else {
      if (f.mttr !== undefined)
        ctx.addIssue({ code: "custom", path: ["mttr"], message: "mttr goes with mtbf" });
      if (f.at === undefined)
        ctx.addIssue({ code: "custom", path: ["at"], message: "required: when the fault starts" });
    }
  });

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
      .optional(),
    users: positiveInteger().optional(),
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

export const scenarioSchema = z.strictObject({
  name: z.string(expected("a string")).default("scenario"),
  seed: nonNegativeInteger().default(1),
  duration: duration(true).default(60),
  warmup: duration().optional(),
  replications: positiveInteger().default(1),
  workload,
  gateway: gateway.optional(),
  discovery: discovery.nullable().optional(),
  services: z
    .record(
      z.string().regex(NAME_PATTERN, {
        error: (issue) =>
          `expected a service name of letters, digits, - and _ starting with a letter, got ${show(issue.input)}`,
      }),
      service,
      expected("an object of services"),
    )
    .refine((s) => Object.keys(s).length > 0, { message: "expected at least one service" }),
  flows: z.record(
    z.string().regex(NAME_PATTERN, {
      error: (issue) =>
        `expected a flow name of letters, digits, - and _ starting with a letter, got ${show(issue.input)}`,
    }),
    z.unknown(),
    expected("an object of flows"),
  ),
  calls: z
    .record(z.string(), callPolicy, expected("an object of caller->callee: policy"))
    .optional(),
  faults: z.array(fault, expected("a list of faults")).optional(),
  slo: slo.optional(),
  timeline: z.strictObject({ window: duration(true).optional() }).optional(),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ParsedScenarioShape = z.output<typeof scenarioSchema>;
