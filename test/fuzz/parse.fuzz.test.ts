import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseScenario, readScenarioText } from "../../src/index.js";
import { anyValue, edgeValue, expectCleanRefusal, mutate, mutation } from "./support.js";

/**
 * The parser never throws anything but a ScenarioError naming where, whatever it is given:
 * 10,000 cases from the run's fixed seed (mutated examples as objects and as text, and
 * scenarios put together from parts at random). The simulator's fuzz runs what passes.
 */
const EXAMPLES = resolve(__dirname, "../../examples");
const texts = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => readFileSync(join(EXAMPLES, f), "utf8"));
const objects = texts.map((t) => readScenarioText(t));

function parses(input: string | object): void {
  try {
    const s = parseScenario(input);
    expect(Object.keys(s.services).length).toBeGreaterThan(0);
  } catch (error) {
    expectCleanRefusal(error, typeof input === "string" ? {} : input);
  }
}

describe("fuzz: parseScenario", () => {
  it("4,000 examples with up to 4 things dropped, replaced or added", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: objects.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (k, mutations) => parses(mutate(objects[k], mutations) as object),
      ),
      { numRuns: 4000 },
    );
  });

  it("3,000 examples' text with characters cut, doubled or changed", () => {
    const edit = fc.record({
      at: fc.nat(),
      cut: fc.nat({ max: 20 }),
      insert: fc.oneof(
        fc.constantFrom("*", "&a ", ": ", "\n  ", "- ", "{", "]", "'", "1e400", "\t", "  x: *x\n"),
        fc.string({ maxLength: 6 }),
      ),
    });
    fc.assert(
      fc.property(
        fc.nat({ max: texts.length - 1 }),
        fc.array(edit, { maxLength: 3 }),
        (k, edits) => {
          let text = texts[k]!;
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
          }
          parses(text);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("3,000 scenarios put together from parts, some of them nonsense", () => {
    const name = fc.oneof(
      fc.constantFrom("api", "db", "cache", "toString", "gateway"),
      fc.string(),
    );
    const latency = fc.oneof(
      fc.constantFrom("10ms", 0.01, { dist: "exponential", mean: "5ms" }),
      fc.record({
        dist: fc.constantFrom("gamma", "weibull", "erlang", "uniform"),
        mean: anyValue,
        shape: anyValue,
        k: anyValue,
      }),
      anyValue,
    );
    const service = fc.record(
      {
        instances: fc.oneof(fc.integer({ min: 1, max: 4 }), anyValue),
        concurrency: fc.oneof(fc.integer({ min: 1, max: 8 }), anyValue),
        queue: fc.oneof(fc.integer({ min: 0, max: 10 }), anyValue),
        latency,
        failure: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), anyValue),
        balancer: fc.oneof(fc.constantFrom("round-robin", "random", "p2c", "weighted"), anyValue),
        blocking: fc.oneof(fc.boolean(), anyValue),
      },
      { requiredKeys: ["latency"] },
    );
    const services = fc.dictionary(name, service, { minKeys: 0, maxKeys: 4 });
    const step: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      step: fc.oneof(
        { maxDepth: 3 },
        name,
        fc.dictionary(name, fc.array(tie("step"), { maxLength: 2 }), { minKeys: 1, maxKeys: 1 }),
        fc.record({ parallel: fc.array(tie("step"), { maxLength: 3 }) }),
        edgeValue,
      ),
    })).step;
    const scenario = fc.record(
      {
        duration: fc.oneof(fc.constantFrom("10s", 5, "1h"), anyValue),
        warmup: anyValue,
        seed: anyValue,
        workload: fc.oneof(
          fc.record({ rate: fc.oneof(fc.constantFrom("10/s", 3), anyValue) }),
          fc.record({ users: anyValue, think: latency }),
          fc.record({
            profile: fc.array(fc.record({ at: anyValue, rate: anyValue }), { maxLength: 3 }),
          }),
          anyValue,
        ),
        gateway: fc.oneof(
          fc.record({ instances: anyValue, rateLimit: fc.record({ rate: anyValue }) }),
          anyValue,
        ),
        services,
        flows: fc.dictionary(name, fc.array(step, { maxLength: 3 }), { maxKeys: 3 }),
        calls: fc.dictionary(
          fc.constantFrom("*->api", "api->db", "client->api", "a->b", "x"),
          fc.record({ retries: anyValue, timeout: anyValue }),
        ),
        faults: fc.array(fc.record({ at: anyValue, service: name, crash: anyValue }), {
          maxLength: 2,
        }),
        slo: fc.record({ flows: fc.dictionary(name, fc.record({ p99: anyValue })) }),
      },
      { requiredKeys: ["services", "flows", "workload"] },
    );
    fc.assert(
      fc.property(scenario, (s) => parses(s as object)),
      { numRuns: 3000 },
    );
  });
});
