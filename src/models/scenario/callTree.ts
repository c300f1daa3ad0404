import { policyFor } from "./policy.js";
import type { CallPolicy, LinkConfig, Scenario, Step } from "./types.js";

/** What a station is in the system: the entry gateway or a service. A role, never a name. */
export type StationRole = "gateway" | "service";

/** The caller of a flow's first call when there is no gateway. */
export const CLIENT = "client";
/** The caller of a flow's first call when there is a gateway, as `calls` keys name it. */
export const GATEWAY = "gateway";

/** A call in a compiled call tree: who calls whom, under which policy, and what it calls next. */
export interface TreeCall {
  readonly kind: "call";
  readonly role: StationRole;
  /** The service called; for the gateway, the name its figures are reported under. */
  readonly name: string;
  /** The caller: the client, the gateway (for a flow's first calls) or a service. */
  readonly caller: string;
  /** What the caller is: the client, the gateway, or a service (named by `caller`). */
  readonly callerRole: "client" | StationRole;
  /** The edge's key, `caller->callee`, as `calls` and the report name it; "" for the gateway. */
  readonly key: string;
  /** The policy on the edge (timeout, retries, breaker); null for none. */
  readonly policy: CallPolicy | null;
  /** The edge's own network latency and pool, from `calls` entries; null for neither. */
  readonly link: LinkConfig | null;
  /** The calls this one makes after its own work, in order. */
  readonly calls: readonly TreeStep[];
}

/** Parallel branches, each a sequence; the step ends when the slowest branch has. */
export interface TreeParallel {
  readonly kind: "parallel";
  readonly branches: readonly (readonly TreeStep[])[];
}

/** A publish to a topic: the caller waits for the broker's acknowledgement, then goes on. */
export interface TreePublish {
  readonly kind: "publish";
  readonly topic: string;
  /** Who publishes: the client, the gateway or a service. */
  readonly caller: string;
}

/**
 * One step of a compiled call tree: a call (with its policy and nested calls), parallel
 * branches, or a publish to a topic.
 */
export type TreeStep = TreeCall | TreeParallel | TreePublish;

/** A flow's call tree, from its entry (the gateway, when there is one) down. */
export interface TreeFlow {
  readonly name: string;
  /** The flow's share of the workload's requests (the mix, normalised). */
  readonly share: number;
  readonly steps: readonly TreeStep[];
}

/**
 * The one compiler of call semantics: every consumer (the world, the analysis, the diagrams,
 * the parser's checks) walks the tree it returns. Nested calls are made by the service they
 * are nested under; parallel branches by the caller of the parallel step; the first calls of
 * a flow by the gateway when there is one (a call to it, with no policy), else by the client.
 */
export function compileSteps(
  steps: readonly Step[],
  caller: string,
  calls: Readonly<Record<string, CallPolicy>>,
  callerRole: TreeCall["callerRole"] = caller === GATEWAY ? "gateway" : "client",
  links: Readonly<Record<string, LinkConfig>> = {},
): TreeStep[] {
  return steps.map((step): TreeStep => {
    if ("publish" in step) return { kind: "publish", topic: step.publish, caller };
    if (!("call" in step)) {
      return {
        kind: "parallel",
        branches: step.parallel.map((b) => compileSteps(b, caller, calls, callerRole, links)),
      };
    }
    return {
      kind: "call",
      role: "service",
      name: step.call,
      caller,
      callerRole,
      key: `${caller}->${step.call}`,
      policy: policyFor(calls, caller, step.call),
      link: policyFor(links, caller, step.call),
      calls: compileSteps(step.calls, step.call, calls, "service", links),
    };
  });
}

/**
 * Every flow of a scenario as a call tree, the gateway's call first when there is one.
 *
 * @example
 * compileFlows(scenario).map((f) => f.name); // ["browse", "search", "checkout"]
 */
export function compileFlows(
  scenario: Pick<Scenario, "gateway" | "flows" | "calls" | "workload"> &
    Partial<Pick<Scenario, "links">>,
): TreeFlow[] {
  const entry = entryCaller(scenario);
  return Object.entries(scenario.flows).map(([name, steps]) => {
    const compiled = compileSteps(steps, entry, scenario.calls, undefined, scenario.links ?? {});
    const root: TreeStep[] = scenario.gateway
      ? [
          {
            kind: "call",
            role: "gateway",
            name: GATEWAY,
            caller: CLIENT,
            callerRole: "client",
            key: "",
            policy: null,
            link: null,
            calls: compiled,
          },
        ]
      : compiled;
    return { name, share: scenario.workload.mix[name] ?? 0, steps: root };
  });
}

/** The caller of a flow's first call: the gateway when there is one, else the client. */
export function entryCaller(scenario: Pick<Scenario, "gateway">): string {
  return scenario.gateway ? GATEWAY : CLIENT;
}

/** Every service call in a tree, depth first, in the order the flow makes them. */
export function treeCalls(steps: readonly TreeStep[]): TreeCall[] {
  const found: TreeCall[] = [];
  const visit = (list: readonly TreeStep[]) => {
    for (const step of list) {
      if (step.kind === "publish") continue;
      if (step.kind === "parallel") for (const branch of step.branches) visit(branch);
      else {
        if (step.role === "service") found.push(step);
        visit(step.calls);
      }
    }
  };
  visit(steps);
  return found;
}

/** Every caller->callee edge the flows make, as `caller->callee` keys, in the order first made. */
export function flowEdges(flows: Readonly<Record<string, Step[]>>, entry: string): Set<string> {
  const edges = new Set<string>();
  for (const steps of Object.values(flows)) {
    for (const call of treeCalls(compileSteps(steps, entry, {}))) edges.add(call.key);
  }
  return edges;
}

/** The services a list of steps calls, nested ones included, in the order first called. */
export function servicesCalled(steps: readonly Step[]): string[] {
  return [...new Set(treeCalls(compileSteps(steps, CLIENT, {})).map((call) => call.name))];
}

/** A topic's consumer groups as call trees: each group's call, made as the message arrives. */
export interface TreeConsumer {
  readonly topic: string;
  readonly service: string;
  readonly step: TreeCall;
}

/**
 * Every consumer group of a scenario, compiled like a flow's first call (from outside).
 *
 * @example
 * compileConsumers(scenario).map((c) => `${c.topic} -> ${c.service}`);
 */
export function compileConsumers(
  scenario: Pick<Scenario, "consumers" | "calls"> & Partial<Pick<Scenario, "links">>,
): TreeConsumer[] {
  return Object.entries(scenario.consumers).flatMap(([topic, groups]) =>
    groups.map((g) => {
      const [step] = compileSteps([g], CLIENT, scenario.calls, "client", scenario.links ?? {});
      return { topic, service: g.call, step: step as TreeCall };
    }),
  );
}
