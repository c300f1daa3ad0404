/**
 * The speed-of-light reference: the two benchmark models written by hand as a typed-array event
 * loop, with nothing of meshsim in it. Binary heap of (time, kind, customer) in typed arrays,
 * FIFO ring buffers, the same Alea generator (from seedrandom) meshsim draws from, and the
 * sojourn mean accumulated on the fly. Usage: node bench/handwritten.mjs w1|w2[@fraction]
 * (a fraction of the customers, as bench/workload.mjs takes one of the duration).
 * Prints JSON: customers, events, mean sojourn, seconds, peak RSS.
 */
import seedrandom from "seedrandom";
import { validFraction, workloadArgument } from "./argument.mjs";

export function tandem({ stations, servers, lambda, mu, customers, seed }) {
  const arrivals = seedrandom.alea(`${seed}/arrivals`);
  const services = Array.from({ length: stations }, (_, k) => seedrandom.alea(`${seed}/s${k}`));
  // Event heap: time, kind (-1 arrival, k >= 0 departure from station k), customer.
  let cap = 1024;
  let times = new Float64Array(cap);
  let kinds = new Int32Array(cap);
  let whos = new Int32Array(cap);
  let size = 0;
  const push = (t, kind, who) => {
    if (size === cap) {
      cap *= 2;
      const t2 = new Float64Array(cap);
      t2.set(times);
      const k2 = new Int32Array(cap);
      k2.set(kinds);
      const w2 = new Int32Array(cap);
      w2.set(whos);
      times = t2;
      kinds = k2;
      whos = w2;
    }
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p] <= t) break;
      times[i] = times[p];
      kinds[i] = kinds[p];
      whos[i] = whos[p];
      i = p;
    }
    times[i] = t;
    kinds[i] = kind;
    whos[i] = who;
  };
  const pop = () => {
    const last = --size;
    const t = times[last];
    const k = kinds[last];
    const w = whos[last];
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let c = 2 * i + 1;
      if (c + 1 < last && times[c + 1] < times[c]) c++;
      if (t <= times[c]) break;
      times[i] = times[c];
      kinds[i] = kinds[c];
      whos[i] = whos[c];
      i = c;
    }
    times[i] = t;
    kinds[i] = k;
    whos[i] = w;
  };
  // Per customer: arrival time in the system. Per station: busy servers, FIFO ring of customers.
  const born = new Float64Array(customers);
  const busy = new Int32Array(stations);
  const ringSize = 1 << 20;
  const rings = Array.from({ length: stations }, () => new Int32Array(ringSize));
  const heads = new Int32Array(stations);
  const tails = new Int32Array(stations);
  const exp = (rng, rate) => -Math.log(1 - rng()) / rate;
  let now = 0;
  let arrived = 0;
  let done = 0;
  let events = 0;
  let sum = 0;
  const enter = (k, who) => {
    if (busy[k] < servers) {
      busy[k]++;
      push(now + exp(services[k], mu), k, who);
    } else {
      rings[k][tails[k]] = who;
      tails[k] = (tails[k] + 1) & (ringSize - 1);
    }
  };
  push(exp(arrivals, lambda), -1, 0);
  while (done < customers) {
    now = times[0];
    const kind = kinds[0];
    const who = whos[0];
    pop();
    events++;
    if (kind < 0) {
      born[who] = now;
      enter(0, who);
      if (++arrived < customers) push(now + exp(arrivals, lambda), -1, arrived);
    } else {
      if (heads[kind] !== tails[kind]) {
        const next = rings[kind][heads[kind]];
        heads[kind] = (heads[kind] + 1) & (ringSize - 1);
        push(now + exp(services[kind], mu), kind, next);
      } else busy[kind]--;
      if (kind + 1 < stations) enter(kind + 1, who);
      else {
        sum += now - born[who];
        done++;
      }
    }
  }
  return { customers: done, events, meanSojourn: sum / done };
}

export const MODELS = {
  w1: { stations: 1, servers: 1, lambda: 0.9, mu: 1, customers: 1_000_000, seed: 1 },
  w2: { stations: 6, servers: 2, lambda: 1.5, mu: 1, customers: 200_000, seed: 1 },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const { name, fraction } = workloadArgument(process.argv[2]);
  const model = MODELS[name];
  if (!model || !validFraction(fraction)) {
    console.error("usage: node bench/handwritten.mjs w1|w2[@fraction]");
    process.exit(2);
  }
  const start = performance.now();
  const r = tandem({ ...model, customers: Math.round(model.customers * fraction) });
  const seconds = (performance.now() - start) / 1000;
  console.log(JSON.stringify({ ...r, seconds, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
}
