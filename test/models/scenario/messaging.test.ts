import { describe, expect, it } from "vitest";
import { parseScenario } from "../../../src/index.js";
import { scenarioIssues } from "../../support/issues.js";

const base = {
  workload: { rate: 10 },
  topics: { placed: { partitions: 3, broker: { latency: "2ms" }, retention: "1h" } },
  services: { order: { latency: "5ms" }, ship: { latency: "2ms" } },
  flows: { checkout: [{ order: [{ publish: "placed" }] }] },
  consumers: { placed: ["ship"] },
};
const messages = scenarioIssues;

describe("topics and consumers", () => {
  it("read with their defaults", () => {
    const s = parseScenario(base);
    expect(s.topics.placed).toEqual({
      partitions: 3,
      ack: { dist: "constant", value: 0.002 },
      retention: 3600,
    });
    expect(s.flows.checkout).toEqual([{ call: "order", calls: [{ publish: "placed" }] }]);
    expect(s.consumers.placed).toEqual([{ call: "ship", calls: [] }]);
    expect(
      parseScenario({ ...base, topics: { placed: { partitions: 1 } } }).topics.placed!.ack,
    ).toEqual({
      dist: "constant",
      value: 0,
    });
  });

  it("name the path of each bad value", () => {
    expect(messages({ ...base, topics: { placed: { partitions: 0 } } })).toEqual([
      "topics.placed.partitions: expected a positive integer, got 0",
    ]);
    expect(messages({ ...base, flows: { checkout: [{ order: [{ publish: "placd" }] }] } })).toEqual(
      expect.arrayContaining([
        'flows.checkout[0].order[0].publish: unknown topic "placd" (did you mean "placed"?)',
      ]),
    );
    expect(messages({ ...base, flows: { checkout: ["order"] } })).toEqual([
      'consumers.placed: nothing publishes topic "placed": no flow or consumer has a { publish: placed } step',
    ]);
    expect(messages({ ...base, consumers: { placd: ["ship"] } })).toEqual([
      'consumers.placd: unknown topic "placd" (did you mean "placed"?)',
    ]);
    expect(messages({ ...base, consumers: { placed: ["shipp"] } })).toEqual([
      'consumers.placed[0]: unknown service "shipp" (did you mean "ship"?)',
    ]);
    expect(messages({ ...base, consumers: { placed: ["ship", "ship"] } })).toEqual([
      'consumers.placed: "ship" consumes this topic twice',
    ]);
  });
});
