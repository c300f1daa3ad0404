import * as z from "zod";
import { suggestion } from "../didYouMean.js";
import { DEFAULTS, LIMITS } from "../normalise.js";
import { autoscaleSchema } from "./autoscale.js";
import { distributionSchema } from "./distribution.js";
import {
  duration,
  expected,
  nonNegativeInteger,
  nonNegativeNumber,
  once,
  positiveInteger,
  positiveNumber,
  probability,
  rate,
  show,
} from "./primitives.js";

/** The system's parts: services, the gateway, discovery, call policies and faults. */

const INSTANCES = { max: LIMITS.instances, what: "instances" };
const CONCURRENCY = { max: LIMITS.concurrency, what: "concurrency" };
const QUEUE = { max: LIMITS.queue, what: "a queue" };
const BREAKER = { max: LIMITS.breakerCalls, what: "a breaker's calls" };

export const BALANCERS = ["round-robin", "random", "least-outstanding", "p2c", "weighted"] as const;

/** The sections' schemas, built on first use. */
export const sectionSchemas = once(() => {
  const distribution = distributionSchema();
  const autoscale = autoscaleSchema();
  const balancer = z.enum(BALANCERS, {
    error: (issue) =>
      `expected one of ${BALANCERS.join(", ")}, got ${show(issue.input)}${typeof issue.input === "string" ? suggestion(issue.input, BALANCERS) : ""}`,
  });

  /** A zone's name: letters, digits, - and _ (e.g. eu-west-1a). */
  const zoneName = z.string(expected("a zone name")).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, {
    error: (issue) =>
      `expected a zone name of letters, digits, ., - and _, got ${show(issue.input)}`,
  });

  /** `zone: a` or `zones: [a, b, c]`: where the instances run, spread over the zones in turn. */
  const placement = {
    zone: zoneName.optional(),
    zones: z
      .array(zoneName, expected("a list of zone names"))
      .min(1, expected("at least one zone"))
      .optional(),
  };

  const network = z.strictObject({
    /** One-way latency of every hop, a distribution; a call pays two (request and response). */
    latency: distribution.optional(),
    /** Added to a hop between different zones. */
    crossZone: distribution.optional(),
    /** `prefer`: callers call instances in their own zone while one is live. */
    sameZone: z
      .enum(["prefer", "any"], expected("prefer or any"))
      .default(DEFAULTS.network.sameZone),
    /** The zones there are; each must hold some instance. */
    zones: z.array(zoneName, expected("a list of zone names")).optional(),
  });

  const pool = z.strictObject({
    size: positiveInteger(CONCURRENCY),
    per: z
      .enum(["instance", "service"], expected("instance or service"))
      .default(DEFAULTS.pool.per),
    wait: duration().default(DEFAULTS.pool.wait),
  });

  const KEYS = { max: LIMITS.keys, what: "keys" };

  /** Key popularity: Zipf's law with exponent s (0: uniform). */
  const popularity = z.strictObject({ zipf: nonNegativeNumber() });

  const cache = z
    .strictObject({
      /** The service that serves hits (itself a service with instances and latency). */
      service: z.string(expected("a service name")),
      /** A fixed share of calls that hit. */
      hitRatio: probability().optional(),
      /** Or a key model: this many keys... */
      keys: positiveInteger(KEYS).optional(),
      /** ...requested by this popularity law... */
      popularity: popularity.optional(),
      /** ...into a cache of this many entries... */
      capacity: positiveInteger(KEYS).optional(),
      /** ...evicting the least recently used (lru), or expiring after ttl (ttl). */
      policy: z.enum(["lru", "ttl"], expected("lru or ttl")).optional(),
      /** Entries live this long from the miss that stored them. */
      ttl: duration(true).optional(),
    })
    .superRefine((c, ctx) => {
      const issue = (path: string, message: string) =>
        ctx.addIssue({ code: "custom", path: [path], message });
      if ((c.hitRatio === undefined) === (c.keys === undefined)) {
        issue(
          c.hitRatio === undefined ? "hitRatio" : "keys",
          "give either hitRatio or a key model (keys, popularity, capacity), not both or neither",
        );
        return;
      }
      if (c.hitRatio !== undefined) {
        for (const k of ["popularity", "capacity", "policy", "ttl"] as const)
          if (c[k] !== undefined) issue(k, `${k} belongs to a key model (keys), not to a hitRatio`);
        return;
      }
      if (c.policy === undefined && c.capacity === undefined && c.ttl === undefined) {
        issue("capacity", "a key model needs a capacity (an lru cache) or a ttl (a ttl cache)");
        return;
      }
      const policy = c.policy ?? (c.capacity === undefined ? "ttl" : "lru");
      if (policy === "lru" && c.capacity === undefined)
        issue("capacity", "an lru cache needs a capacity (entries)");
      if (policy === "ttl" && c.ttl === undefined) issue("ttl", "a ttl cache needs a ttl");
      if (c.capacity !== undefined && c.keys !== undefined && c.capacity > c.keys)
        issue("capacity", `expected at most the ${c.keys} keys, got ${c.capacity}`);
    });

  /** `balancer: { hash: { keys, popularity, virtualNodes } }`: each call's key picks its instance. */
  const hashBalancer = z.strictObject({
    hash: z.strictObject({
      keys: positiveInteger(KEYS),
      popularity: popularity.optional(),
      virtualNodes: positiveInteger({ max: 10_000, what: "virtual nodes" }).optional(),
    }),
  });

  const serviceBalancer = z.union([balancer, hashBalancer], {
    error: (issue) =>
      `expected one of ${BALANCERS.join(", ")} or { hash: { keys, popularity, virtualNodes } }, got ${show(issue.input)}${typeof issue.input === "string" ? suggestion(issue.input, BALANCERS) : ""}`,
  });

  const service = z.strictObject({
    ...placement,
    /** A horizontal autoscaler; null: a fixed number of instances. */
    autoscale: autoscale.nullable().optional(),
    /** A cache in front of the service's work, served by another service; null: none. */
    cache: cache.nullable().optional(),
    /** Cost per instance-hour, for capacity planning. */
    cost: nonNegativeNumber().optional(),
    /** How many instances; with autoscale, how many it starts with (default: its min). */
    instances: positiveInteger(INSTANCES).optional(),
    concurrency: positiveInteger(CONCURRENCY).default(DEFAULTS.service.concurrency),
    queue: nonNegativeInteger(QUEUE).optional(),
    latency: distribution,
    failure: probability().default(DEFAULTS.service.failure),
    balancer: serviceBalancer.default(DEFAULTS.service.balancer),
    weights: z.array(positiveNumber(), expected("a list of weights")).optional(),
    blocking: z.boolean(expected("true or false")).default(DEFAULTS.service.blocking),
  });

  const gateway = z.strictObject({
    ...placement,
    instances: positiveInteger(INSTANCES).default(DEFAULTS.gateway.instances),
    concurrency: positiveInteger(CONCURRENCY).default(DEFAULTS.gateway.concurrency),
    queue: nonNegativeInteger(QUEUE).optional(),
    latency: distribution.prefault(DEFAULTS.gateway.latency),
    balancer: balancer.default(DEFAULTS.gateway.balancer),
    /** Token bucket: `rate` tokens per second, at most `burst` stored; a request takes one. */
    rateLimit: z.strictObject({ rate: rate(), burst: positiveNumber().optional() }).optional(),
    /** Authentication before routing: a delay on every request, and a share refused (401). */
    auth: z
      .strictObject({
        latency: distribution.prefault(DEFAULTS.gateway.auth.latency),
        reject: probability().default(DEFAULTS.gateway.auth.reject),
      })
      .optional(),
  });

  const discovery = z.strictObject({
    refresh: duration(true).default(DEFAULTS.discovery.refresh),
    ttl: duration().default(DEFAULTS.discovery.ttl),
  });

  const circuitBreaker = z.strictObject({
    failureRatio: z
      .number(expected("a ratio in (0, 1]"))
      .gt(0, expected("a ratio in (0, 1]"))
      .max(1, expected("a ratio in (0, 1]"))
      .default(DEFAULTS.circuitBreaker.failureRatio),
    window: duration(true).default(DEFAULTS.circuitBreaker.window),
    minCalls: positiveInteger(BREAKER).default(DEFAULTS.circuitBreaker.minCalls),
    openFor: duration(true).default(DEFAULTS.circuitBreaker.openFor),
    probes: positiveInteger(BREAKER).default(DEFAULTS.circuitBreaker.probes),
  });

  const callPolicy = z.strictObject({
    /** This edge's one-way latency per hop, instead of network.latency. */
    network: distribution.optional(),
    /** A connection pool: at most size calls at once per caller instance (or service). */
    pool: pool.optional(),
    timeout: duration(true).optional(),
    retries: nonNegativeInteger({ max: LIMITS.retries, what: "retries" }).default(
      DEFAULTS.callPolicy.retries,
    ),
    backoff: duration().default(DEFAULTS.callPolicy.backoff),
    backoffMultiplier: z
      .number(expected("a number >= 1"))
      .min(1, expected("a number >= 1"))
      .default(DEFAULTS.callPolicy.backoffMultiplier),
    maxBackoff: duration().optional(),
    jitter: z.boolean(expected("true or false")).default(DEFAULTS.callPolicy.jitter),
    circuitBreaker: z
      .union([z.literal(true), circuitBreaker], expected("true or an object"))
      .optional(),
  });

  const fault = z
    .strictObject({
      service: z.string(expected("a service name")),
      at: duration().optional(),
      for: duration(true).optional(),
      crash: positiveInteger(INSTANCES).optional(),
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
          ctx.addIssue({
            code: "custom",
            path: ["at"],
            message: "required: when the fault starts",
          });
      }
    });

  const topic = z.strictObject({
    /** How many messages of the topic a consumer group may process at once (one per partition). */
    partitions: positiveInteger({ max: 100_000, what: "partitions" }),
    /** The broker: its acknowledgement of a publish, a delay. */
    broker: z.strictObject({ latency: distribution.prefault(0) }).optional(),
    /** How long a message may wait for a consumer before it is dropped. */
    retention: duration(true).optional(),
  });
  return {
    balancer,
    network,
    pool,
    cache,
    serviceBalancer,
    service,
    gateway,
    discovery,
    callPolicy,
    fault,
    topic,
  };
});
