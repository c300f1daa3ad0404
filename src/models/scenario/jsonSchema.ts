import * as z from "zod";
import { keyDoc } from "./reference.js";
import { distributionObject, scenarioSchema } from "./schema/index.js";
import { DURATION_PATTERN } from "./units.js";

type Json = { [key: string]: unknown };

/**
 * The JSON Schema (draft 2020-12) of a scenario file as written (durations and rates as
 * strings or numbers), for editor autocompletion and validation: VS Code's YAML extension
 * reads it from a `# yaml-language-server: $schema=...` comment. parseScenario checks more
 * than a schema can say (flows naming services, cycles, units); this gives the shape.
 *
 * @example
 * writeFileSync("scenario.schema.json", JSON.stringify(scenarioJsonSchema(), null, 2));
 * // then, first line of a scenario: # yaml-language-server: $schema=./scenario.schema.json
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const options = {
    io: "input",
    unrepresentable: "any",
    // zod leaves out the default of a field that it parses (a duration's seconds): put it in,
    // as the number of seconds it is, which a file may write too.
    override: (ctx: { zodSchema: unknown; jsonSchema: Json }) => {
      const def = (ctx.zodSchema as { _zod: { def: { type: string; defaultValue?: unknown } } })
        ._zod.def;
      if ((def.type === "default" || def.type === "prefault") && !("default" in ctx.jsonSchema))
        ctx.jsonSchema.default = def.defaultValue;
    },
  } as const;
  const schema = z.toJSONSchema(scenarioSchema(), options) as Json;
  const dist = z.toJSONSchema(distributionObject, options) as Json;
  delete dist.$schema;
  const defs: Json = {
    distribution: {
      description:
        "a duration (a constant: 12ms, 1.5s, or seconds as a number) or { dist: ..., ... }",
      anyOf: [{ type: "number", minimum: 0 }, { type: "string", pattern: DURATION_PATTERN }, dist],
    },
    step: {
      description:
        "one step: a service name, { service: nested calls }, { parallel: [branches] } or { publish: topic }",
      anyOf: [
        { type: "string" },
        {
          type: "object",
          properties: {
            parallel: { type: "array", minItems: 1, items: { $ref: "#/$defs/flow" } },
            publish: { type: "string" },
          },
          additionalProperties: { $ref: "#/$defs/flow" },
          minProperties: 1,
          maxProperties: 1,
        },
      ],
    },
    flow: {
      description: "a list of steps, or a single step (a list of one)",
      anyOf: [
        { $ref: "#/$defs/step" },
        { type: "array", minItems: 1, items: { $ref: "#/$defs/step" } },
      ],
    },
  };
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== "object") return node;
    const obj = node as Json;
    // zod renders a distribution as number | string | any object: give the real shapes.
    const anyOf = obj.anyOf as Json[] | undefined;
    if (
      anyOf?.length === 3 &&
      anyOf[2]?.type === "object" &&
      Object.keys((anyOf[2].properties as object) ?? {}).length === 0
    ) {
      const { anyOf: _, ...rest } = obj;
      return { ...rest, $ref: "#/$defs/distribution" };
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, walk(v)]));
  };
  const out = walk(schema) as Json;
  const properties = out.properties as Json;
  properties.flows = { type: "object", additionalProperties: { $ref: "#/$defs/flow" } };
  properties.consumers = { type: "object", additionalProperties: { $ref: "#/$defs/flow" } };
  describe(out, "");
  describe(dist, "$distribution");
  describe(defs.step, "$step");
  return {
    $schema: out.$schema,
    $id: "https://meshsim.dev/scenario.schema.json",
    title: "meshsim scenario",
    ...out,
    $defs: defs,
  };
}

/**
 * Visit every property of a JSON Schema node, with its path: `.key` into properties, `.*`
 * into a record's values, `[]` into a list's items; alternatives (anyOf, oneOf, allOf) share
 * their node's path. References are not followed.
 */
export function eachProperty(
  node: unknown,
  path: string,
  visit: (property: Record<string, unknown>, path: string) => void,
): void {
  if (Array.isArray(node)) {
    for (const n of node) eachProperty(n, path, visit);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const obj = node as Json;
  for (const [key, child] of Object.entries((obj.properties as Json | undefined) ?? {})) {
    const at = path === "" ? key : `${path}.${key}`;
    visit(child as Json, at);
    eachProperty(child, at, visit);
  }
  if (typeof obj.additionalProperties === "object")
    eachProperty(obj.additionalProperties, `${path}.*`, visit);
  if (obj.items !== undefined) eachProperty(obj.items, `${path}[]`, visit);
  for (const key of ["anyOf", "oneOf", "allOf"]) eachProperty(obj[key], path, visit);
}

/** Give every property its description from the scenario reference (reference.ts), by path. */
function describe(node: unknown, path: string): void {
  eachProperty(node, path, (property, at) => {
    const doc = keyDoc(at);
    if (doc !== undefined) property.description = doc;
  });
}
