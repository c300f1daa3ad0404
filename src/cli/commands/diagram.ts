import type { Command } from "commander";
import { flowDiagram, topologyDiagram } from "../../index.js";
import { loadScenario, UsageError } from "../io.js";
import { setOption } from "../options.js";
import type { Context } from "../output.js";

export function registerDiagram(program: Command, ctx: Context): void {
  const command = program
    .command("diagram")
    .description(
      "the topology as a Mermaid flowchart and each flow as a Mermaid sequence diagram, in Markdown",
    )
    .argument("<scenario>", "scenario file (YAML or JSON), or - for standard input")
    .option("--flow <name>", "only this flow's sequence diagram")
    .option("--topology", "only the topology flowchart");
  setOption(command).action((file: string, opts) => {
    const s = loadScenario(file, opts.set);
    const fence = (text: string) => `\`\`\`mermaid\n${text}\`\`\`\n`;
    if (opts.flow !== undefined && !Object.hasOwn(s.flows, opts.flow)) {
      throw new UsageError(
        `--flow: unknown flow "${opts.flow}"; the flows are ${Object.keys(s.flows).join(", ")}`,
      );
    }
    const parts: string[] = [];
    if (opts.flow === undefined)
      parts.push(`## ${s.name}: topology\n\n${fence(topologyDiagram(s))}`);
    if (!opts.topology) {
      for (const flow of opts.flow === undefined ? Object.keys(s.flows) : [opts.flow]) {
        parts.push(`## Flow: ${flow}\n\n${fence(flowDiagram(s, flow))}`);
      }
    }
    ctx.io.stdout(parts.join("\n"));
  });
}
