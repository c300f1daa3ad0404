import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseScenario, scenarioJsonSchema } from "../../../src/index.js";
import { mutate, mutation } from "../../fuzz/support.js";

/**
 * The editor schema against the parser: every example validates, every scenario the parser
 * accepts validates (a mutation-fuzzed sample of the examples), and typos are refused.
 */
const EXAMPLES = join(__dirname, "../../../examples");
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith(".yaml"));
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(scenarioJsonSchema());
const examples = files.map((f) => [f, parse(readFileSync(join(EXAMPLES, f), "utf8"))] as const);

describe("the scenario JSON Schema", () => {
  it.each(examples)("accepts %s", (_, data) => {
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
  });

  it("accepts every scenario the parser accepts (mutated examples)", () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...examples.map(([, d]) => d)),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (base, mutations) => {
          const input = mutate(base, mutations);
          try {
            parseScenario(input as object);
          } catch {
            return; // refused by the parser: the schema may refuse it or not
          }
          accepted++;
          expect(validate(input), JSON.stringify(validate.errors)).toBe(true);
        },
      ),
      { numRuns: 400, seed: 19 },
    );
    expect(accepted).toBeGreaterThan(20);
  });

  it("refuses typos in keys, as the parser does", () => {
    const [, ecommerce] = examples.find(([f]) => f === "ecommerce.yaml")!;
    const typo = structuredClone(ecommerce);
    typo.services.payment.balancr = "random";
    expect(validate(typo)).toBe(false);
    expect(() => parseScenario(typo)).toThrow(/balancr/);
    expect(validate({ ...structuredClone(ecommerce), duraton: "1m" })).toBe(false);
  });
});
