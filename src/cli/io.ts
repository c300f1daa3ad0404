import { closeSync, openSync, readSync, writeFileSync } from "node:fs";
import {
  applyOverrides,
  MAX_TEXT,
  parseScenario,
  readScenarioText,
  type Scenario,
} from "../index.js";

/**
 * Exit codes: 0 success, 1 a run completed but a requested check failed (`--slo`), 2 bad
 * input, 3 an internal error (a bug: `--debug` shows its stack).
 */
export const EXIT = { ok: 0, checkFailed: 1, badInput: 2, internal: 3 } as const;

/** A user's mistake: printed as a message, never with a stack trace. */
export class UsageError extends Error {}

/** Where the CLI reads and writes: the process's streams, or a test's strings. */
export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Whether stdout is a terminal (colour). */
  isTTY: boolean;
  /** Whether stderr is a terminal (progress bars). */
  stderrTTY: boolean;
  env: Record<string, string | undefined>;
}

export const defaultIo = (): Io => ({
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
  stderrTTY: Boolean(process.stderr.isTTY),
  env: process.env,
});

/** Something to wait on: `Atomics.wait` sleeps the thread without spinning. */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** Standard input's text, once read (`-` may stand for more than one argument). */
let stdinText: string | null = null;

/**
 * A file's text, at most MAX_TEXT bytes (a larger file, or an endless one such as /dev/zero,
 * is refused once that much is read); a missing or unreadable file is the user's mistake,
 * said in one line. `-` is standard input (`cat scenario.yaml | meshsim run -`).
 */
export function readText(file: string, limit = MAX_TEXT, what = "a scenario or shard"): string {
  if (file === "-") {
    stdinText ??= readFrom(0, "standard input", limit, what);
    return stdinText;
  }
  return readFrom(undefined, file, limit, what);
}

function readFrom(given: number | undefined, file: string, limit: number, what: string): string {
  let fd: number | undefined;
  try {
    fd = given ?? openSync(file, "r");
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.alloc(1 << 16);
    const read = (): number => {
      // A pipe whose writer has not written yet may be non-blocking: wait for it, 5 ms a try.
      for (;;) {
        try {
          return readSync(fd!, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
          Atomics.wait(PAUSE, 0, 0, 5);
        }
      }
    };
    for (let n = read(); n > 0; n = read()) {
      total += n;
      if (total > limit) {
        throw new UsageError(
          `cannot read ${file}: larger than ${limit / (1024 * 1024)} MiB, meshsim's limit for ${what}`,
        );
      }
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString("utf8");
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === "ENOENT"
        ? `cannot read ${file}: no such file`
        : code === "EISDIR"
          ? `cannot read ${file}: it is a directory`
          : `cannot read ${file}: ${(error as Error).message}`,
    );
  } finally {
    if (fd !== undefined && given === undefined) closeSync(fd);
  }
}

/** A scenario file's plain data, with `--set` overrides applied, before it is checked. */
export function loadData(file: string, overrides: readonly string[]): object {
  const data = readScenarioText(readText(file));
  return (overrides.length > 0 ? applyOverrides(data, overrides) : data) as object;
}

/** A scenario file, overridden and checked. */
export function loadScenario(file: string, overrides: readonly string[]): Scenario {
  return parseScenario(loadData(file, overrides));
}

/** Write a file an option names (`--html`, `--traces`, ...); a path that cannot be written is the user's mistake, said in one line. */
export function writeOptionFile(option: string, file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new UsageError(`${option}: cannot write ${file}: ${(error as Error).message}`);
  }
}
