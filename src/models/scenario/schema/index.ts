import * as z from "zod";
import { DEFAULTS, LIMITS } from "../normalise.js";
import {
  duration,
  expected,
  NAME_PATTERN,
  nonNegativeInteger,
  once,
  positiveInteger,
  show,
} from "./primitives.js";
import { sectionSchemas } from "./sections.js";
import { workloadSchemas } from "./workload.js";

/**
 * The scenario file's schema (zod). It checks shapes, units and ranges, and turns durations
 * and rates into numbers; cross-references (flows naming services, the mix naming flows,
 * cycles) are checked after it, in parse.ts. Each check states what it expected, so a
 * message reads `expected a positive integer, got -2`. Defaults come from DEFAULTS
 * (normalise.ts), the one table of them. Built on its first use (`scenarioSchema()`), so
 * importing meshsim does not pay for building it.
 */

/** A key that names a service, a flow or a topic: letters, digits, - and _. */
const nameOf = (what: string) =>
  z.string().regex(NAME_PATTERN, {
    error: (issue) =>
      `expected a ${what} name of letters, digits, - and _ starting with a letter, got ${show(issue.input)}`,
  });

export const scenarioSchema = once(() => {
  const { callPolicy, discovery, fault, gateway, network, service, topic } = sectionSchemas();
  const { slo, workload } = workloadSchemas();
  return z.strictObject({
    name: z.string(expected("a string")).default(DEFAULTS.name),
    seed: nonNegativeInteger().default(DEFAULTS.seed),
    duration: duration(true).default(DEFAULTS.duration),
    warmup: duration().optional(),
    replications: positiveInteger({ max: LIMITS.replications, what: "replications" }).default(
      DEFAULTS.replications,
    ),
    workload,
    gateway: gateway.optional(),
    discovery: discovery.nullable().optional(),
    network: network.optional(),
    services: z
      .record(nameOf("service"), service, expected("an object of services"))
      .refine((s) => Object.keys(s).length > 0, { message: "expected at least one service" }),
    flows: z.record(nameOf("flow"), z.unknown(), expected("an object of flows")),
    calls: z
      .record(z.string(), callPolicy, expected("an object of caller->callee: policy"))
      .optional(),
    topics: z.record(nameOf("topic"), topic, expected("an object of topics")).optional(),
    consumers: z
      .record(z.string(), z.unknown(), expected("an object of topic: consumers"))
      .optional(),
    faults: z.array(fault, expected("a list of faults")).optional(),
    slo: slo.optional(),
    timeline: z
      .strictObject({
        window: duration(true).optional(),
        services: z
          .union([positiveInteger(), z.literal("all")], expected('a positive integer or "all"'))
          .optional(),
        flows: z
          .union([positiveInteger(), z.literal("all")], expected('a positive integer or "all"'))
          .optional(),
      })
      .optional(),
  });
});

/**
 * A scenario as a file may write it, before parsing: durations and rates as strings or
 * numbers, defaults left out. `parseScenario` turns it into a `Scenario`.
 * @example
 * const input: ScenarioInput = {
 *   workload: { rate: "200/s" },
 *   services: { api: { latency: "12ms" } },
 *   flows: { main: ["api"] },
 * };
 */
export type ScenarioInput = z.input<ReturnType<typeof scenarioSchema>>;
export type ParsedScenarioShape = z.output<ReturnType<typeof scenarioSchema>>;

export { distributionObject } from "./distribution.js";
export { describeIssue, NAME_PATTERN, PARSE_OPTIONS, show } from "./primitives.js";
export { BALANCERS } from "./sections.js";
