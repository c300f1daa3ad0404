import { readdirSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { parseScenario } from "../../../src/index.js";

// A page with a strict Content Security Policy forbids eval: parsing a scenario must compile
// no code (zod's fast path compiles a Function per object schema unless a parse is jitless).
// zod's probe for eval, an empty Function it makes once when building a schema and whose
// failure it catches, compiles nothing and is not counted.
const original = globalThis.Function;
afterEach(() => {
  globalThis.Function = original;
});

describe("parsing a scenario", () => {
  it("never compiles code (works under a strict Content Security Policy)", () => {
    let compiled = 0;
    globalThis.Function = new Proxy(original, {
      construct(target, args) {
        if (String(args.at(-1) ?? "") !== "") compiled++;
        return Reflect.construct(target, args);
      },
      apply(target, self, args) {
        if (String(args.at(-1) ?? "") !== "") compiled++;
        return Reflect.apply(target, self, args);
      },
    });
    const dir = new URL("../../../examples/", import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) parseScenario(readFileSync(new URL(f, dir), "utf8"));
    // A mixture, parsed through the distribution's own nested parse.
    parseScenario({
      workload: { rate: 10 },
      services: {
        api: {
          latency: {
            dist: "mixture",
            components: [
              { weight: 1, dist: "exponential", mean: "5ms" },
              { weight: 1, dist: "lognormal", p50: "20ms", p99: "90ms" },
            ],
          },
        },
      },
      flows: { main: ["api"] },
    });
    expect(compiled).toBe(0);
  });
});
