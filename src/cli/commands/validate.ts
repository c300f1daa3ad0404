import { type Command, Option } from "commander";
import { ScenarioError, scenarioHash } from "../../index.js";
import { EXIT, loadScenario } from "../io.js";
import { setOption } from "../options.js";
import type { Context } from "../output.js";

export function registerValidate(program: Command, ctx: Context): void {
  const command = program
    .command("validate")
    .description('check a scenario without running it: prints every problem, or "ok"')
    .argument("<scenario>", "scenario file (YAML or JSON), or - for standard input")
    .addOption(
      new Option(
        "--json",
        "print { ok, name, services, flows, hash } or { ok: false, issues: [{ path, message }] } on stdout",
      ),
    );
  setOption(command).action((file: string, opts) => {
    if (!opts.json) {
      const s = loadScenario(file, opts.set);
      ctx.io.stdout(
        `ok: ${s.name}: ${Object.keys(s.services).length} services, ${Object.keys(s.flows).length} flows\n`,
      );
      return;
    }
    try {
      const s = loadScenario(file, opts.set);
      const out = {
        ok: true,
        name: s.name,
        services: Object.keys(s.services).length,
        flows: Object.keys(s.flows).length,
        hash: scenarioHash(s),
      };
      ctx.io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      ctx.io.stdout(`${JSON.stringify({ ok: false, issues: error.issues }, null, 2)}\n`);
      ctx.exitCode = EXIT.badInput;
    }
  });
}
