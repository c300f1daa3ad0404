import type { Command } from "commander";
import { scenarioJsonSchema } from "../../index.js";
import type { Context } from "../output.js";

export function registerSchema(program: Command, ctx: Context): void {
  program
    .command("schema")
    .description("the JSON Schema of the scenario format, for editor autocompletion")
    .action(() => ctx.io.stdout(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`));
}
