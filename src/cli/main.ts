#!/usr/bin/env node
import { runCli } from "./program.js";

// --debug prints stack traces: map them from the bundle back to src/.
if (process.argv.includes("--debug")) process.setSourceMapsEnabled(true);

// A closed pipe (`meshsim run ... | head`) is not an error worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

process.exitCode = await runCli(process.argv);
