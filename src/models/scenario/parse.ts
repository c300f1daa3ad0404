import { parseDocument } from "yaml";
import type { z } from "zod";
import { createDistribution, type DistributionSpec } from "../../sim/index.js";
import { flowEdges } from "./callTree.js";
import { suggestion } from "./didYouMean.js";
import { formatPath, ScenarioError, type ScenarioIssue } from "./scenarioError.js";
import { callPolicy, describeIssue, NAME_PATTERN, scenarioSchema, show } from "./schema.js";
import type { CircuitBreakerConfig, Fault, Scenario, Step, Workload } from "./types.js";

const MAX_FLOW_DEPTH = 32;

/**
 * Read a scenario from YAML text, JSON text or a plain object, check it, and return it
 * normalised (durations in seconds, rates per second, defaults filled in).
 * @throws {ScenarioError} listing every problem with its path; nothing is half-parsed
 */
export function parseScenario(input: string | object): Scenario {
  const raw = typeof input === "string" ? parseText(input) : input;
  if (!isPlainObject(raw)) {
    throw new ScenarioError([
      { path: "", message: `expected a scenario object, got ${show(raw)}` },
    ]);
  }
  const issues: ScenarioIssue[] = [];
  // jitless: a scenario is parsed once, so compiling zod's fast path (new Function per object
  // schema) costs more than it saves; it also keeps parsing working under a strict CSP.
  const parsed = scenarioSchema.safeParse(raw, { error: describeIssue, jitless: true });
  if (!parsed.success) issues.push(...parsed.error.issues.flatMap(toIssues));

  // Cross-references are read from the raw input, so they are reported even when the schema
  // found other problems: the user sees every problem at once.
  const serviceNames = checkNames(raw.services, "services", "service", issues);
  const flowNames = checkNames(raw.flows, "flows", "flow", issues);
  const flows: Record<string, Step[]> = {};
  for (const name of flowNames) {
    flows[name] = readSequence(
      (raw.flows as Record<string, unknown>)[name],
      ["flows", name],
      [],
      serviceNames,
      issues,
    );
  }
  if (isPlainObject(raw.flows) && Object.keys(raw.flows).length === 0) {
    issues.push({ path: "flows", message: "expected at least one flow" });
  }
  const rawMix = isPlainObject(raw.workload) ? raw.workload.mix : undefined;
  checkMixNames(rawMix, flowNames, issues);

  const rawCalls = raw.calls;
  if (isPlainObject(rawCalls)) {
    const entry = raw.gateway === undefined ? "client" : "gateway";
    checkCallKeys(Object.keys(rawCalls), serviceNames, flowEdges(flows, entry), entry, issues);
  }
  if (Array.isArray(raw.faults)) checkFaultServices(raw.faults, raw.services, issues);
  if (isPlainObject(raw.slo)) {
    for (const [key, names] of [
      ["flows", flowNames],
      ["services", serviceNames],
    ] as const) {
      const objectives = raw.slo[key];
      if (!isPlainObject(objectives)) continue;
      for (const name of Object.keys(objectives)) {
        if (!names.includes(name)) {
          issues.push({
            path: `slo.${key}.${name}`,
            message: `unknown ${key === "flows" ? "flow" : "service"} "${name}"${suggestion(name, names)}`,
          });
        }
      }
    }
  }

  if (!parsed.success) throw new ScenarioError(dedupe(issues));
  const s = parsed.data;

  for (const [name, svc] of Object.entries(s.services)) {
    checkDistribution(svc.latency as DistributionSpec, `services.${name}.latency`, issues);
    if (svc.weights !== undefined && svc.weights.length !== svc.instances) {
      issues.push({
        path: `services.${name}.weights`,
        message: `expected one weight per instance (${svc.instances}), got ${svc.weights.length}`,
      });
    }
    if (svc.balancer === "weighted" && svc.weights === undefined) {
      issues.push({
        path: `services.${name}.weights`,
        message: "the weighted balancer needs weights",
      });
    }
  }

  const mix = readMix(s.workload.mix, flowNames, issues);
  const duration = s.duration;
  const warmup = s.warmup ?? duration / 10;
  let workload: Workload;
  if (s.workload.users !== undefined) {
    const think = s.workload.think as DistributionSpec;
    checkDistribution(think, "workload.think", issues);
    workload = { kind: "closed", users: s.workload.users, think, mix };
  } else if (s.workload.profile !== undefined) {
    workload = { kind: "profile", profile: s.workload.profile, mix };
  } else {
    workload = { kind: "open", rate: s.workload.rate!, mix };
  }
  if (s.gateway) {
    checkDistribution(s.gateway.latency as DistributionSpec, "gateway.latency", issues);
    if (s.gateway.auth)
      checkDistribution(s.gateway.auth.latency as DistributionSpec, "gateway.auth.latency", issues);
  }
  const faults = (s.faults ?? []).map((f, i): Fault => {
    const base = { service: f.service, at: f.at ?? 0, for: f.for ?? null };
    if (f.crash !== undefined) return { kind: "crash", ...base, instances: f.crash };
    if (f.addLatency !== undefined) {
      checkDistribution(
        f.addLatency as DistributionSpec,
        formatPath(["faults", i, "addLatency"]),
        issues,
      );
      return { kind: "latency", ...base, latency: f.addLatency as DistributionSpec };
    }
    if (f.failure !== undefined) return { kind: "failure", ...base, failure: f.failure };
    return { kind: "random-crash", service: f.service, mtbf: f.mtbf!, mttr: f.mttr! };
  });

  if (issues.length > 0) throw new ScenarioError(dedupe(issues));
  return {
    name: s.name,
    seed: s.seed,
    duration,
    warmup,
    replications: s.replications,
    workload,
    gateway: s.gateway
      ? {
          instances: s.gateway.instances,
          concurrency: s.gateway.concurrency,
          queue: s.gateway.queue ?? null,
          latency: s.gateway.latency as DistributionSpec,
          balancer: s.gateway.balancer,
          rateLimit: s.gateway.rateLimit
            ? {
                rate: s.gateway.rateLimit.rate,
                burst: s.gateway.rateLimit.burst ?? Math.max(1, s.gateway.rateLimit.rate / 10),
              }
            : null,
          auth: s.gateway.auth
            ? {
                latency: s.gateway.auth.latency as DistributionSpec,
                reject: s.gateway.auth.reject,
              }
            : null,
        }
      : null,
    discovery: s.discovery ?? null,
    services: Object.fromEntries(
      Object.entries(s.services).map(([name, svc]) => [
        name,
        {
          instances: svc.instances,
          concurrency: svc.concurrency,
          queue: svc.queue ?? null,
          latency: svc.latency as DistributionSpec,
          failure: svc.failure,
          balancer: svc.balancer,
          weights: svc.weights ?? null,
          blocking: svc.blocking,
          cost: svc.cost ?? null,
        },
      ]),
    ),
    flows,
    calls: Object.fromEntries(
      Object.entries(s.calls ?? {}).map(([key, p]) => [
        key,
        {
          timeout: p.timeout ?? null,
          retries: p.retries,
          backoff: p.backoff,
          backoffMultiplier: p.backoffMultiplier,
          maxBackoff: p.maxBackoff ?? null,
          jitter: p.jitter,
          circuitBreaker:
            p.circuitBreaker === undefined
              ? null
              : p.circuitBreaker === true
                ? circuitBreakerDefaults()
                : p.circuitBreaker,
        },
      ]),
    ),
    faults,
    slo: { flows: s.slo?.flows ?? {}, services: s.slo?.services ?? {} },
    timeline: { window: s.timeline?.window ?? duration / 100 },
  };
}

