import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect } from "vitest";

/** The repository, where the built CLI runs from. */
export const ROOT = resolve(__dirname, "../..");
const BIN = join(ROOT, "dist/bin/meshsim.js");

/** Run the built CLI as a user would, with colour off unless asked. */
export function meshsim(args: string[], env: Record<string, string> = {}, input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    input,
    env: { ...process.env, NO_COLOR: "1", ...env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A folder of scratch files for one test file, and a writer of files into it. */
export function scratchFiles(prefix: string): {
  dir: string;
  file: (name: string, text: string) => string;
} {
  const dir = mkdtempSync(join(tmpdir(), `meshsim-${prefix}-`));
  return {
    dir,
    file: (name, text) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
  };
}

/** A clean refusal: exit 2, one `error:` line naming the problem, no stack trace. */
export function expectRefused(r: ReturnType<typeof meshsim>, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^error: /);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}
