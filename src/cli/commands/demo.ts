import type { Command } from "commander";
import type { Context } from "../output.js";
import { renderWorkedExamples } from "../workedExamples.js";

export function registerDemo(program: Command, ctx: Context): void {
  program
    .command("demo")
    .description("print the worked examples of the formulas, computed by the library")
    .action(() => ctx.io.stdout(renderWorkedExamples()));
}