/**
 * YAML or JSON text to plain data, before any checking: for tools that edit a scenario (the
 * CLI's `--set`) before `parseScenario` checks it.
 * @throws {ScenarioError} with the line and column of a syntax error
 */
export function readScenarioText(text: string): unknown {
  return parseText(text);
}

function parseText(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      doc.errors.map((e) => {
        const at = e.linePos?.[0];
        const where = at ? `line ${at.line}, column ${at.col}` : "";
        return {
          path: where,
          message: e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, ""),
        };
      }),
    );
  }
  return doc.toJS({ maxAliasCount: 100 });
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

function checkDistribution(spec: DistributionSpec, path: string, issues: ScenarioIssue[]): void {
  try {
    const d = createDistribution(spec);
    if (!Number.isFinite(d.mean)) {
      issues.push({
        path,
        message: `the distribution has no finite mean (${d.kind}); choose shape > 1`,
      });
    }
  } catch (error) {
    issues.push({ path, message: (error as Error).message });
  }
}

function circuitBreakerDefaults(): CircuitBreakerConfig {
  return callPolicy.parse({ circuitBreaker: {} }).circuitBreaker as CircuitBreakerConfig;
}

const EDGE_KEY = /^\s*([^\s>-][^\s>]*?|\*)\s*->\s*([^\s>-][^\s>]*?|\*)\s*$/;

