import { parseDocument } from "yaml";
import { ScenarioError } from "./scenarioError.js";

/**
 * YAML or JSON text to plain data, before any checking: for tools that edit a scenario (the
 * CLI's `--set`) before `parseScenario` checks it.
 * @throws {ScenarioError} with the line and column of a syntax error
 */
export function readScenarioText(text: string): unknown {
  return parseText(text);
}

export function parseText(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      doc.errors.map((e) => {
        const at = e.linePos?.[0];
        const where = at ? `line ${at.line}, column ${at.col}` : "";
        return {
          path: where,
          message: e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, ""),
        };
      }),
    );
  }
  return doc.toJS({ maxAliasCount: 100 });
}
