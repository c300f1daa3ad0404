import { parseScenario, ScenarioError } from "../../src/index.js";

/** The problems parseScenario finds in an input, as `path: message` lines ([] if none). */
export function scenarioIssues(input: object): string[] {
  try {
    parseScenario(input);
  } catch (e) {
    if (e instanceof ScenarioError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}
