import { type Command, InvalidArgumentError, Option } from "commander";
import { LIMITS, parseDuration, parseRate } from "../index.js";
import { UsageError } from "./io.js";

/** An option's value parser: an integer of at least `min` (and at most `max`). */
export const integer = (name: string, min: number, max?: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new InvalidArgumentError(`${name} must be an integer >= ${min}`);
  if (max !== undefined && n > max)
    throw new InvalidArgumentError(`${name} must be at most ${max.toLocaleString("en")}`);
  return n;
};

/** `--timeline <n|all>`: how many services (and flows) the report's timeline windows hold. */
export const timelineServices = (value: string): number | "all" =>
  value.trim() === "all" ? "all" : integer("--timeline", 1)(value);

/** The most threads a command starts (each costs a V8 isolate, some 10 MB). */
export const MAX_WORKERS = 256;

export const rate = (value: string) => {
  const perSecond = parseRate(value);
  if (perSecond === undefined)
    throw new InvalidArgumentError("expected a rate such as 200/s or 12000/min");
  return perSecond;
};

export const time = (value: string) => {
  const seconds = parseDuration(value);
  if (seconds === undefined)
    throw new InvalidArgumentError("expected a duration such as 120ms, 2s or 720h");
  return seconds;
};

/** A measured duration: like `time`, but it must be positive. */
export const duration = (value: string) => {
  const seconds = time(value);
  if (seconds <= 0)
    throw new InvalidArgumentError("expected a positive duration such as 90s or 10m");
  return seconds;
};

/** Numbers given as arguments (`calc efficiency 100 110 90`). */
export const numbers = (values: string[]) =>
  values.map((v) => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n))
      throw new UsageError(`expected numbers, got "${v}"`);
    return n;
  });

/** One number, for an option. */
export const number = (v: string) => numbers([v])[0]!;

/** A repeatable option's values, in the order given. */
export const collect = (value: string, previous: string[]) => [...previous, value];

/** `--set path=value`, repeatable. */
export function setOption(
  command: Command,
  help = "override a scenario field (repeatable)",
): Command {
  return command.option("--set <path=value>", help, collect, []);
}

/** `--seed n`. */
export function seedOption(command: Command, help = "run seed (default: the scenario's)"): Command {
  return command.option("--seed <n>", help, integer("--seed", 0));
}

/** `--replications n`, at least `min`. */
export function replicationsOption(command: Command, help: string, min = 1): Command {
  return command.option(
    "--replications <n>",
    help,
    integer("--replications", min, LIMITS.replications),
  );
}

/** `--workers n`: threads, this one included. */
export function workersOption(command: Command, help: string): Command {
  return command.option("--workers <n>", help, integer("--workers", 1, MAX_WORKERS));
}

/** `--json`, `--csv`, `--quiet` and `--no-color`, shared by the commands that print results. */
export function outputOptions(command: Command, formats: { csv?: boolean } = {}): Command {
  const json = new Option("--json", "print JSON, and nothing else, on stdout");
  if (formats.csv === false) command.addOption(json);
  else command.addOption(json.conflicts("csv")).option("--csv", "print CSV on stdout");
  return command
    .option("-q, --quiet", "no tables and no progress bar: the exit code (and --json/--csv) only")
    .option("--no-color", "plain text even on a terminal");
}

/** A share as written: `0.02` or `2%`. */
const shareOf = (value: string): number => {
  const text = value.trim();
  return text.endsWith("%") ? Number(text.slice(0, -1)) / 100 : Number(text);
};

/** A share: `0.02` or `2%`, in (0, 1). */
export const share = (value: string) => {
  const n = shareOf(value);
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError("expected a share such as 0.02 or 2%");
  return n;
};

/** A share that may be all: `0.01`, `1%`, or `1`, in (0, 1]. */
export const shareOrAll = (value: string) => {
  const n = shareOf(value);
  if (!(n > 0 && n <= 1))
    throw new InvalidArgumentError("expected a share in (0, 1], such as 0.01 or 1%");
  return n;
};

/** `--precision` and `--max-replications`: replications until the headline figures are precise. */
export function precisionOptions(command: Command): Command {
  return command
    .option(
      "--precision <share>",
      "add replications until every headline figure's 95% half-width is within this share of it, e.g. 2%",
      share,
    )
    .option(
      "--max-replications <n>",
      "with --precision: the most replications to take (default: 100)",
      integer("--max-replications", 2, LIMITS.replications),
    );
}

/** `--html FILE`: the result as a self-contained page, beside whatever else is printed. */
export function htmlOption(command: Command): Command {
  return command.option(
    "--html <file>",
    "also write the result as one self-contained HTML page (charts, topology, tables; no network)",
  );
}
