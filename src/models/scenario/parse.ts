import type * as z from "zod";
import type { DistributionSpec } from "../../sim/index.js";
import { checkAutoscale, checkLagMetric } from "./autoscaleChecks.js";
import { CLIENT, flowEdges, GATEWAY } from "./callTree.js";
import { suggestion } from "./didYouMean.js";
import { readSequence } from "./flows.js";
import { DEFAULTS, LIMITS, normalise } from "./normalise.js";
import {
  checkCallKeys,
  checkFaultServices,
  checkMixNames,
  checkNames,
  checkSloNames,
  isPlainObject,
  readMix,
} from "./references.js";
import { formatPath, ScenarioError, type ScenarioIssue } from "./scenarioError.js";
import { PARSE_OPTIONS, type ParsedScenarioShape, scenarioSchema, show } from "./schema/index.js";
import { checkDepth, parseText } from "./text.js";
import type { Fault, Scenario, Step, Workload } from "./types.js";
import { formatCount } from "./units.js";

/** Names a service may not take: they name the entry point in `calls` keys (`gateway->x`). */
const RESERVED = [CLIENT, GATEWAY];

/**
 * Read a scenario from YAML text, JSON text or a plain object, check it, and return it
 * normalised (durations in seconds, rates per second, defaults filled in).
 * @throws {ScenarioError} listing every problem with its path; nothing is half-parsed
 *
 * @example
 * const scenario = parseScenario("workload: { rate: 100/s }\nservices:\n  api: { latency: 10ms }\nflows:\n  main: [api]\n");
 * scenario.services.api.latency; // { dist: "constant", value: 0.01 }
 */
export function parseScenario(input: string | object): Scenario {
  const raw = typeof input === "string" ? parseText(input) : input;
  checkDepth(raw);
  if (!isPlainObject(raw)) {
    throw new ScenarioError([
      { path: "", message: `expected a scenario object, got ${show(raw)}` },
    ]);
  }
  const issues: ScenarioIssue[] = [];
  const parsed = scenarioSchema().safeParse(raw, PARSE_OPTIONS);
  if (!parsed.success) issues.push(...parsed.error.issues.flatMap(toIssues));

  // Cross-references are read from the raw input, so they are reported even when the schema
  // found other problems: the user sees every problem at once.
  const serviceNames = checkNames(raw.services, "services", "service", issues);
  for (const name of serviceNames.filter((n) => RESERVED.includes(n))) {
    issues.push({
      path: `services.${name}`,
      message: `"${name}" is reserved: it names the entry point in calls keys (${name}->service); choose another name`,
    });
  }
  const flowNames = checkNames(raw.flows, "flows", "flow", issues);
  const topicNames = isPlainObject(raw.topics) ? Object.keys(raw.topics) : [];
  const flows: Record<string, Step[]> = {};
  for (const name of flowNames) {
    flows[name] = readSequence(
      (raw.flows as Record<string, unknown>)[name],
      ["flows", name],
      [],
      serviceNames,
      issues,
      topicNames,
    );
  }
  const consumers = readConsumers(raw.consumers, topicNames, serviceNames, flows, issues);
  if (isPlainObject(raw.flows) && Object.keys(raw.flows).length === 0) {
    issues.push({ path: "flows", message: "expected at least one flow" });
  }
  checkMixNames(isPlainObject(raw.workload) ? raw.workload.mix : undefined, flowNames, issues);
  if (isPlainObject(raw.calls)) {
    const entry = raw.gateway === undefined ? CLIENT : GATEWAY;
    checkCallKeys(Object.keys(raw.calls), serviceNames, flowEdges(flows, entry), entry, issues);
  }
  if (Array.isArray(raw.faults)) checkFaultServices(raw.faults, raw.services, issues);
  checkSloNames(raw.slo, flowNames, serviceNames, issues);

  if (!parsed.success) throw new ScenarioError(dedupe(issues));
  const s = parsed.data;
  checkServices(s, issues);
  checkZones(s, issues);
  checkCaches(s, issues);
  checkLagMetric(s, consumers, issues);
  const workload = readWorkload(s, readMix(s.workload.mix, flowNames, issues));
  const faults = readFaults(s);
  if (issues.length > 0) throw new ScenarioError(dedupe(issues));
  return normalise(s, { flows, workload, faults, consumers, policyKeys: policyKeys(raw.calls) });
}

