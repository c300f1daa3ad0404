import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  DEFAULTS,
  KEY_DOCS,
  keyDoc,
  parseDuration,
  parseRate,
  parseScenario,
  scenarioJsonSchema,
  scenarioReference,
  scenarioReferenceMarkdown,
} from "../../../src/index.js";
import { DURATION_PATTERN, RATE_PATTERN } from "../../../src/models/scenario/units.js";
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

describe("the schema as documentation", () => {
  const rows = scenarioReference();

  it("describes every key, each from the scenario reference", () => {
    const undescribed = rows.filter((r) => r.meaning === "").map((r) => r.path);
    expect(undescribed).toEqual([]);
    expect(rows.length).toBeGreaterThan(140);
    for (const r of rows) expect(r.meaning).toBe(keyDoc(r.path));
  });

  it("holds no description of a key the schema does not have", () => {
    const paths = new Set(rows.map((r) => r.path));
    expect(Object.keys(KEY_DOCS).filter((k) => !paths.has(k))).toEqual([]);
  });

  it("gives the parser's defaults", () => {
    const byPath = new Map(rows.map((r) => [r.path, r]));
    expect(byPath.get("duration")!.default).toBe(String(DEFAULTS.duration));
    expect(byPath.get("services.*.concurrency")!.default).toBe(
      String(DEFAULTS.service.concurrency),
    );
    expect(byPath.get("calls.*.circuitBreaker.openFor")!.default).toBe(
      String(DEFAULTS.circuitBreaker.openFor),
    );
    expect(byPath.get("discovery.refresh")!.default).toBe(String(DEFAULTS.discovery.refresh));
    // A default the schema states is one the parser applies.
    const parsed = parseScenario({
      workload: { rate: 1 },
      services: { a: { latency: 0.01 } },
      flows: { f: ["a"] },
    });
    expect(parsed.duration).toBe(DEFAULTS.duration);
    expect(parsed.services.a!.concurrency).toBe(DEFAULTS.service.concurrency);
  });

  it("is docs/scenario.md, word for word (regenerate: meshsim schema --markdown > docs/scenario.md)", () => {
    const page = readFileSync(join(__dirname, "../../../docs/scenario.md"), "utf8");
    expect(page).toBe(scenarioReferenceMarkdown());
  });
});

describe("duration and rate patterns", () => {
  const duration = new RegExp(DURATION_PATTERN, "u");
  const rate = new RegExp(RATE_PATTERN, "u");
  // Strings near the formats: digits, dots, exponents, units in both cases, blanks, slashes.
  const pieces = [
    "1",
    "25",
    "0",
    ".",
    "e",
    "E",
    "+",
    "-",
    "5e3",
    " ",
    "/",
    "ms",
    "MS",
    "s",
    "sec",
    "m",
    "min",
    "MIN",
    "h",
    "us",
    "µs",
    "μs",
    "Μs",
    "rps",
    "x",
    "d",
  ];
  const near = fc
    .array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 5 })
    .map((a) => a.join(""));

  it("match exactly the strings the parser reads as a duration or a rate", () => {
    fc.assert(
      fc.property(near, (text) => {
        const seconds = parseDuration(text);
        const perSecond = parseRate(text);
        // The parser also refuses a number too large to be finite; the pattern cannot tell.
        if (seconds !== undefined || !/e\d{3}/i.test(text))
          expect(duration.test(text), text).toBe(seconds !== undefined);
        if (perSecond !== undefined || !/e\d{3}/i.test(text))
          expect(rate.test(text), text).toBe(perSecond !== undefined);
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it("are on every duration and rate the schema holds", () => {
    const schema = scenarioJsonSchema() as {
      properties: Record<string, { anyOf?: { pattern?: string }[] }>;
    };
    expect(schema.properties.duration!.anyOf!.map((a) => a.pattern)).toContain(DURATION_PATTERN);
    const [, ecommerce] = examples.find(([f]) => f === "ecommerce.yaml")!;
    expect(validate({ ...structuredClone(ecommerce), duration: "10 minutes" })).toBe(false);
    expect(validate({ ...structuredClone(ecommerce), duration: "10 min" })).toBe(true);
    expect(validate({ ...structuredClone(ecommerce), workload: { rate: "200/day" } })).toBe(false);
  });
});
