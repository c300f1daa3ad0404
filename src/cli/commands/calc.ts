import type { Command } from "commander";
import {
  type CalcResult,
  calcAvailability,
  calcEfficiency,
  calcLittle,
  calcMmc,
  calcParallel,
  calcSeries,
} from "../calc.js";
import { integer, number, numbers, rate, time } from "../options.js";
import type { Context } from "../output.js";

export function registerCalc(program: Command, ctx: Context): void {
  const calc = program
    .command("calc")
    .description("the formulas at the prompt, with the formula and its inputs shown");
  const print = (r: CalcResult, json: boolean) =>
    ctx.io.stdout(
      json
        ? `${JSON.stringify({ formula: r.formula, ...r.result }, null, 2)}\n`
        : `${r.lines.join("\n")}\n`,
    );
  calc
    .command("efficiency")
    .description("load-balancing efficiency E = 1 - (max - min) / mean, and Jain's index")
    .argument("<loads...>", "load per server, e.g. 100 110 90")
    .option("--json", "print JSON")
    .action((loads: string[], opts) => print(calcEfficiency(numbers(loads)), opts.json));
  calc
    .command("little")
    .description("Little's Law L = λW: give two of --L, --rate, --time")
    .option("--L <n>", "mean number in the system", number)
    .option("--rate <r>", "arrival rate, e.g. 100/s", rate)
    .option("--time <d>", "mean time in the system, e.g. 500ms", time)
    .option("--json", "print JSON")
    .action((opts) => print(calcLittle({ L: opts.L, lambda: opts.rate, W: opts.time }), opts.json));
  calc
    .command("reliability")
    .description("series reliability Π Ri")
    .argument("<r...>", "reliabilities, e.g. 0.999 0.998")
    .option("--json", "print JSON")
    .action((rs: string[], opts) => print(calcSeries(numbers(rs)), opts.json));
  calc
    .command("parallel")
    .description("parallel (redundant) reliability 1 - Π(1 - Ri)")
    .argument("<r...>", "reliabilities")
    .option("--json", "print JSON")
    .action((rs: string[], opts) => print(calcParallel(numbers(rs)), opts.json));
  calc
    .command("availability")
    .description("availability MTBF / (MTBF + MTTR)")
    .requiredOption("--mtbf <d>", "mean time between failures, e.g. 720h", time)
    .requiredOption("--mttr <d>", "mean time to repair, e.g. 1h", time)
    .option("--json", "print JSON")
    .action((opts) => print(calcAvailability({ mtbf: opts.mtbf, mttr: opts.mttr }), opts.json));
  calc
    .command("mmc")
    .description("an M/M/c queue: utilization, P(wait), L, W and the sojourn p99")
    .requiredOption("--rate <r>", "arrival rate, e.g. 8/s", rate)
    .requiredOption("--mean <d>", "mean service time, e.g. 120ms", time)
    .requiredOption("--servers <c>", "servers", integer("--servers", 1))
    .option("--json", "print JSON")
    .action((opts) =>
      print(calcMmc({ lambda: opts.rate, mean: opts.mean, servers: opts.servers }), opts.json),
    );
}
