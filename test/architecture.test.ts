import { readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * DESIGN.md's layers, read from the imports under src/: cli -> models -> sim, metrics; metrics
 * may import only types from sim; sim imports nothing of ours outside itself. The portable core
 * (everything but src/cli and src/node) uses no Node built-ins, so it runs in Deno and a browser.
 */
const SRC = resolve(__dirname, "../src");
const NODE_ONLY = new Set(["cli", "node"]);
const ALLOWED: Record<string, { value: string[]; typeOnly: string[] }> = {
  sim: { value: ["sim"], typeOnly: [] },
  metrics: { value: ["metrics"], typeOnly: ["sim"] },
  models: { value: ["models", "sim", "metrics", "root"], typeOnly: [] },
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

  it("imports flow one way (DESIGN.md's table)", () => {
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
