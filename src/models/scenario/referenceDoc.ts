import { eachProperty, scenarioJsonSchema } from "./jsonSchema.js";
import { DURATION_PATTERN, RATE_PATTERN } from "./units.js";

type Json = { [key: string]: unknown };

/** One key of the reference: its path, what it takes, its default, what it means. */
export interface ReferenceRow {
  path: string;
  type: string;
  default: string;
  meaning: string;
}

/**
 * Every key of a scenario file, read off the JSON Schema (so its types, bounds, defaults and
 * descriptions are the editor's): properties in the schema's order, `*` for names of your
 * own, `[]` for a list's items; then a distribution's fields and a step's.
 *
 * @example
 * scenarioReference().find((r) => r.path === "duration"); // { type: "duration", default: "60", ... }
 */
export function scenarioReference(): ReferenceRow[] {
  const schema = scenarioJsonSchema();
  const defs = schema.$defs as Json;
  const rows: ReferenceRow[] = [];
  const walk = (node: unknown, path: string) =>
    eachProperty(node, path, (c, at) =>
      rows.push({
        path: at,
        type: typeOf(c),
        default: c.default === undefined ? "" : JSON.stringify(c.default),
        meaning: String(c.description ?? ""),
      }),
    );
  walk(schema, "");
  walk(defs.distribution, "$distribution");
  walk(defs.step, "$step");
  // A distribution's variants repeat their fields (dist, mean, shape): one row each, taking
  // what any variant takes.
  const byPath = new Map<string, ReferenceRow>();
  for (const r of rows) {
    const first = byPath.get(r.path);
    if (first === undefined) byPath.set(r.path, r);
    else if (!first.type.split(" | ").includes(r.type)) first.type = `${first.type} | ${r.type}`;
  }
  return [...byPath.values()];
}

/** What a schema node takes, in a few words. */
function typeOf(node: Json): string {
  if (typeof node.$ref === "string") return node.$ref.split("/").at(-1)!;
  if (Array.isArray(node.enum)) return node.enum.map((v) => String(v)).join(" | ");
  if (node.const !== undefined) return JSON.stringify(node.const);
  const alternatives = (node.anyOf ?? node.oneOf) as Json[] | undefined;
  if (alternatives !== undefined) {
    const patterns = alternatives.map((a) => a.pattern);
    if (patterns.includes(DURATION_PATTERN)) return "duration";
    if (patterns.includes(RATE_PATTERN)) return "rate";
    const kinds = [...new Set(alternatives.map(typeOf).filter((t) => t !== "null"))];
    const nullable = alternatives.some((a) => a.type === "null");
    return `${kinds.join(" or ")}${nullable ? " or null" : ""}`;
  }
  const bounds = (lo: unknown, loOpen: unknown, hi: unknown, hiOpen: unknown): string => {
    const low = loOpen !== undefined ? `> ${loOpen}` : lo !== undefined ? `>= ${lo}` : "";
    // The largest safe integer is zod's bound on every integer, not a limit of meshsim's.
    const high =
      hiOpen !== undefined
        ? `< ${hiOpen}`
        : hi !== undefined && hi !== Number.MAX_SAFE_INTEGER
          ? `<= ${hi}`
          : "";
    return [low, high].filter((b) => b !== "").join(", ");
  };
  switch (node.type) {
    case "integer":
    case "number": {
      const b = bounds(node.minimum, node.exclusiveMinimum, node.maximum, node.exclusiveMaximum);
      return b === "" ? String(node.type) : `${node.type} (${b})`;
    }
    case "array": {
      const items = node.items as Json | undefined;
      return items === undefined ? "list" : `list of ${typeOf(items)}`;
    }
    case "object":
      return typeof node.additionalProperties === "object" &&
        Object.keys(node.additionalProperties as object).length > 0
        ? "object by name"
        : "object";
    case undefined:
      return "any";
    default:
      return Array.isArray(node.type) ? node.type.join(" or ") : String(node.type);
  }
}

/**
 * The reference as Markdown: docs/scenario.md, which a test keeps equal to this.
 *
 * @example
 * writeFileSync("docs/scenario.md", scenarioReferenceMarkdown());
 */
export function scenarioReferenceMarkdown(): string {
  const rows = scenarioReference();
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  // Columns padded to their widest cell, as a Markdown formatter leaves them.
  const table = (list: ReferenceRow[]) => {
    const cells = list.map((r) => [
      `\`${r.path}\``,
      cell(r.type),
      r.default === "" ? "" : `\`${cell(r.default)}\``,
      cell(r.meaning),
    ]);
    const head = ["key", "takes", "default", "meaning"];
    const widths = head.map((h, k) => Math.max(h.length, ...cells.map((c) => c[k]!.length)));
    const line = (c: string[]) => `| ${c.map((x, k) => x.padEnd(widths[k]!)).join(" | ")} |`;
    return [line(head), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
  };
  const sections = new Map<string, ReferenceRow[]>();
  for (const r of rows) {
    const head = r.path.split(/[.[]/)[0]!;
    const title = head.startsWith("$") ? head.slice(1) : ROOT_KEYS.has(head) ? "run" : head;
    sections.set(title, [...(sections.get(title) ?? []), r]);
  }
  const parts = [...sections].map(
    ([title, list]) => `## ${TITLES[title] ?? `\`${title}\``}\n\n${table(list)}`,
  );
  return `${HEADER}\n\n${parts.join("\n\n")}\n`;
}

/** Keys of the run itself, gathered in one table. */
const ROOT_KEYS = new Set(["name", "seed", "duration", "warmup", "replications", "timeline"]);

const TITLES: Record<string, string> = {
  run: "The run",
  distribution: "Distributions (`$distribution`)",
  step: "Flow steps (`$step`)",
};

const HEADER = `# Scenario reference

Every key of a scenario file: what it takes, its default and what it means. This page is
generated from the JSON Schema that \`meshsim schema\` prints (\`meshsim schema --markdown\`
prints this page), and the schema's descriptions are what an editor shows on hover; a test
keeps the three equal. \`*\` stands for a name of your own (a service, a flow, an edge
\`"a->b"\`), \`[]\` for a list's items.

A **duration** is seconds as a number, or a string such as \`250ms\`, \`1.5s\`, \`2m\`, \`1h\`
(units \`us\`, \`µs\`, \`ms\`, \`s\`, \`sec\`, \`m\`, \`min\`, \`h\`). A **rate** is per second as a
number, or \`200/s\`, \`12000/min\`, \`3/h\`, \`5rps\`. A **distribution** is a duration (a
constant) or \`{ dist: ..., ... }\` with the fields below. The parser checks more than a schema
can say: that flows name services, that the mix names flows, that calls form no cycle, and the
limits (README, Limits).`;
