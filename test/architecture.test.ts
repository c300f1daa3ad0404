import { readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layers of docs/architecture.md, read from the imports under src/: cli -> node -> models
 * -> sim, metrics; metrics may import only types from sim; sim imports nothing of ours outside
 * itself. Inside models/ the rooms go one way too: run -> {analysis, world, diagram} ->
 * scenario -> report. The portable core (everything but src/cli and src/node) uses no Node
 * built-ins, so it runs in Deno and a browser.
 */
const SRC = resolve(__dirname, "../src");
const NODE_ONLY = new Set(["cli", "node"]);
const ALLOWED: Record<string, { value: string[]; typeOnly: string[] }> = {
  sim: { value: ["sim"], typeOnly: [] },
  metrics: { value: ["metrics"], typeOnly: ["sim"] },
  models: { value: ["models", "sim", "metrics"], typeOnly: [] },
  root: { value: ["root", "sim", "metrics", "models"], typeOnly: [] },
  node: { value: ["node", "root", "sim", "metrics", "models"], typeOnly: [] },
  cli: { value: ["cli", "node", "root", "sim", "metrics", "models"], typeOnly: [] },
};
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith(".ts") ? [full] : [];
  });
}

/** What each room of models/ may import of models/ (itself included). */
const MODEL_ROOMS: Record<string, string[]> = {
  report: ["report"],
  version: ["version"],
  scenario: ["scenario", "report"],
  world: ["world", "scenario", "report"],
  analysis: ["analysis", "scenario", "report"],
  diagram: ["diagram", "scenario", "report"],
  run: ["run", "analysis", "world", "diagram", "traces", "scenario", "report", "version"],
  html: ["html", "run", "scenario", "report", "version"],
  traces: ["traces", "scenario", "report"],
};

/** The room of models/ a file is in: its folder, or the file itself (report.ts). */
function roomOf(file: string): string {
  const parts = relative(join(SRC, "models"), file).split(/[\\/]/);
  return parts.length === 1 ? parts[0]!.replace(/\.(ts|js)$/, "") : parts[0]!;
}

function layerOf(file: string): string {
  const parts = relative(SRC, file).split(/[\\/]/);
  return parts.length === 1 ? "root" : parts[0]!;
}

interface Import {
  specifier: string;
  typeOnly: boolean;
}

function importsOf(text: string): Import[] {
  const found: Import[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?[^;]*?\sfrom\s+["']([^"']+)["']/gms;
  for (const m of text.matchAll(statement))
    found.push({ specifier: m[3]!, typeOnly: Boolean(m[2]) });
  for (const m of text.matchAll(/^\s*import\s+["']([^"']+)["']/gm)) {
    found.push({ specifier: m[1]!, typeOnly: false });
  }
  for (const m of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) {
    found.push({ specifier: m[1]!, typeOnly: false });
  }
  return found;
}

const files = sourceFiles(SRC);

describe("layering", () => {
  it("finds the source tree", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it("imports flow one way (the layers of docs/architecture.md)", () => {
    const violations: string[] = [];
    for (const file of files) {
      const layer = layerOf(file);
      const allowed = ALLOWED[layer];
      if (!allowed) {
        violations.push(`${relative(SRC, file)}: unknown layer ${layer}`);
        continue;
      }
      for (const imp of importsOf(readFileSync(file, "utf8"))) {
        if (!imp.specifier.startsWith(".")) continue;
        const target = layerOf(resolve(file, "..", imp.specifier));
        const ok =
          allowed.value.includes(target) || (imp.typeOnly && allowed.typeOnly.includes(target));
        if (!ok)
          violations.push(
            `${relative(SRC, file)} imports ${imp.specifier} (${layer} -> ${target})`,
          );
      }
    }
    expect(violations).toEqual([]);
  });

  it("keeps Node built-ins, process and require out of the portable core", () => {
    const violations: string[] = [];
    for (const file of files) {
      if (NODE_ONLY.has(layerOf(file))) continue;
      const text = readFileSync(file, "utf8");
      for (const imp of importsOf(text)) {
        if (BUILTINS.has(imp.specifier))
          violations.push(`${relative(SRC, file)} imports ${imp.specifier}`);
      }
      if (/\bprocess\.|\brequire\(|\bBuffer\./.test(text)) {
        violations.push(`${relative(SRC, file)} uses process, require or Buffer`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("draws no randomness from Math.random anywhere in src/", () => {
    const offenders = files.filter((f) => /Math\.random/.test(readFileSync(f, "utf8")));
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });

  it("inside models/, rooms import one way: run -> {analysis, world, diagram} -> scenario -> report", () => {
    const violations: string[] = [];
    for (const file of files.filter((f) => layerOf(f) === "models")) {
      const room = roomOf(file);
      const allowed = MODEL_ROOMS[room];
      if (!allowed) {
        violations.push(`${relative(SRC, file)}: unknown room ${room}`);
        continue;
      }
      for (const imp of importsOf(readFileSync(file, "utf8"))) {
        if (!imp.specifier.startsWith(".")) continue;
        const target = resolve(file, "..", imp.specifier);
        if (layerOf(target) !== "models") continue;
        const to = roomOf(target);
        if (!allowed.includes(to))
          violations.push(`${relative(SRC, file)} imports ${imp.specifier} (${room} -> ${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("world/world.ts is the composition root: no part of the world imports it", () => {
    const root = join(SRC, "models/world/world.ts");
    const offenders = files.filter(
      (f) =>
        f !== root &&
        roomOf(f) === "world" &&
        importsOf(readFileSync(f, "utf8")).some(
          (imp) => resolve(f, "..", imp.specifier).replace(/\.js$/, ".ts") === root,
        ),
    );
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });

  it("no value imports go round in a cycle", () => {
    const graph = new Map<string, string[]>();
    for (const file of files) {
      graph.set(
        file,
        importsOf(readFileSync(file, "utf8"))
          .filter((imp) => imp.specifier.startsWith(".") && !imp.typeOnly)
          .map((imp) => resolve(file, "..", imp.specifier).replace(/\.js$/, ".ts")),
      );
    }
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "open") {
        cycles.push(
          [...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(" -> "),
        );
        return;
      }
      state.set(file, "open");
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, "done");
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it("no source file grows past 300 lines unless docs/architecture.md names it with its reason", () => {
    const docs = readFileSync(resolve(__dirname, "../docs/architecture.md"), "utf8");
    const named = new Set(
      [...docs.matchAll(/^- `(src\/[^`]+\.ts)`:/gm)].map((m) => resolve(__dirname, "..", m[1]!)),
    );
    const long = files
      .filter((f) => readFileSync(f, "utf8").split("\n").length > 301 && !named.has(f))
      .map((f) => relative(SRC, f));
    expect(long).toEqual([]);
  });

  it("the import reader sees the kinds of import it must judge", () => {
    const seen = importsOf(
      'import type { A } from "../sim/a.js";\nimport { b } from "./b.js";\nexport { c } from "../c.js";\nimport "side";\nconst d = import("node:fs");',
    );
    expect(seen).toEqual([
      { specifier: "../sim/a.js", typeOnly: true },
      { specifier: "./b.js", typeOnly: false },
      { specifier: "../c.js", typeOnly: false },
      { specifier: "side", typeOnly: false },
      { specifier: "node:fs", typeOnly: false },
    ]);
  });
});
