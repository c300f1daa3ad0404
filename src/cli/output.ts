import { Chalk, type ChalkInstance } from "chalk";
import type { Io } from "./io.js";
import { progressBar } from "./render/progress.js";

/** The options every printing command shares. */
export interface OutputOptions {
  json?: boolean;
  csv?: boolean;
  quiet?: boolean;
  color?: boolean;
}

/** A result's views: what `--json`, `--csv`, `--quiet` and the default table print. */
export interface Views {
  /** The value `--json` prints. */
  json: unknown;
  csv?: () => string;
  /** The one line `--quiet` still prints (a verdict), if any. */
  quiet?: (c: ChalkInstance) => string;
  table: (c: ChalkInstance) => string;
}

/** What a command is given: the streams, and the exit code it may set. */
export class Context {
  exitCode = 0;
  constructor(readonly io: Io) {}

  /** Colour on a terminal, unless `--no-color` or NO_COLOR say otherwise. */
  chalk(opts: { color?: boolean }): ChalkInstance {
    return new Chalk({
      level: opts.color !== false && this.io.isTTY && !this.io.env.NO_COLOR ? 1 : 0,
    });
  }

  /** A progress bar on a terminal's stderr, unless quiet. */
  progress(opts: { quiet?: boolean }, label: string) {
    return !opts.quiet && this.io.stderrTTY ? progressBar(this.io.stderr, label) : null;
  }

  /** Print a result as the options ask: JSON, CSV, a quiet verdict, or tables. */
  print(opts: OutputOptions, views: Views): void {
    const out = this.io.stdout;
    if (opts.json) out(`${JSON.stringify(views.json, null, 2)}\n`);
    else if (opts.csv && views.csv) out(views.csv());
    else if (opts.quiet) {
      if (views.quiet) out(`${views.quiet(this.chalk(opts))}\n`);
    } else out(views.table(this.chalk(opts)));
  }
}
