import { Command, CommanderError } from "commander";
import { VERSION } from "../version.js";
import { renderWorkedExamples } from "./workedExamples.js";

/** Build and run the `meshsim` program; resolves to the process exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = new Command()
    .name("meshsim")
    .description("Discrete-event simulation and capacity planning for microservice architectures.")
    .version(VERSION, "-v, --version")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command("demo")
    .description("print DESIGN.md's worked examples, computed by the library")
    .action(() => {
      process.stdout.write(renderWorkedExamples());
    });

  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end by "throwing" exit code 0 under exitOverride.
      return error.exitCode === 0 ? 0 : 2;
    }
    throw error;
  }
}
