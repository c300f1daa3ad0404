import type { Command } from "commander";
import { scenarioJsonSchema, scenarioReferenceMarkdown } from "../../index.js";
import type { Context } from "../output.js";

export function registerSchema(program: Command, ctx: Context): void {
  program
    .command("schema")
    .description("the JSON Schema of the scenario format, for editor autocompletion")
    .option("--markdown", "the scenario reference instead: every key, its default and meaning")
    .action((opts: { markdown?: boolean }) =>
      ctx.io.stdout(
        opts.markdown
          ? scenarioReferenceMarkdown()
          : `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`,
      ),
    );
}
