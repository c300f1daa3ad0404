import {
  CLIENT,
  compileConsumers,
  compileFlows,
  GATEWAY,
  type TreeCall,
  type TreeStep,
  treeCalls,
} from "../scenario/callTree.js";
import type { Scenario } from "../scenario/types.js";

/**
 * A Mermaid id for a service: prefixed, so that names Mermaid reserves (`end`, `par`) and the
 * ids of the client and the gateway cannot clash with it.
 */
const id = (name: string) => `s_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
/** A Mermaid id for a topic, apart from the services'. */
const topicId = (name: string) => `t_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
/** The id of a call's caller: the client, the gateway, or a service. */
const callerId = (call: TreeCall) =>
  call.callerRole === "service" ? id(call.caller) : call.caller;

/**
 * The topology as a Mermaid flowchart: the client, the gateway, each service with its
 * instances, workers and balancer, and an arrow for every call a flow makes, labelled with its
 * policy (timeout, retries, circuit breaker).
 *
 * @example
 * topologyDiagram(scenario); // "flowchart LR\n  client([client])\n ..."
 */
export function topologyDiagram(scenario: Scenario): string {
  const lines = ["flowchart LR", "  client([client])"];
  const g = scenario.gateway;
  if (g) {
    const admission = [
      g.rateLimit ? `rate limit ${g.rateLimit.rate}/s` : "",
      g.auth ? `auth, ${(g.auth.reject * 100).toFixed(1)}% refused` : "",
    ].filter(Boolean);
    lines.push(
      `  gateway{{"gateway<br/>${g.instances}×${g.concurrency}${admission.length > 0 ? `<br/>${admission.join(", ")}` : ""}"}}`,
      "  client --> gateway",
    );
  }
  const cacheServers = new Set(
    Object.values(scenario.services).flatMap((s) => (s.cache ? [s.cache.service] : [])),
  );
  for (const [name, s] of Object.entries(scenario.services)) {
    const failure = s.failure > 0 ? `, fails ${+(s.failure * 100).toFixed(3)}%` : "";
    const balancer =
      s.balancer === "hash" && s.hash
        ? `hash over ${s.hash.keys} keys${s.hash.virtualNodes ? `, ring ×${s.hash.virtualNodes}` : ""}`
        : s.balancer;
    const zones = s.zones ? `<br/>zones ${s.zones.join(", ")}` : "";
    const label = `${name}<br/>${s.instances}×${s.concurrency} ${balancer}${failure}${zones}`;
    // Cache servers are drawn as cylinders of a store, the rest as boxes.
    lines.push(
      cacheServers.has(name) ? `  ${id(name)}[("${label}")]` : `  ${id(name)}["${label}"]`,
    );
  }
  for (const [name, s] of Object.entries(scenario.services)) {
    if (!s.cache) continue;
    const what =
      s.cache.kind === "ratio"
        ? `cache, hit ${+(s.cache.hitRatio * 100).toFixed(2)}%`
        : `cache ${s.cache.policy}${s.cache.capacity ? ` ${s.cache.capacity}` : ""}`;
    lines.push(`  ${id(name)} -.->|${what}| ${id(s.cache.service)}`);
  }
  for (const topic of Object.keys(scenario.topics))
    lines.push(
      `  ${topicId(topic)}[/"${topic}<br/>${scenario.topics[topic]!.partitions} partitions"/]`,
    );
  const publishes = new Set<string>();
  const visitPublishes = (steps: readonly TreeStep[]) => {
    for (const s of steps) {
      if (s.kind === "publish") {
        const from = s.caller === CLIENT || s.caller === GATEWAY ? s.caller : id(s.caller);
        publishes.add(`  ${from} -. publish .-> ${topicId(s.topic)}`);
      } else if (s.kind === "parallel") for (const b of s.branches) visitPublishes(b);
      else visitPublishes(s.calls);
    }
  };
  for (const flow of compileFlows(scenario)) visitPublishes(flow.steps);
  const consumers = compileConsumers(scenario);
  for (const c of consumers) visitPublishes([c.step]);
  lines.push(...publishes);
  for (const c of consumers) lines.push(`  ${topicId(c.topic)} -. consume .-> ${id(c.service)}`);
  const drawn = new Set<string>();
  for (const c of consumers)
    for (const call of treeCalls(c.step.calls)) {
      if (drawn.has(call.key)) continue;
      drawn.add(call.key);
      lines.push(`  ${callerId(call)} --> ${id(call.name)}`);
    }
  for (const flow of compileFlows(scenario)) {
    for (const call of treeCalls(flow.steps)) {
      if (drawn.has(call.key)) continue;
      drawn.add(call.key);
      const policy = call.policy;
      const label = [
        policy && policy.timeout !== null ? `timeout ${policy.timeout}s` : "",
        policy && policy.retries > 0 ? `${policy.retries} retries` : "",
        policy?.circuitBreaker ? "breaker" : "",
        call.link?.pool ? `pool ${call.link.pool.size}/${call.link.pool.per}` : "",
      ]
        .filter(Boolean)
        .join(", ");
      lines.push(`  ${callerId(call)} -->${label ? `|${label}|` : ""} ${id(call.name)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * One flow as a Mermaid sequence diagram: each call, its nested calls, parallel branches.
 *
 * @example
 * flowDiagram(scenario, "checkout"); // "sequenceDiagram\n  title checkout\n ..."
 */
export function flowDiagram(scenario: Scenario, flow: string): string {
  const tree = Object.hasOwn(scenario.flows, flow)
    ? compileFlows(scenario).find((f) => f.name === flow)
    : undefined;
  if (!tree) throw new RangeError(`flowDiagram: unknown flow "${flow}"`);
  const lines = ["sequenceDiagram", `  title ${flow}`, "  participant client"];
  if (scenario.gateway) lines.push("  participant gateway");
  for (const topic of Object.keys(scenario.topics))
    lines.push(`  participant ${topicId(topic)} as ${topic}`);
  for (const name of new Set(treeCalls(tree.steps).map((c) => c.name)))
    lines.push(`  participant ${id(name)} as ${name}`);
  const body: string[] = [];
  const emit = (list: readonly TreeStep[], indent: string) => {
    for (const s of list) {
      if (s.kind === "call" && s.role === "gateway") {
        body.push(`${indent}client->>+gateway: request`);
        emit(s.calls, indent);
        body.push(`${indent}gateway-->>-client: response`);
      } else if (s.kind === "call") {
        body.push(`${indent}${callerId(s)}->>+${id(s.name)}: call`);
        emit(s.calls, indent);
        body.push(`${indent}${id(s.name)}-->>-${callerId(s)}: reply`);
      } else if (s.kind === "publish") {
        const from = s.caller === CLIENT || s.caller === GATEWAY ? s.caller : id(s.caller);
        body.push(`${indent}${from}-)${topicId(s.topic)}: publish`);
      } else {
        s.branches.forEach((branch, i) => {
          body.push(`${indent}${i === 0 ? "par" : "and"}`);
          emit(branch, `${indent}  `);
        });
        body.push(`${indent}end`);
      }
    }
  };
  emit(tree.steps, "  ");
  return `${[...lines, ...body].join("\n")}\n`;
}
