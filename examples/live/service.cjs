// One service of the live system (examples/live): a Node HTTP server whose every request, served
// and made, is traced by the OpenTelemetry SDK's HTTP instrumentation. It holds one of its
// CONCURRENCY workers for its own time (exponential, mean OWN_MS), then makes its calls, group by
// group (the services of a group at once), and answers 500 if a call failed or, with probability
// FAIL, on its own. On SIGTERM it writes its spans as OTLP JSON (the SDK's own serializer) to OUT.
// CommonJS, so the instrumentation is in place before `http` loads.
const { writeFileSync } = require("node:fs");
const { resourceFromAttributes } = require("@opentelemetry/resources");
const {
  NodeTracerProvider,
  SimpleSpanProcessor,
  InMemorySpanExporter,
} = require("@opentelemetry/sdk-trace-node");
const { registerInstrumentations } = require("@opentelemetry/instrumentation");
const { HttpInstrumentation } = require("@opentelemetry/instrumentation-http");
const { JsonTraceSerializer } = require("@opentelemetry/otlp-transformer");
const { trace } = require("@opentelemetry/api");

const env = process.env;
const NAME = env.SERVICE;
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({
    "service.name": NAME,
    "service.instance.id": `${NAME}-${process.pid}`,
  }),
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
provider.register();
registerInstrumentations({ instrumentations: [new HttpInstrumentation()] });
const http = require("node:http");

const PORT = Number(env.PORT);
const OWN_MS = Number(env.OWN_MS);
const CONCURRENCY = Number(env.CONCURRENCY ?? 1);
const FAIL = Number(env.FAIL ?? 0);
/** Path -> groups of services called in turn, each group at once: { "/checkout": [["order"]] }. */
const ROUTES = JSON.parse(env.ROUTES ?? '{"/": []}');
const PEERS = JSON.parse(env.PEERS ?? "{}");
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

let busy = 0;
const waiting = [];
const acquire = () =>
  new Promise((resolve) => {
    if (busy < CONCURRENCY) {
      busy++;
      resolve();
    } else waiting.push(resolve);
  });
const release = () => {
  const next = waiting.shift();
  if (next) next();
  else busy--;
};
const call = (service) =>
  new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port: PEERS[service], path: "/", agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode === 200));
    });
    req.on("error", () => resolve(false));
  });

const server = http.createServer(async (req, res) => {
  const path = new URL(req.url, "http://x").pathname;
  trace.getActiveSpan()?.updateName(`${req.method} ${path}`);
  const groups = ROUTES[path] ?? ROUTES["/"] ?? [];
  await acquire();
  await new Promise((r) => setTimeout(r, -Math.log(1 - Math.random()) * OWN_MS));
  release();
  let ok = Math.random() >= FAIL;
  for (const group of groups) {
    if (!ok) break;
    const results = await Promise.all(group.map(call));
    ok = results.every(Boolean);
  }
  res.statusCode = ok ? 200 : 500;
  res.end(ok ? "ok" : "failed");
});
server.listen(PORT, "127.0.0.1", () => process.send?.("ready"));

process.on("SIGTERM", () => {
  server.close();
  const spans = exporter.getFinishedSpans();
  writeFileSync(env.OUT, Buffer.from(JsonTraceSerializer.serializeRequest(spans)));
  process.exit(0);
});
