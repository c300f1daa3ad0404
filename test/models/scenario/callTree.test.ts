import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../../src/index.js";
import {
  compileFlows,
  compileSteps,
  flowEdges,
  servicesCalled,
  type TreeStep,
  treeCalls,
} from "../../../src/models/scenario/callTree.js";
import type { CallPolicy, Step } from "../../../src/models/scenario/types.js";

const policy = (retries: number): CallPolicy => ({
  timeout: null,
  retries,
  backoff: 0,
  backoffMultiplier: 2,
  maxBackoff: null,
  jitter: false,
  circuitBreaker: null,
});

const checkout: Step[] = [
  { call: "user", calls: [] },
  {
    call: "order",
    calls: [
      { call: "payment", calls: [] },
      { parallel: [[{ call: "inventory", calls: [] }], [{ call: "shipping", calls: [] }]] },
    ],
  },
];

describe("the call-tree compiler", () => {
  it("names each call's caller: the entry first, the parent service below, the same caller across parallel branches", () => {
    const calls = treeCalls(compileSteps(checkout, "gateway", {}));
    expect(calls.map((c) => c.key)).toEqual([
      "gateway->user",
      "gateway->order",
      "order->payment",
      "order->inventory",
      "order->shipping",
    ]);
    expect(calls.map((c) => c.callerRole)).toEqual([
      "gateway",
      "gateway",
      "service",
      "service",
      "service",
    ]);
  });

  it("takes the most specific policy: a->b, then *->b, then a->*, then *->*", () => {
    const calls = { "*->*": policy(1), "order->*": policy(2), "*->payment": policy(3) };
    const tree = treeCalls(compileSteps(checkout, "client", calls));
    const retries = Object.fromEntries(tree.map((c) => [c.key, c.policy?.retries]));
    expect(retries).toEqual({
      "client->user": 1,
      "client->order": 1,
      "order->payment": 3,
      "order->inventory": 2,
      "order->shipping": 2,
    });
    const exact = treeCalls(compileSteps(checkout, "client", { "order->payment": policy(4) }));
    expect(exact.map((c) => c.policy?.retries ?? null)).toEqual([null, null, 4, null, null]);
  });

  it("puts the gateway first, by its role, when the scenario has one", () => {
    const s = parseScenario({
      workload: { rate: 1 },
      gateway: {},
      services: { api: { latency: "1ms" } },
      flows: { f: ["api"] },
    });
    const [flow] = compileFlows(s);
    const root = flow!.steps[0] as Extract<TreeStep, { kind: "call" }>;
    expect(root.role).toBe("gateway");
    expect(root.policy).toBeNull();
    expect(treeCalls(flow!.steps).map((c) => c.key)).toEqual(["gateway->api"]);
    expect(flow!.share).toBe(1);
  });

  it("on any tree: every nested call is made by its parent, and edges and services agree", () => {
    const names = ["a", "b", "c", "d", "e"];
    const tree = fc.letrec<{ steps: Step[]; nested: Step[] }>((tie) => ({
      steps: fc.array(
        fc.oneof(
          { maxDepth: 4 },
          fc.record({ call: fc.constantFrom(...names), calls: tie("nested") }),
          fc.record({ parallel: fc.array(tie("steps"), { minLength: 1, maxLength: 3 }) }),
        ),
        { minLength: 1, maxLength: 3 },
      ),
      nested: fc.oneof({ maxDepth: 3 }, fc.constant<Step[]>([]), tie("steps")),
    })).steps;
    fc.assert(
      fc.property(tree, (steps) => {
        const check = (list: readonly TreeStep[], caller: string) => {
          for (const s of list) {
            if (s.kind === "parallel") for (const b of s.branches) check(b, caller);
            else if (s.kind === "call") {
              expect(s.caller).toBe(caller);
              expect(s.key).toBe(`${caller}->${s.name}`);
              check(s.calls, s.name);
            }
          }
        };
        const compiled = compileSteps(steps, "client", {});
        check(compiled, "client");
        const edges = flowEdges({ f: steps }, "client");
        expect([...edges]).toEqual([...new Set(treeCalls(compiled).map((c) => c.key))]);
        expect(servicesCalled(steps)).toEqual([...new Set(treeCalls(compiled).map((c) => c.name))]);
      }),
      { numRuns: 100 },
    );
  });
});
