/**
 * Builds dist/meshsim.bundle.js (`meshsim/bundle`): the library as one minified ES module, for
 * browsers, notebooks and quick starts. It loads in a fraction of the time the many-file build
 * takes. zod's translated error messages (`z.locales`, 40 languages, 40% of the bundle) are
 * left out: meshsim writes its own messages, and zod's English default is imported apart.
 */
import { build } from "esbuild";

await build({
  entryPoints: ["dist/index.js"],
  outfile: "dist/meshsim.bundle.js",
  bundle: true,
  minify: true,
  platform: "neutral",
  format: "esm",
  mainFields: ["module", "main"],
  logLevel: "warning",
  plugins: [
    {
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
    },
  ],
});