/** `calls` keys: `caller->callee`, each side a service, `*` or (callers) the entry point. */
function checkCallKeys(
  keys: string[],
  services: string[],
  edges: Set<string>,
  entry: string,
  issues: ScenarioIssue[],
): void {
  const callers = [...services, entry];
  for (const key of keys) {
    const path = `calls.${key}`;
    const m = EDGE_KEY.exec(key);
    if (!m || key.trim() !== key) {
      issues.push({
        path,
        message: `expected a key such as order->payment or *->payment, got ${show(key)}`,
      });
      continue;
    }
    const [, caller, callee] = m as unknown as [string, string, string];
    if (caller !== "*" && !callers.includes(caller)) {
      issues.push({
        path,
        message: `unknown caller "${caller}"${suggestion(caller, callers)}; callers are services and ${entry}`,
      });
      continue;
    }
    if (callee !== "*" && !services.includes(callee)) {
      issues.push({
        path,
        message: `unknown service "${callee}"${suggestion(callee, services)}`,
      });
      continue;
    }
    const used = [...edges].some((edge) => {
      const [a, b] = edge.split("->");
      return (caller === "*" || caller === a) && (callee === "*" || callee === b);
    });
    if (!used && edges.size > 0)
      issues.push({
        path,
        message: `no flow makes this call (${key}), so the policy would never apply`,
      });
  }
}

function checkFaultServices(faults: unknown[], services: unknown, issues: ScenarioIssue[]): void {
  const known = isPlainObject(services) ? services : {};
  const names = Object.keys(known);
  faults.forEach((f, i) => {
    if (!isPlainObject(f) || typeof f.service !== "string") return;
    const svc = known[f.service];
    if (svc === undefined) {
      issues.push({
        path: formatPath(["faults", i, "service"]),
        message: `unknown service "${f.service}"${suggestion(f.service, names)}`,
      });
      return;
    }
    const instances = isPlainObject(svc) && typeof svc.instances === "number" ? svc.instances : 1;
    if (typeof f.crash === "number" && f.crash > instances) {
      issues.push({
        path: formatPath(["faults", i, "crash"]),
        message: `expected at most the service's ${instances} instance${instances === 1 ? "" : "s"}, got ${f.crash}`,
      });
    }
  });
}

function checkMixNames(mix: unknown, flowNames: string[], issues: ScenarioIssue[]): void {
  if (!isPlainObject(mix)) return;
  for (const name of Object.keys(mix)) {
    if (!flowNames.includes(name)) {
      issues.push({
        path: `workload.mix.${name}`,
        message: `unknown flow${suggestion(name, flowNames)}`,
      });
    }
  }
}