function readWorkload(s: ParsedScenarioShape, mix: Record<string, number>): Workload {
  const w = s.workload;
  if (w.users !== undefined)
    return { kind: "closed", users: w.users, think: w.think as DistributionSpec, mix };
  if (w.profile !== undefined) return { kind: "profile", profile: w.profile, mix };
  return { kind: "open", rate: w.rate!, mix };
}

function readFaults(s: ParsedScenarioShape): Fault[] {
  return (s.faults ?? []).map((f): Fault => {
    const base = { service: f.service, at: f.at ?? 0, for: f.for ?? null };
    if (f.crash !== undefined) return { kind: "crash", ...base, instances: f.crash };
    if (f.addLatency !== undefined)
      return { kind: "latency", ...base, latency: f.addLatency as DistributionSpec };
    if (f.failure !== undefined) return { kind: "failure", ...base, failure: f.failure };
    return { kind: "random-crash", service: f.service, mtbf: f.mtbf!, mttr: f.mttr! };
  });
}

/** What the schema cannot see of the services: weights against instances, in total. */
function checkServices(s: ParsedScenarioShape, issues: ScenarioIssue[]): void {
  let total = s.gateway?.instances ?? 0;
  for (const [name, svc] of Object.entries(s.services)) {
    const scale = svc.autoscale ?? null;
    const instances = svc.instances ?? scale?.min ?? DEFAULTS.service.instances;
    // An autoscaled service may run up to its max.
    total += scale === null ? instances : Math.max(instances, scale.max);
    if (svc.weights !== undefined && svc.weights.length !== instances) {
      issues.push({
        path: `services.${name}.weights`,
        message: `expected one weight per instance (${instances}), got ${svc.weights.length}`,
      });
    }
    if (scale !== null) checkAutoscale(`services.${name}`, svc, scale, issues);
    if (svc.balancer === "weighted" && svc.weights === undefined) {
      issues.push({
        path: `services.${name}.weights`,
        message: "the weighted balancer needs weights",
      });
    }
  }
  if (total > LIMITS.totalInstances) {
    issues.push({
      path: "services",
      message: `expected at most ${formatCount(LIMITS.totalInstances)} instances in all (meshsim's limit), got ${formatCount(total)}`,
    });
  }
}

/**
 * `consumers: { topic: [service, { service: [nested calls] }] }`: each entry a consumer group,
 * a call step run for every message. The topic must exist and be published by some flow or
 * consumer; every topic published needs no consumer (its messages are then only counted).
 */
function readConsumers(
  raw: unknown,
  topics: string[],
  services: string[],
  flows: Record<string, Step[]>,
  issues: ScenarioIssue[],
): Record<string, { call: string; calls: Step[] }[]> {
  const out: Record<string, { call: string; calls: Step[] }[]> = {};
  if (raw === undefined || !isPlainObject(raw)) return out;
  for (const [topic, value] of Object.entries(raw)) {
    const path = ["consumers", topic];
    if (!topics.includes(topic)) {
      issues.push({
        path: formatPath(path),
        message: `unknown topic "${topic}"${suggestion(topic, topics)}`,
      });
      continue;
    }
    const steps = readSequence(value, path, [], services, issues, topics);
    const groups = steps.filter((st): st is { call: string; calls: Step[] } => "call" in st);
    if (groups.length !== steps.length)
      issues.push({ path: formatPath(path), message: "expected a list of consuming services" });
    const seen = new Set<string>();
    for (const g of groups) {
      if (seen.has(g.call))
        issues.push({ path: formatPath(path), message: `"${g.call}" consumes this topic twice` });
      seen.add(g.call);
    }
    out[topic] = groups;
  }
  const published = new Set<string>();
  const visit = (steps: readonly Step[]) => {
    for (const st of steps) {
      if ("publish" in st) published.add(st.publish);
      else if ("parallel" in st) for (const b of st.parallel) visit(b);
      else visit(st.calls);
    }
  };
  for (const steps of Object.values(flows)) visit(steps);
  for (const groups of Object.values(out)) visit(groups);
  for (const topic of Object.keys(out)) {
    if (!published.has(topic))
      issues.push({
        path: formatPath(["consumers", topic]),
        message: `nothing publishes topic "${topic}": no flow or consumer has a { publish: ${topic} } step`,
      });
  }
  return out;
}

