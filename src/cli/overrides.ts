import { parse } from "yaml";
import { ScenarioError } from "../index.js";

/**
 * Apply `--set PATH=VALUE` overrides to a scenario's plain data: `workload.rate=1000/s`,
 * `services.payment.instances=4`. The path must name a key that exists, or a new key in an
 * existing object (so a typo is caught); list items go by index (`faults.0.at=2m`). VALUE is
 * read as YAML: a number, true/false, a string, or a flow list or object (`faults=[]`).
 */
export function applyOverrides(data: unknown, overrides: readonly string[]): unknown {
  const copy = structuredClone(data) as Record<string, unknown>;
  const issues = overrides.flatMap((text) => {
    const eq = text.indexOf("=");
    if (eq <= 0) return [{ path: "--set", message: `expected PATH=VALUE, got "${text}"` }];
    const path = text.slice(0, eq).trim().split(".");
    const value = parseValue(text.slice(eq + 1).trim());
    let node: unknown = copy;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i]!;
      const next = isObject(node) ? node[key] : Array.isArray(node) ? node[Number(key)] : undefined;
      if (!isObject(next) && !Array.isArray(next)) {
        return [
          {
            path: `--set ${path.join(".")}`,
            message: `no object at ${path.slice(0, i + 1).join(".")}`,
          },
        ];
      }
      node = next;
    }
    const last = path.at(-1)!;
    if (Array.isArray(node)) {
      const index = Number(last);
      if (!Number.isInteger(index) || index < 0 || index > node.length) {
        return [
          {
            path: `--set ${path.join(".")}`,
            message: `expected an index from 0 to ${node.length}, got "${last}"`,
          },
        ];
      }
      node[index] = value;
      return [];
    }
    if (!isObject(node) || last === "__proto__" || last === "constructor" || last === "prototype") {
      return [{ path: `--set ${path.join(".")}`, message: "cannot set this path" }];
    }
    node[last] = value;
    return [];
  });
  if (issues.length > 0) throw new ScenarioError(issues);
  return copy;
}

/** A value as YAML reads it: `4`, `true`, `1000/s` (a string), `[]`, `{ rate: 10/s }`. */
function parseValue(text: string): unknown {
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