/** The valid names among an object's own keys; invalid ones (`__proto__`, `a b`) are issues. */
function checkNames(value: unknown, path: string, what: string, issues: ScenarioIssue[]): string[] {
  if (!isPlainObject(value)) return [];
  return Object.keys(value).filter((name) => {
    if (NAME_PATTERN.test(name)) return true;
    issues.push({
      path: `${path}.${name}`,
      message: `expected a ${what} name of letters, digits, - and _ starting with a letter`,
    });
    return false;
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function readMix(
  mix: Record<string, number> | undefined,
  flowNames: string[],
  issues: ScenarioIssue[],
): Record<string, number> {
  if (mix === undefined) {
    if (flowNames.length > 1) {
      issues.push({
        path: "workload.mix",
        message: `required with several flows: give a weight for each of ${flowNames.join(", ")}`,
      });
    }
    return flowNames.length === 1 ? { [flowNames[0]!]: 1 } : {};
  }
  let total = 0;
  for (const weight of Object.values(mix)) total += weight;
  if (!(total > 0))
    issues.push({ path: "workload.mix", message: "the weights must not all be zero" });
  return Object.fromEntries(
    Object.entries(mix).map(([name, w]) => [name, total > 0 ? w / total : 0]),
  );
}

/**
 * A sequence of steps: `[user, { order: [payment, { parallel: [inventory, shipping] }] }]`.
 * `ancestors` is the chain of services making these calls, to catch a service calling itself.
 */
function readSequence(
  value: unknown,
  path: (string | number)[],
  ancestors: string[],
  services: string[],
  issues: ScenarioIssue[],
): Step[] {
  if (!Array.isArray(value)) {
    if (typeof value === "string" || (value && typeof value === "object")) {
      return readSequence([value], path, ancestors, services, issues);
    }
    issues.push({
      path: formatPath(path),
      message: `expected a list of calls, got ${show(value)}`,
    });
    return [];
  }
  if (value.length === 0) {
    issues.push({ path: formatPath(path), message: "expected at least one call" });
    return [];
  }
  if (ancestors.length > MAX_FLOW_DEPTH) {
    issues.push({
      path: formatPath(path),
      message: `calls nest deeper than ${MAX_FLOW_DEPTH} levels`,
    });
    return [];
  }
  return value.flatMap((item, i) => {
    const step = readStep(item, [...path, i], ancestors, services, issues);
    return step ? [step] : [];
  });
}

function readStep(
  item: unknown,
  path: (string | number)[],
  ancestors: string[],
  services: string[],
  issues: ScenarioIssue[],
): Step | undefined {
  const call = (name: string, nested: unknown, at: (string | number)[]): Step | undefined => {
    if (!services.includes(name)) {
      issues.push({
        path: formatPath(at),
        message: `unknown service "${name}"${suggestion(name, services)}`,
      });
      return undefined;
    }
    if (ancestors.includes(name)) {
      issues.push({
        path: formatPath(at),
        message: `cycle: ${[...ancestors.slice(ancestors.indexOf(name)), name].join(" -> ")}`,
      });
      return undefined;
    }
    const calls =
      nested === undefined
        ? []
        : readSequence(nested, [...at], [...ancestors, name], services, issues);
    return { call: name, calls };
  };
  if (typeof item === "string") return call(item, undefined, path);
  if (item && typeof item === "object" && !Array.isArray(item)) {
    const keys = Object.keys(item);
    if (keys.length !== 1) {
      issues.push({
        path: formatPath(path),
        message: `expected one service name (or "parallel") as the only key, got ${keys.length === 0 ? "none" : keys.join(", ")}`,
      });
      return undefined;
    }
    const key = keys[0]!;
    const nested = (item as Record<string, unknown>)[key];
    if (key === "parallel") {
      if (!Array.isArray(nested) || nested.length < 1) {
        issues.push({ path: formatPath([...path, key]), message: "expected a list of branches" });
        return undefined;
      }
      const branches = nested.map((branch, b) =>
        readSequence(branch, [...path, key, b], ancestors, services, issues),
      );
      return { parallel: branches };
    }
    return call(key, nested, [...path, key]);
  }
  issues.push({ path: formatPath(path), message: `expected a service name, got ${show(item)}` });
  return undefined;
}