/** A cache is served by another service, which has no cache of its own. */
function checkCaches(s: ParsedScenarioShape, issues: ScenarioIssue[]): void {
  const names = Object.keys(s.services);
  for (const [name, svc] of Object.entries(s.services)) {
    const by = svc.cache?.service;
    if (by === undefined) continue;
    const path = `services.${name}.cache.service`;
    if (!Object.hasOwn(s.services, by))
      issues.push({ path, message: `unknown service "${by}"${suggestion(by, names)}` });
    else if (by === name) issues.push({ path, message: "a service cannot be its own cache" });
    else if (s.services[by]!.cache != null)
      issues.push({ path, message: `"${by}" has a cache of its own; a cache service cannot` });
  }
}

/** The `calls` keys that set some policy key, not only `network` or `pool`. */
function policyKeys(calls: unknown): Set<string> {
  if (!isPlainObject(calls)) return new Set();
  return new Set(
    Object.entries(calls)
      .filter(
        ([, p]) => isPlainObject(p) && Object.keys(p).some((k) => k !== "network" && k !== "pool"),
      )
      .map(([key]) => key),
  );
}

/** Zones: one of zone and zones per station, and a declared zone list that they all keep to. */
function checkZones(s: ParsedScenarioShape, issues: ScenarioIssue[]): void {
  const placed: [string, { zone?: string; zones?: string[] }][] = Object.entries(s.services).map(
    ([name, svc]) => [`services.${name}`, svc],
  );
  if (s.gateway) placed.push(["gateway", s.gateway]);
  const used = new Set<string>();
  for (const [path, p] of placed) {
    if (p.zone !== undefined && p.zones !== undefined)
      issues.push({ path: `${path}.zones`, message: "give zone or zones, not both" });
    for (const z of p.zones ?? (p.zone !== undefined ? [p.zone] : [])) used.add(z);
  }
  const declared = s.network?.zones;
  if (declared === undefined) return;
  for (const [path, p] of placed) {
    const list = p.zones ?? (p.zone !== undefined ? [p.zone] : []);
    const key = p.zones !== undefined ? "zones" : "zone";
    for (const z of list.filter((z) => !declared.includes(z)))
      issues.push({
        path: `${path}.${key}`,
        message: `unknown zone "${z}"${suggestion(z, declared)}; network.zones declares ${declared.join(", ")}`,
      });
  }
  declared.forEach((z, i) => {
    if (!used.has(z))
      issues.push({
        path: `network.zones.${i}`,
        message: `no service has an instance in zone "${z}"`,
      });
  });
}

function toIssues(issue: z.core.$ZodIssue): ScenarioIssue[] {
  const path = formatPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    const lines = issue.message.split("\n");
    return issue.keys.map((key, i) => ({
      path: formatPath([...issue.path, key]),
      message: lines[i] ?? "unknown key",
    }));
  }
  if (issue.code === "invalid_key") {
    return issue.issues.map((inner) => ({ path, message: inner.message }));
  }
  return [{ path, message: issue.message }];
}

function dedupe(issues: ScenarioIssue[]): ScenarioIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
