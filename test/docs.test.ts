import { spawnSync } from "node:child_process";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/cli.js";

/**
 * The API reference: every export of `meshsim` and `meshsim/node` carries a doc comment, and
 * every exported function an example, read with TypeScript's own checker; and `npm run docs`
 * (TypeDoc, its warnings errors) builds the reference.
 */
const ENTRIES = ["src/index.ts", "src/node/index.ts"].map((f) => join(ROOT, f));

function exportsOf(): { name: string; kind: string; doc: string; tags: string[] }[] {
  const program = ts.createProgram(ENTRIES, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  return ENTRIES.flatMap((entry) => {
    const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    return checker.getExportsOfModule(module).map((symbol) => {
      const target =
        symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const decl = target.declarations?.[0];
      const fn =
        decl !== undefined &&
        (ts.isFunctionDeclaration(decl) ||
          (ts.isVariableDeclaration(decl) &&
            decl.initializer !== undefined &&
            (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer))));
      return {
        name: symbol.name,
        kind: fn ? "function" : decl ? ts.SyntaxKind[decl.kind] : "unknown",
        doc: ts.displayPartsToString(target.getDocumentationComment(checker)).trim(),
        tags: target.getJsDocTags(checker).map((t) => t.name),
      };
    });
  });
}

describe("the API reference", () => {
  const exported = exportsOf();

  it("documents every export, and gives every function an example", () => {
    expect(exported.length).toBeGreaterThan(150);
    expect(exported.filter((e) => e.doc === "").map((e) => `${e.kind} ${e.name}`)).toEqual([]);
    const noExample = exported.filter((e) => e.kind === "function" && !e.tags.includes("example"));
    expect(noExample.map((e) => e.name)).toEqual([]);
    for (const name of ["Report", "PlanResult", "SweepResult", "Comparison"])
      expect(exported.find((e) => e.name === name)?.tags).toContain("example");
  });

  it("builds with TypeDoc without a warning", () => {
    const r = spawnSync(
      process.execPath,
      [join(ROOT, "node_modules/typedoc/bin/typedoc"), "--emit", "none"],
      { cwd: ROOT, encoding: "utf8", timeout: 120_000 },
    );
    expect(r.stdout + r.stderr).not.toMatch(/warning|error/i);
    expect(r.status).toBe(0);
  }, 120_000);
});
