// The live system: five Node HTTP services on loopback, each its own process with its own
// OpenTelemetry SDK, driven by autocannon. `startSystem` starts them; `drive` sends a mix of
// browse and checkout requests at a rate; `stop` ends the services, which write their spans.
import { fork } from "node:child_process";
import { join } from "node:path";
import autocannon from "autocannon";

const SERVICE = new URL("./service.cjs", import.meta.url).pathname;

/** What each service does: own time (ms, exponential), workers, calls, failure probability. */
export const SERVICES = {
  "api-gateway": {
    port: 7301,
    own: 1,
    concurrency: 64,
    routes: { "/browse": [["catalog"]], "/checkout": [["order"]] },
  },
  catalog: { port: 7302, own: 8, concurrency: 2, routes: {} },
  order: { port: 7303, own: 10, concurrency: 2, routes: { "/": [["payment", "inventory"]] } },
  payment: { port: 7304, own: 25, concurrency: 1, routes: {}, fail: 0.01 },
  inventory: { port: 7305, own: 5, concurrency: 2, routes: {} },
};
/** The share of requests that are checkouts; the rest browse. */
export const CHECKOUT_SHARE = 0.3;

export async function startSystem(dir, tag = "run") {
  const peers = Object.fromEntries(Object.entries(SERVICES).map(([n, s]) => [n, s.port]));
  const children = await Promise.all(
    Object.entries(SERVICES).map(
      ([name, s]) =>
        new Promise((resolve, reject) => {
          const child = fork(SERVICE, [], {
            env: {
              ...process.env,
              SERVICE: name,
              PORT: String(s.port),
              OWN_MS: String(s.own),
              CONCURRENCY: String(s.concurrency),
              FAIL: String(s.fail ?? 0),
              ROUTES: JSON.stringify(Object.keys(s.routes).length > 0 ? s.routes : { "/": [] }),
              PEERS: JSON.stringify(peers),
              OUT: join(dir, `${tag}-${name}.otlp.json`),
            },
            stdio: ["ignore", "inherit", "inherit", "ipc"],
          });
          child.once("message", () => resolve({ name, child }));
          child.once("exit", (code) =>
            reject(new Error(`${name} exited (${code}) before it was ready`)),
          );
        }),
    ),
  );
  return {
    /** Stop every service; resolves to the span files they wrote. */
    stop: () =>
      Promise.all(
        children.map(
          ({ name, child }) =>
            new Promise((resolve) => {
              child.removeAllListeners("exit");
              child.once("exit", () => resolve(join(dir, `${tag}-${name}.otlp.json`)));
              child.kill("SIGTERM");
            }),
        ),
      ),
  };
}

/** Drive the system for `seconds` at `rate` requests per second (the mix above); per flow: throughput, p50, p99 (s). */
export async function drive(rate, seconds) {
  const run = (path, share) =>
    autocannon({
      url: `http://127.0.0.1:${SERVICES["api-gateway"].port}${path}`,
      connections: 32,
      overallRate: Math.max(1, Math.round(rate * share)),
      duration: seconds,
    });
  const [browse, checkout] = await Promise.all([
    run("/browse", 1 - CHECKOUT_SHARE),
    run("/checkout", CHECKOUT_SHARE),
  ]);
  const figures = (r) => ({
    throughput: r["2xx"] / seconds,
    p50: r.latency.p50 / 1000,
    p99: r.latency.p99 / 1000,
  });
  return { browse: figures(browse), checkout: figures(checkout) };
}
