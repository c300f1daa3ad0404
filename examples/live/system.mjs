// The live system: five Node HTTP services on loopback, each its own process with its own
// OpenTelemetry SDK, driven by an open-loop Poisson source. `startSystem` starts them; `drive`
// sends a mix of browse and checkout requests at a rate; `stop` ends the services, which write
// their spans.
import { fork } from "node:child_process";
import http from "node:http";
import { join } from "node:path";
import seedrandom from "seedrandom";

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

/**
 * Drive the system for `seconds` at `rate` requests per second: an open-loop Poisson source
 * (exponential gaps from a seeded stream, each request a browse or, with CHECKOUT_SHARE, a
 * checkout), each request sent at its time whatever the others are doing, so a slow answer
 * never delays the next request (no coordinated omission). A request's latency counts from when
 * it was sent: Node's timers fire up to a millisecond late, and that lateness is the source's,
 * not the system's.
 * Per flow: the rate offered (requests sent per second: the Poisson count, not the nominal rate),
 * throughput (2xx per second), p50 and p99 (s) of the answered requests.
 */
export async function drive(rate, seconds, seed = "live") {
  const random = seedrandom(seed);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  const port = SERVICES["api-gateway"].port;
  const flows = { browse: [], checkout: [] };
  const answered = { browse: 0, checkout: 0 };
  const sent = { browse: 0, checkout: 0 };
  const pending = new Set();
  const send = (flow) => {
    sent[flow]++;
    const at = performance.now();
    const done = new Promise((resolve) => {
      const req = http.get({ host: "127.0.0.1", port, path: `/${flow}`, agent }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode >= 200 && res.statusCode < 300) answered[flow]++;
          flows[flow].push(performance.now() - at);
          resolve();
        });
      });
      req.on("error", resolve);
    });
    pending.add(done);
    done.then(() => pending.delete(done));
  };
  const start = performance.now();
  const end = start + seconds * 1000;
  let next = start - Math.log(1 - random()) * (1000 / rate);
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      for (; next <= now && next < end; next -= Math.log(1 - random()) * (1000 / rate))
        send(random() < CHECKOUT_SHARE ? "checkout" : "browse");
      if (next >= end) resolve();
      else setTimeout(tick, Math.max(0, next - performance.now()));
    };
    tick();
  });
  await Promise.all(pending);
  agent.destroy();
  const figures = (flow) => {
    const ms = flows[flow].sort((a, b) => a - b);
    const at = (q) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)] / 1000;
    return {
      offered: sent[flow] / seconds,
      throughput: answered[flow] / seconds,
      p50: at(0.5),
      p99: at(0.99),
    };
  };
  return { browse: figures("browse"), checkout: figures("checkout") };
}
