import fc from "fast-check";
import { expect } from "vitest";
import { ScenarioError } from "../../src/index.js";

/** Values that once broke meshsim, or sit on its edges: limits, units, prototype names, depth. */
export const edgeValue = fc.constantFrom<unknown>(
  0,
  -1,
  0.5,
  1e9,
  2e9,
  1e-320,
  1e308,
  Number.POSITIVE_INFINITY,
  Number.NaN,
  "",
  "1e400s",
  "1e400/s",
  "10ms",
  "5/s",
  "2m",
  "toString",
  "constructor",
  "__proto__",
  "hasOwnProperty",
  "gateway",
  "client",
  null,
  true,
  [],
  {},
  [[]],
  { dist: "mixture", components: [] },
  { dist: "pareto", shape: 0.5, scale: 1 },
  { dist: "lognormal", p50: 1, p99: 0.5 },
  { parallel: [] },
  { toString: 1 },
);

/** Any value: edge values, plain JSON values, and a little of everything else. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: edgeValue },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
);

type Path = (string | number)[];

/** Every path to a value inside `value` (objects and lists), the root included. */
function pathsOf(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(value)) for (const [i, v] of value.entries()) pathsOf(v, [...path, i], out);
  else if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...path, k], out);
  return out;
}

/** One change to a scenario: drop, replace or add something at one of its paths. */
export interface Mutation {
  at: number;
  kind: "delete" | "replace" | "add";
  key: string;
  value: unknown;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom("delete", "replace", "add"),
  key: fc.oneof(
    fc.constantFrom("toString", "__proto__", "latency", "x", "", "parallel"),
    fc.string(),
  ),
  value: anyValue,
});

/** A deep copy of `base` with the mutations applied in turn. */
export function mutate(base: unknown, mutations: readonly Mutation[]): unknown {
  let root = structuredClone(base);
  for (const original of mutations) {
    // Constant arbitraries hand out one instance: a copy, so no case changes the next one's.
    const m = { ...original, value: copy(original.value) };
    const paths = pathsOf(root);
    const path = paths[m.at % paths.length]!;
    if (path.length === 0) {
      if (m.kind === "replace") root = m.value;
      continue;
    }
    const parent = path
      .slice(0, -1)
      .reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], root) as
      | Record<string, unknown>
      | unknown[];
    const last = path.at(-1)!;
    if (m.kind === "delete") {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last as string];
    } else if (m.kind === "replace") {
      (parent as Record<string | number, unknown>)[last] = m.value;
    } else {
      const target = (parent as Record<string | number, unknown>)[last];
      if (Array.isArray(target)) target.push(m.value);
      else if (target !== null && typeof target === "object")
        Object.defineProperty(target, m.key, {
          value: m.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
  }
  return root;
}

/** Refusals of the input as a whole, which have no narrower place to name. */
const WHOLE_INPUT =
  /^(expected a scenario object|its \d+ aliases expand|the scenario is [\d,]+ characters|the scenario nests deeper)/;

function copy(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

/**
 * What every refusal must be: a ScenarioError with at least one issue, each naming a path
 * (only a whole input that is no scenario object is refused without one) and saying what.
 */
export function expectCleanRefusal(error: unknown, input: unknown): void {
  if (!(error instanceof ScenarioError)) throw error;
  expect(error.issues.length).toBeGreaterThan(0);
  const whole = input === null || typeof input !== "object" || Array.isArray(input);
  for (const issue of error.issues) {
    expect(typeof issue.message).toBe("string");
    expect(issue.message.length).toBeGreaterThan(0);
    if (!whole && !WHOLE_INPUT.test(issue.message))
      expect(issue.path.length, issue.message).toBeGreaterThan(0);
  }
}
