/**
 * Builds the single-file forms of meshsim, from the tsc output in dist/:
 *
 * - dist/meshsim.bundle.js (`meshsim/bundle`): the library as one minified ES module, for
 *   browsers, notebooks and quick starts, with no Node built-ins.
 * - dist/bin/meshsim.js: the CLI (the package's `bin`), with its worker thread
 *   (dist/bin/worker.js, for replications and sweep points) sharing one chunk of simulation code. Node loads one file
 *   where the many-file build has it resolve and compile some 300 modules (zod, yaml,
 *   commander): `meshsim --version` takes about 0.12 s instead of 0.2 s, and a worker thread
 *   starts sooner.
 *
 * Both leave out zod's translated error messages (`z.locales`, 40 languages, 40% of zod):
 * meshsim writes its own messages, and zod's English default is imported apart. And src/
 * imports zod as a namespace (`import * as z from "zod"`, never `import { z }`, which binds
 * the whole namespace object), so esbuild keeps only the members meshsim names: zod 188 ->
 * 99 KB, the library bundle 641 -> 549 KB, its import 33-37 -> 22-23 ms (a test holds it).
 */
import { rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

const withoutZodLocales = {
  name: "without-zod-locales",
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => ({
      path: args.path,
      namespace: "without-zod-locales",
    }));
    b.onLoad({ filter: /.*/, namespace: "without-zod-locales" }, () => ({
      contents: "export {};",
      loader: "js",
    }));
  },
};

const common = {
  bundle: true,
  minify: true,
  // Linked maps, composed with tsc's, so a stack trace (meshsim --debug) points into src/.
  // Without the sources' text: src/ ships beside them, and the text would double the
  // package (3.7 of its 10.6 MB unpacked).
  sourcemap: true,
  sourcesContent: false,
  format: "esm",
  logLevel: "warning",
  plugins: [withoutZodLocales],
};

await build({
  ...common,
  entryPoints: ["dist/index.js"],
  outfile: "dist/meshsim.bundle.js",
  platform: "neutral",
  mainFields: ["module", "main"],
});

// Chunk names change with their content: clear out the last build's.
rmSync("dist/bin", { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { meshsim: "dist/cli/main.js", worker: "dist/node/worker.js" },
  outdir: "dist/bin",
  splitting: true,
  platform: "node",
  target: "node20",
  // commander and cli-table3 are CommonJS and require() Node built-ins; an ES module has no
  // `require` of its own, so the bundle makes one.
  banner: {
    js: 'import { createRequire as __meshsimRequire } from "node:module"; const require = __meshsimRequire(import.meta.url);',
  },
});

// The scenario JSON Schema, shipped as `meshsim/scenario.schema.json` for editors (a
// `# yaml-language-server: $schema=...` modeline) and CI validators.
const { scenarioJsonSchema } = await import("../dist/index.js");
writeFileSync("dist/scenario.schema.json", `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);

// `require("meshsim")` cannot load an ES module on Node 20: say so, and what to do instead.
writeFileSync(
  "dist/require.cjs",
  `throw new Error("meshsim is an ES module: use import (import { simulate } from \\"meshsim\\"), or await import(\\"meshsim\\") from CommonJS; require() cannot load it on Node 20.");\n`,
);
