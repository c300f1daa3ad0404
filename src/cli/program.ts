import { readFileSync } from "node:fs";
import { Chalk } from "chalk";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import {
  parseDuration,
  parseScenario,
  readScenarioText,
  type Scenario,
  ScenarioError,
  simulate,
  VERSION,
} from "../index.js";
import { applyOverrides } from "./overrides.js";
import { renderReport } from "./render.js";
import { renderWorkedExamples } from "./workedExamples.js";

/** Exit codes: 0 success, 1 a run completed but a requested check failed, 2 bad input. */
export const EXIT = { ok: 0, checkFailed: 1, badInput: 2 } as const;

/** A user's mistake: printed as a message, never with a stack trace. */
class UsageError extends Error {}

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: Record<string, string | undefined>;
}

const defaultIo = (): Io => ({
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
});

function loadScenario(file: string, overrides: readonly string[]): Scenario {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === "ENOENT"
        ? `cannot read ${file}: no such file`
        : `cannot read ${file}: ${(error as Error).message}`,
    );
  }
  const data = readScenarioText(text);
  return parseScenario((overrides.length > 0 ? applyOverrides(data, overrides) : data) as object);
}

const integer = (name: string, min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new InvalidArgumentError(`${name} must be an integer >= ${min}`);
  return n;
};

const duration = (value: string) => {
  const seconds = parseDuration(value);
  if (seconds === undefined || seconds <= 0) {
    throw new InvalidArgumentError("expected a duration such as 90s, 10m or 1h");
  }
  return seconds;
};

const collect = (value: string, previous: string[]) => [...previous, value];

/** Build and run the `meshsim` program; resolves to the process exit code. */
export async function runCli(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  let debug = argv.includes("--debug");
  const program = new Command()
    .name("meshsim")
    .description("Discrete-event simulation and capacity planning for microservice architectures.")
    .version(VERSION, "-v, --version")
    .option("--debug", "show stack traces for internal errors")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command("run")
    .description("simulate a scenario and print its report, with the analytic prediction beside it")
    .argument("<scenario>", "scenario file (YAML or JSON)")
    .option("--seed <n>", "run seed (default: the scenario's)", integer("--seed", 0))
    .option("--duration <d>", "measured duration, e.g. 10m (default: the scenario's)", duration)
    .option(
      "--replications <n>",
      "independent replications, for 95% intervals",
      integer("--replications", 1),
      1,
    )
    .option(
      "--set <path=value>",
      "override a scenario field, e.g. workload.rate=1000/s (repeatable)",
      collect,
      [],
    )
    .addOption(new Option("--json", "print the report as JSON, and nothing else, on stdout"))
    .option("--no-color", "plain text even on a terminal")
    .action((file: string, opts) => {
      let scenario = loadScenario(file, opts.set);
      if (opts.duration !== undefined) {
        scenario = {
          ...scenario,
          duration: opts.duration,
          timeline: { window: opts.duration / 100 },
        };
      }
      const report = simulate(scenario, { seed: opts.seed, replications: opts.replications });
      if (opts.json) {
        io.stdout(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const color = opts.color !== false && io.isTTY && !io.env.NO_COLOR;
      io.stdout(renderReport(report, scenario, new Chalk({ level: color ? 1 : 0 })));
    });

  program
    .command("validate")
    .description('check a scenario without running it: prints every problem, or "ok"')
    .argument("<scenario>", "scenario file (YAML or JSON)")
    .option("--set <path=value>", "override a scenario field (repeatable)", collect, [])
    .action((file: string, opts) => {
      const s = loadScenario(file, opts.set);
      io.stdout(
        `ok: ${s.name}: ${Object.keys(s.services).length} services, ${Object.keys(s.flows).length} flows\n`,
      );
    });

  program
    .command("demo")
    .description("print DESIGN.md's worked examples, computed by the library")
    .action(() => io.stdout(renderWorkedExamples()));

  try {
    await program.parseAsync([...argv]);
    debug = Boolean(program.opts().debug);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end by "throwing" exit code 0 under exitOverride.
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (error instanceof ScenarioError || error instanceof UsageError) {
      io.stderr(`error: ${error.message}\n`);
      return EXIT.badInput;
    }
    io.stderr(`internal error: ${(error as Error).message}\n`);
    if (debug) io.stderr(`${(error as Error).stack}\n`);
    else io.stderr("(run again with --debug for the stack trace)\n");
    return EXIT.checkFailed;
  }
}
