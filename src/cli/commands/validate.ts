import type { Command } from "commander";
import { loadScenario } from "../io.js";
import { setOption } from "../options.js";
import type { Context } from "../output.js";

export function registerValidate(program: Command, ctx: Context): void {
  const command = program
    .command("validate")
    .description('check a scenario without running it: prints every problem, or "ok"')
    .argument("<scenario>", "scenario file (YAML or JSON)");
  setOption(command).action((file: string, opts) => {
    const s = loadScenario(file, opts.set);
    ctx.io.stdout(
      `ok: ${s.name}: ${Object.keys(s.services).length} services, ${Object.keys(s.flows).length} flows\n`,
    );
  });
}
