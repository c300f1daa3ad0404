import { ScenarioError } from "../index.js";

/**
 * Apply `--set PATH=VALUE` overrides to a scenario's plain data: `workload.rate=1000/s`,
 * `services.payment.instances=4`. The path must name a key that exists, or a new key in an
 * existing object (so a typo is caught); VALUE is read as a number, true/false, or a string.
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
      const next = isObject(node) ? node[key] : undefined;
      if (!isObject(next)) {
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
    if (!isObject(node) || last === "__proto__" || last === "constructor" || last === "prototype") {
      return [{ path: `--set ${path.join(".")}`, message: "cannot set this path" }];
    }
    node[last] = value;
    return [];
  });
  if (issues.length > 0) throw new ScenarioError(issues);
  return copy;
}

function parseValue(text: string): unknown {
  if (text === "true") return true;
  if (text === "false") return false;
  if (text !== "" && Number.isFinite(Number(text))) return Number(text);
  return text;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}
