import { suggestion } from "./didYouMean.js";
import { formatPath, type ScenarioIssue } from "./scenarioError.js";
import { show } from "./schema/index.js";
import type { Step } from "./types.js";

/** How deep calls may nest in a flow. */
const MAX_FLOW_DEPTH = 32;

/** The service names as a set, made once per list: every call of every flow looks its name up. */
const sets = new WeakMap<readonly string[], ReadonlySet<string>>();
function known(services: readonly string[]): ReadonlySet<string> {
  let set = sets.get(services);
  if (set === undefined) {
    set = new Set(services);
    sets.set(services, set);
  }
  return set;
}

/**
 * A sequence of steps: `[user, { order: [payment, { parallel: [inventory, shipping] }] }]`.
 * `ancestors` is the chain of services making these calls, to catch a service calling itself.
 */
export function readSequence(
  value: unknown,
  path: (string | number)[],
  ancestors: string[],
  services: string[],
  issues: ScenarioIssue[],
  topics: readonly string[] = [],
): Step[] {
  if (!Array.isArray(value)) {
    if (typeof value === "string" || (value && typeof value === "object")) {
      return readSequence([value], path, ancestors, services, issues, topics);
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
    const step = readStep(item, [...path, i], ancestors, services, issues, topics);
    return step ? [step] : [];
  });
}

function readStep(
  item: unknown,
  path: (string | number)[],
  ancestors: string[],
  services: string[],
  issues: ScenarioIssue[],
  topics: readonly string[],
): Step | undefined {
  const call = (name: string, nested: unknown, at: (string | number)[]): Step | undefined => {
    if (!known(services).has(name)) {
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
        : readSequence(nested, [...at], [...ancestors, name], services, issues, topics);
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
    if (key === "publish") {
      if (typeof nested !== "string" || !topics.includes(nested)) {
        issues.push({
          path: formatPath([...path, key]),
          message:
            typeof nested === "string"
              ? `unknown topic "${nested}"${suggestion(nested, [...topics])}${topics.length === 0 ? "; topics are declared under topics" : ""}`
              : `expected a topic name, got ${show(nested)}`,
        });
        return undefined;
      }
      return { publish: nested };
    }
    if (key === "parallel") {
      if (!Array.isArray(nested) || nested.length < 1) {
        issues.push({ path: formatPath([...path, key]), message: "expected a list of branches" });
        return undefined;
      }
      const branches = nested.map((branch, b) =>
        readSequence(branch, [...path, key, b], ancestors, services, issues, topics),
      );
      return { parallel: branches };
    }
    return call(key, nested, [...path, key]);
  }
  issues.push({ path: formatPath(path), message: `expected a service name, got ${show(item)}` });
  return undefined;
}
