import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * A warning for a build named with `.js` outside an ES-module package (no `"type": "module"`
 * in the nearest package.json), else null. Node 20 first compiles such a file as CommonJS,
 * fails, and compiles it again as a module: about 86 million instructions more in W1's fixed
 * cost, which a comparison of two builds would read as theirs.
 */
export function compiledTwice(path) {
  if (!path.endsWith(".js")) return null;
  let dir = dirname(resolve(path));
  for (;;) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      if (JSON.parse(readFileSync(file, "utf8")).type === "module") return null;
      break;
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return `${path}: a .js file outside an ES-module package, which Node compiles twice (as CommonJS, then as a module); name it .mjs to compare builds`;
}
