import type { Command } from "commander";

/**
 * Two or three examples for each command's --help, each a command that works as written from a
 * clone (test/cli/habits.test.ts checks that every command has them and runs the quick ones).
 */
export const EXAMPLES: Record<string, string[]> = {
  run: [
    "meshsim run examples/ecommerce.yaml --set workload.rate=1000/s",
    "meshsim run examples/ecommerce.yaml --replications 10 --precision 2%",
    "meshsim run examples/ecommerce.yaml --set slo.flows.checkout.p99=300ms --junit slo.xml",
  ],
  validate: [
    "meshsim validate examples/ecommerce.yaml",
    "cat examples/ecommerce.yaml | meshsim validate - --json",
  ],
  compare: [
    "meshsim compare examples/ecommerce.yaml --set services.payment.instances=3",
    "meshsim compare examples/ecommerce.yaml examples/ecommerce-async.yaml",
  ],
  sweep: [
    "meshsim sweep examples/ecommerce.yaml --vary workload.rate=200/s..1000/s:200/s",
    "meshsim sweep examples/ecommerce-data.yaml --vary services.catalog-db.cache.capacity=2000,20000",
  ],
  merge: [
    "meshsim run examples/ecommerce.yaml --shard 1/2 > a.json; meshsim run examples/ecommerce.yaml --shard 2/2 > b.json",
    "meshsim merge a.json b.json --json",
  ],
  plan: [
    "meshsim plan examples/black-friday.yaml",
    "meshsim plan examples/ecommerce.yaml --set slo.flows.checkout.p99=300ms --set workload.rate=1000/s",
  ],
  diagram: [
    "meshsim diagram examples/ecommerce.yaml > topology.md",
    "meshsim diagram examples/ecommerce.yaml --flow checkout",
  ],
  schema: [
    "meshsim schema > scenario.schema.json",
    "meshsim schema --markdown > scenario.md",
    "# first line of a scenario: # yaml-language-server: $schema=./node_modules/meshsim/dist/scenario.schema.json",
  ],
  import: [
    "meshsim import examples/traces/shop.zipkin.json -o shop.yaml",
    "meshsim import examples/traces/shop.zipkin.json | meshsim run -",
  ],
  calc: [
    "meshsim calc mmc --rate 8/s --mean 120ms --servers 2",
    "meshsim calc efficiency 100 110 90",
  ],
  demo: ["meshsim demo"],
};

/** Append a command's examples to the end of its --help. */
export function withExamples(command: Command): void {
  const lines = EXAMPLES[command.name()];
  if (!lines) return;
  command.addHelpText("after", `\nExamples:\n${lines.map((l) => `  ${l}`).join("\n")}`);
}
