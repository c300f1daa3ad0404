import { Command, CommanderError } from "commander";
import { ScenarioError, ShardError, VERSION } from "../index.js";
import { registerCalc } from "./commands/calc.js";
import { registerCompare } from "./commands/compare.js";
import { registerDemo } from "./commands/demo.js";
import { registerDiagram } from "./commands/diagram.js";
import { registerImport } from "./commands/import.js";
import { registerMerge } from "./commands/merge.js";
import { registerPlan } from "./commands/plan.js";
import { registerRun } from "./commands/run.js";
import { registerSchema } from "./commands/schema.js";
import { registerSweep } from "./commands/sweep.js";
import { registerValidate } from "./commands/validate.js";
import { withExamples } from "./examples.js";
import { defaultIo, EXIT, type Io, UsageError } from "./io.js";
import { Context } from "./output.js";

export { EXIT, type Io } from "./io.js";

/** The commands, in the order `meshsim --help` lists them; one file each under commands/. */
const COMMANDS = [
  registerRun,
  registerValidate,
  registerCompare,
  registerSweep,
  registerMerge,
  registerPlan,
  registerDiagram,
  registerImport,
  registerSchema,
  registerCalc,
  registerDemo,
];

/** Build and run the `meshsim` program; resolves to the process exit code. */
export async function runCli(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  let debug = argv.includes("--debug");
  const ctx = new Context(io);
  const program = new Command()
    .name("meshsim")
    .description("Discrete-event simulation and capacity planning for microservice architectures.")
    .version(VERSION, "-v, --version")
    .option("--debug", "show stack traces for internal errors")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const register of COMMANDS) register(program, ctx);
  for (const command of program.commands) withExamples(command);

  try {
    await program.parseAsync([...argv]);
    debug = Boolean(program.opts().debug);
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end by "throwing" exit code 0 under exitOverride.
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    // RangeError is how the library refuses invalid numbers (`mm1: unstable queue, ...`).
    if (
      error instanceof ScenarioError ||
      error instanceof UsageError ||
      error instanceof ShardError ||
      error instanceof RangeError
    ) {
      io.stderr(`error: ${error.message}\n`);
      return EXIT.badInput;
    }
    io.stderr(`internal error: ${(error as Error).message}\n`);
    if (debug) io.stderr(`${(error as Error).stack}\n`);
    else io.stderr("(run again with --debug for the stack trace)\n");
    return EXIT.internal;
  }
}
