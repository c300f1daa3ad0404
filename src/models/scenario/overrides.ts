import { parse } from "yaml";
import { suggestion } from "./didYouMean.js";
import { ScenarioError, type ScenarioIssue } from "./scenarioError.js";

/**
 * Apply `PATH=VALUE` overrides to a scenario's plain data, before `parseScenario` checks it:
 * `workload.rate=1000/s`, `services.payment.instances=4`, `faults.0.at=2m`. The path goes
 * through objects (made where missing) and lists (by index). A misspelt key is left for
 * parseScenario's strict schema to refuse, with a "did you mean". VALUE is read as YAML: a
 * number, true/false, a string, or a flow list or object (`faults=[]`).
 * @throws {ScenarioError} naming each override that cannot be applied
 *
 * @example
 * applyOverrides(data, ["workload.rate=1000/s", "services.payment.instances=4"]);
 */
export function applyOverrides(data: unknown, overrides: readonly string[]): unknown {
  const values: [string, unknown][] = [];
  const issues: ScenarioIssue[] = [];
  for (const text of overrides) {
    const eq = text.indexOf("=");
    if (eq <= 0) issues.push({ path: "--set", message: `expected PATH=VALUE, got "${text}"` });
    else values.push([text.slice(0, eq).trim(), parseValue(text.slice(eq + 1).trim())]);
  }
  if (issues.length > 0) throw new ScenarioError(issues);
  return withValues(data, values);
}

/**
 * A copy of plain data with each `[path, value]` set (`["services.payment.instances", 4]`).
 * @throws {ScenarioError} naming each path that cannot be set
 *
 * @example
 * parseScenario(withValues(data, [["workload.rate", "1000/s"], ["duration", "2m"]]));
 */
export function withValues(data: unknown, values: readonly [string, unknown][]): unknown {
  const copy = structuredClone(data);
  const issues = values.flatMap(([path, value]) => {
    const problem = setPath(copy, path.split("."), value);
    return problem ? [{ path: `--set ${path}`, message: problem }] : [];
  });
  if (issues.length > 0) throw new ScenarioError(issues);
  return copy;
}

const UNSAFE = new Set(["__proto__", "constructor", "prototype"]);

/** Set `path` in `root`; returns what went wrong, or null. */
function setPath(root: unknown, path: string[], value: unknown): string | null {
  let node: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    if (UNSAFE.has(key)) return "cannot set this path";
    let next = isObject(node)
      ? Object.hasOwn(node, key)
        ? node[key]
        : undefined
      : Array.isArray(node)
        ? node[Number(key)]
        : undefined;
    if (next === undefined && isObject(node)) {
      // A missing object is made (`slo.flows.checkout.p99=300ms`), unless the key looks like
      // a misspelling of one that exists (`services.paymnt`).
      const hint = suggestion(key, Object.keys(node));
      if (hint) return `no object at ${path.slice(0, i + 1).join(".")}${hint}`;
      next = {};
      node[key] = next;
    }
    if (!isObject(next) && !Array.isArray(next))
      return `no object at ${path.slice(0, i + 1).join(".")}`;
    node = next;
  }
  const last = path.at(-1)!;
  if (Array.isArray(node)) {
    const index = Number(last);
    if (!Number.isInteger(index) || index < 0 || index > node.length)
      return `expected an index from 0 to ${node.length}, got "${last}"`;
    node[index] = value;
    return null;
  }
  if (!isObject(node) || UNSAFE.has(last)) return "cannot set this path";
  node[last] = value;
  return null;
}

/**
 * A value as YAML reads it: `4`, `true`, `1000/s` (a string), `[]`, `{ rate: 10/s }`.
 *
 * @example
 * parseValue("[1, 2]"); // [1, 2]
 * parseValue("250ms"); // "250ms", for the schema to read
 */
export function parseValue(text: string): unknown {
  if (text === "") return text;
  try {
    return parse(text);
  } catch {
    return text;
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}
