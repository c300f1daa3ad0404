import { entryCaller, flowEdges, servicesCalled } from "../scenario/callTree.js";
import { policyFor } from "../scenario/policy.js";
import type { Scenario, Step } from "../scenario/types.js";

/**
 * A Mermaid id for a service: prefixed, so that names Mermaid reserves (`end`, `par`) and the
 * ids of the client and the gateway cannot clash with it.
 */
const id = (name: string) => `s_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
/** The id of a caller: the client, the gateway, or a service. */
const callerId = (name: string) => (name === "client" || name === "gateway" ? name : id(name));

/**
 * The topology as a Mermaid flowchart: the client, the gateway, each service with its
 * instances, workers and balancer, and an arrow for every call a flow makes, labelled with its
 * policy (timeout, retries, circuit breaker).
 */
export function topologyDiagram(scenario: Scenario): string {
  const lines = ["flowchart LR", "  client([client])"];
  const entry = entryCaller(scenario);
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
  for (const [name, s] of Object.entries(scenario.services)) {
    const failure = s.failure > 0 ? `, fails ${+(s.failure * 100).toFixed(3)}%` : "";
    lines.push(
      `  ${id(name)}["${name}<br/>${s.instances}×${s.concurrency} ${s.balancer}${failure}"]`,
    );
  }
  for (const edge of flowEdges(scenario.flows, entry)) {
    const [caller, callee] = edge.split("->") as [string, string];
    const from = callerId(caller);
    const policy = policyFor(scenario.calls, caller, callee);
    const label = policy
      ? [
          policy.timeout !== null ? `timeout ${policy.timeout}s` : "",
          policy.retries > 0 ? `${policy.retries} retries` : "",
          policy.circuitBreaker ? "breaker" : "",
        ]
          .filter(Boolean)
          .join(", ")
      : "";
    lines.push(`  ${from} -->${label ? `|${label}|` : ""} ${id(callee)}`);
  }
  return `${lines.join("\n")}\n`;
}

/** One flow as a Mermaid sequence diagram: each call, its nested calls, parallel branches. */
export function flowDiagram(scenario: Scenario, flow: string): string {
  const steps = scenario.flows[flow];
  if (!steps) throw new RangeError(`flowDiagram: unknown flow "${flow}"`);
  const lines = ["sequenceDiagram", `  title ${flow}`, "  participant client"];
  const entry = entryCaller(scenario);
  if (scenario.gateway) lines.push("  participant gateway");
  for (const name of servicesCalled(steps)) lines.push(`  participant ${id(name)} as ${name}`);
  const body: string[] = [];
  const emit = (list: Step[], caller: string, indent: string) => {
    for (const s of list) {
      if ("call" in s) {
        body.push(`${indent}${callerId(caller)}->>+${id(s.call)}: call`);
        emit(s.calls, s.call, indent);
        body.push(`${indent}${id(s.call)}-->>-${callerId(caller)}: reply`);
      } else {
        s.parallel.forEach((branch, i) => {
          body.push(`${indent}${i === 0 ? "par" : "and"}`);
          emit(branch, caller, `${indent}  `);
        });
        body.push(`${indent}end`);
      }
    }
  };
  if (scenario.gateway) {
    body.push("  client->>+gateway: request");
    emit(steps, entry, "  ");
    body.push("  gateway-->>-client: response");
  } else emit(steps, "client", "  ");
  return `${[...lines, ...body].join("\n")}\n`;
}
