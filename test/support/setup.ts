import fc from "fast-check";

// Property tests run from a fixed seed so CI never flakes; FC_SEED=<n> replays or explores
// another part of the space, and every failure prints the seed and path to replay it.
const seed = Number(process.env.FC_SEED ?? 20261125);
fc.configureGlobal({ seed, numRuns: Number(process.env.FC_RUNS ?? 200) });
