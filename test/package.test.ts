import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { VERSION } from "../src/index.js";

const ROOT = resolve(__dirname, "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const probe =
  'import { loadBalancingEfficiency } from "meshsim"; console.log(loadBalancingEfficiency([100, 110, 90]));';

describe("the package", () => {
  const consumer = mkdtempSync(join(tmpdir(), "meshsim-consumer-"));
  afterAll(() => rmSync(consumer, { recursive: true, force: true }));

  it("keeps VERSION in step with package.json", () => {
    expect(VERSION).toBe(pkg.version);
  });

  it("keeps package-lock.json in step with package.json, so a fresh install leaves it clean", () => {
    const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8"));
    const root = lock.packages[""];
    expect({ name: root.name, version: root.version, bin: root.bin }).toEqual({
      name: pkg.name,
      version: pkg.version,
      bin: pkg.bin,
    });
    expect(root.dependencies).toEqual(pkg.dependencies);
    expect(root.devDependencies).toEqual(pkg.devDependencies);
  });

  it('imports as "meshsim" from the repo root (self-reference through exports)', () => {
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", probe], { cwd: ROOT });
    expect(out.toString().trim()).toBe("0.8");
  });

  it('imports as "meshsim" from a project that npm-installs the clone', () => {
    writeFileSync(
      join(consumer, "package.json"),
      JSON.stringify({ name: "consumer", private: true, type: "module" }),
    );
    execFileSync("npm", ["install", ROOT, "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: consumer,
      stdio: "pipe",
    });
    writeFileSync(join(consumer, "probe.mjs"), probe);
    const out = execFileSync(process.execPath, ["probe.mjs"], { cwd: consumer });
    expect(out.toString().trim()).toBe("0.8");
  });

  it("says why require() cannot load it, and what to write instead", () => {
    const run = () =>
      execFileSync(process.execPath, ["-e", 'require("meshsim")'], {
        cwd: consumer,
        stdio: "pipe",
      });
    expect(run).toThrow(/meshsim is an ES module: use import/);
  });

  it("ships the scenario JSON Schema as meshsim/scenario.schema.json", () => {
    const out = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        'import s from "meshsim/scenario.schema.json" with { type: "json" }; console.log(s.title)',
      ],
      { cwd: consumer },
    );
    expect(out.toString().trim()).toBe("meshsim scenario");
  });

  it("declares what a package page needs, and no side effects", () => {
    expect(pkg.license).toBe("MIT");
    expect(readFileSync(join(ROOT, "LICENSE"), "utf8")).toMatch(/^MIT License/);
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.keywords.length).toBeGreaterThan(3);
    expect(pkg.repository.url).toMatch(/^git\+https:/);
    expect(pkg.homepage).toMatch(/^https:/);
  });

  it("bundles only the parts of zod it names: zod imported as a namespace, the bundle under 600 KB", () => {
    // `import { z } from "zod"` binds zod's whole namespace object, so the bundler keeps every
    // member (fromJSONSchema, schema kinds meshsim never builds); `import * as z` keeps those named:
    // zod 188 -> 99 KB, the bundle 641 -> 549 KB, `import "meshsim"` 33-37 -> 22-23 ms.
    const named = readdirSync(join(ROOT, "src"), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts"))
      .filter((file) =>
        /import (type )?\{ z \} from "zod"/.test(readFileSync(join(ROOT, "src", file), "utf8")),
      );
    expect(named).toEqual([]);
    expect(statSync(join(ROOT, "dist/meshsim.bundle.js")).size).toBeLessThan(600 * 1024);
  });

  it('offers the same API as one file, "meshsim/bundle", with the same results', () => {
    const script = `
      import * as many from "meshsim";
      import * as one from "meshsim/bundle";
      const s = { seed: 3, duration: 30, workload: { rate: 5 },
        services: { api: { latency: { dist: "exponential", mean: 0.05 } } }, flows: { f: ["api"] } };
      const run = (m) => JSON.stringify({ ...m.simulate(m.parseScenario(s)), wallSeconds: 0 });
      let refused = "";
      try { one.parseScenario({ ...s, workload: { rate: -1 } }); } catch (e) { refused = e.message; }
      console.log(JSON.stringify([Object.keys(many).sort().join() === Object.keys(one).sort().join(), run(many) === run(one), refused]));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: ROOT,
    });
    expect(JSON.parse(out.toString())).toEqual([
      true,
      true,
      "invalid scenario: workload.rate: expected a positive rate such as 200/s or 12000/min, got -1",
    ]);
  });

  it("ships type declarations beside the build", () => {
    expect(readFileSync(join(ROOT, pkg.types), "utf8")).toMatch(
      /export \{ loadBalancingEfficiency \} from "\.\/metrics\/loadBalancingEfficiency\.js"/,
    );
    const dts = readFileSync(join(ROOT, "dist/metrics/loadBalancingEfficiency.d.ts"), "utf8");
    expect(dts).toMatch(
      /export declare function loadBalancingEfficiency\(loads: readonly number\[\]\): number/,
    );
  });

  it('"meshsim" is the one-file build, with its types', () => {
    expect(pkg.exports["."].import).toBe("./dist/meshsim.bundle.js");
    expect(pkg.exports["."].types).toBe("./dist/index.d.ts");
    // A TypeScript user importing "meshsim" gets the declarations: a right use compiles, a
    // wrong one is refused by the types (not by chance).
    const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
    const check = (source: string) => {
      writeFileSync(join(consumer, "typed.ts"), source);
      try {
        execFileSync(
          process.execPath,
          [
            tsc,
            "--noEmit",
            "--strict",
            "--module",
            "nodenext",
            "--moduleResolution",
            "nodenext",
            "--target",
            "es2022",
            "typed.ts",
          ],
          { cwd: consumer, stdio: "pipe" },
        );
        return "ok";
      } catch (e) {
        return String((e as { stdout?: Buffer }).stdout);
      }
    };
    expect(
      check(
        'import { parseScenario, simulate, type Report } from "meshsim";\n' +
          'const r: Report = simulate(parseScenario({ workload: { rate: 1 }, services: { a: { latency: "1ms" } }, flows: { f: ["a"] } }));\n' +
          "export const p99: number = r.flows.f!.latency.p99;\n",
      ),
    ).toBe("ok");
    expect(
      check('import { simulate } from "meshsim";\nexport const n: number = simulate;\n'),
    ).toMatch(/TS2322/);
  });

  const deno = join(ROOT, "node_modules/.bin/deno");
  const denoRun = (cwd: string, file: string, ...flags: string[]) =>
    execFileSync(deno, ["run", ...flags, file], {
      cwd,
      stdio: "pipe",
      env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", DENO_DIR: join(consumer, ".deno") },
    })
      .toString()
      .trim();
  const denoProbe = (from: string) =>
    `import { parseScenario, simulate } from "${from}";
     const s = parseScenario({ seed: 3, duration: 30, workload: { rate: 5 },
       services: { api: { latency: "10ms" } }, flows: { f: ["api"] } });
     console.log(simulate(s).flows.f.successRate);`;

  it("runs in Deno without a package.json, from the one file", () => {
    const bare = mkdtempSync(join(tmpdir(), "meshsim-deno-"));
    try {
      writeFileSync(join(bare, "meshsim.js"), readFileSync(join(ROOT, "dist/meshsim.bundle.js")));
      writeFileSync(join(bare, "notebook.js"), denoProbe("./meshsim.js"));
      expect(denoRun(bare, "notebook.js", "--no-config")).toBe("1");
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('runs in Deno with a package.json, as "meshsim" from node_modules', () => {
    writeFileSync(join(consumer, "deno-probe.js"), denoProbe("meshsim"));
    expect(denoRun(consumer, "deno-probe.js", "--allow-read", "--allow-env")).toBe("1");
  });
});
