/** One problem in a scenario: where (`services.payment.instances`) and what. */
export interface ScenarioIssue {
  path: string;
  message: string;
}

/**
 * A scenario that cannot run. `issues` lists every problem found, each with its path, and the
 * message lists them one per line, so the user can fix them all at once.
 */
export class ScenarioError extends Error {
  readonly issues: ScenarioIssue[];

  constructor(issues: ScenarioIssue[]) {
    const lines = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    super(
      issues.length === 1
        ? `invalid scenario: ${lines[0]}`
        : `invalid scenario (${issues.length} problems):\n${lines.map((l) => `  ${l}`).join("\n")}`,
    );
    this.name = "ScenarioError";
    this.issues = issues;
  }
}

/** Dotted path for messages: `services.payment.latency`, `flows.checkout[1].order[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (part === "") out += '[""]';
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}
