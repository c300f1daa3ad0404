import { suggestion } from "./didYouMean.js";
import { formatPath, type ScenarioIssue } from "./scenarioError.js";
import { NAME_PATTERN, show } from "./schema/index.js";

/** Cross-references: names that must exist elsewhere in the scenario, and the mix. */

const EDGE_KEY = /^\s*([^\s>-][^\s>]*?|\*)\s*->\s*([^\s>-][^\s>]*?|\*)\s*$/;

/** `calls` keys: `caller->callee`, each side a service, `*` or (callers) the entry point. */
export function checkCallKeys(
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

export function checkFaultServices(
  faults: unknown[],
  services: unknown,
  issues: ScenarioIssue[],
): void {
  const known = isPlainObject(services) ? services : {};
  const names = Object.keys(known);
  faults.forEach((f, i) => {
    if (!isPlainObject(f) || typeof f.service !== "string") return;
    const svc = Object.hasOwn(known, f.service) ? known[f.service] : undefined;
    if (svc === undefined) {
      issues.push({
        path: formatPath(["faults", i, "service"]),
        message: `unknown service "${f.service}"${suggestion(f.service, names)}`,
      });
      return;
    }
    if (isPlainObject(svc) && isPlainObject(svc.autoscale)) {
      issues.push({
        path: formatPath(["faults", i, "service"]),
        message: `${f.service} is autoscaled: faults on an autoscaled service are not modelled (yet)`,
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

export function checkMixNames(mix: unknown, flowNames: string[], issues: ScenarioIssue[]): void {
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
export function checkNames(
  value: unknown,
  path: string,
  what: string,
  issues: ScenarioIssue[],
): string[] {
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

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function readMix(
  mix: Record<string, number> | undefined,
  flowNames: string[],
  issues: ScenarioIssue[],
): Record<string, number> {
  if (mix === undefined) {
    if (flowNames.length > 1) {
      issues.push({
        path: "workload.mix",
        message: `required with several flows: give a weight for each of ${someOf(flowNames)}`,
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

/** `slo.flows` and `slo.services` keys must name flows and services. */
export function checkSloNames(
  slo: unknown,
  flowNames: string[],
  serviceNames: string[],
  issues: ScenarioIssue[],
): void {
  if (!isPlainObject(slo)) return;
  for (const [key, names] of [
    ["flows", flowNames],
    ["services", serviceNames],
  ] as const) {
    const objectives = slo[key];
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

/** Names that can run to thousands, listed as the first ten and how many more. */
const LISTED = 10;
function someOf(names: readonly string[]): string {
  if (names.length <= LISTED) return names.join(", ");
  return `${names.slice(0, LISTED).join(", ")} and ${names.length - LISTED} more`;
}
