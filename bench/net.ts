/**
 * The sockets suite (issue 5): a fixed-length wrk load test of the Go HTTP
 * guest (testdata/net/go/main.wasm http, GET /json) under each runtime that
 * can preopen a listener, with the server's RSS before and after the runs;
 * and round trips against a server that polls its connection for reading
 * and writing together, as mio (tokio) does (testdata/net/c/main.wasm
 * busypoll): each poll returns at once, so how soon the guest sees a request
 * depends on how often the host takes in its I/O between two polls; and
 * {@linkcode MANY} connections held open at once against the Go echo guest
 * (testdata/net/go/main.wasm echo), whose netpoll asks about every one of
 * them at each poll: the server's CPU time and peak RSS.
 */
import { join } from "node:path";
import {
  capture,
  type Column,
  comparison,
  cpuSeconds,
  lastLine,
  log,
  markdownTable,
  type Results,
  ROOT,
  rssMiB,
  type Runtime,
  sleep,
  spawnTimed,
  type Tools,
  type Workload,
} from "./common.ts";

const THREADS = 2;
const CONNECTIONS = 32;
const WARMUP_S = 2;

interface Wrk {
  rps: number;
  p99: number;
  /** Non-2xx/3xx responses plus socket errors of every kind. */
  errors: number;
}

function parseWrk(out: string): Wrk | string {
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(out)?.[1];
  const p99 = /^\s+99%\s+([\d.]+)(us|ms|s)$/m.exec(out);
  if (rps === undefined || !p99) return `cannot read wrk's output: ${lastLine(out)}`;
  const scale = { us: 1e-3, ms: 1, s: 1e3 }[p99[2] as "us" | "ms" | "s"];
  let errors = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  if (sock) errors += sock.slice(1).reduce((a, b) => a + Number(b), 0);
  return { rps: Number(rps), p99: Number(p99[1]) * scale, errors };
}

async function wrk(tools: Tools, port: number, seconds: number): Promise<Wrk | string> {
  const url = `http://127.0.0.1:${port}/json`;
  const args = [`-t${THREADS}`, `-c${CONNECTIONS}`, `-d${seconds}s`, "--latency", url];
  const out = await capture(tools.wrk!, args);
  if (!out) return "wrk cannot start";
  if (out.code !== 0) return `wrk exit ${out.code}: ${lastLine(out.stderr)}`;
  return parseWrk(out.stdout);
}

/** A port that was free a moment ago (for runtimes that cannot listen on port 0 and say where). */
function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

interface Served {
  runs: Wrk[];
  errors: number;
  rss: (number | undefined)[];
  exit: string;
}

/** Starts the server, loads it (a warm-up run, then `runs` runs), quits it. */
async function serve(
  argv: string[],
  port: number,
  tools: Tools,
  runs: number,
  seconds: number,
): Promise<Served | string> {
  const child = spawnTimed(argv);
  let stdout = "", stderr = "";
  const drain = async (s: ReadableStream<Uint8Array>, add: (t: string) => void) => {
    for await (const t of s.pipeThrough(new TextDecoderStream())) add(t);
  };
  const drained = Promise.all([
    drain(child.stdout, (t) => stdout += t),
    drain(child.stderr, (t) => stderr += t),
  ]);
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  try {
    for (let waited = 0; !stdout.includes("listening"); waited += 50) {
      if (exited) return `exited before listening: ${lastLine(stderr)}`;
      if (waited > 60_000) return "not listening after 60 s";
      await sleep(50);
    }
    port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(stderr)?.[1] ?? port);
    const served: Served = { runs: [], errors: 0, rss: [rssMiB(child.pid)], exit: "" };
    for (let run = 0; run <= runs; run++) {
      log(`    ${run === 0 ? `warm-up, ${WARMUP_S} s` : `run ${run}/${runs}, ${seconds} s`}`);
      const r = await wrk(tools, port, run === 0 ? WARMUP_S : seconds);
      if (typeof r === "string") return r;
      if (exited) return `the server died: ${lastLine(stderr)}`;
      served.errors += r.errors;
      if (run > 0) served.runs.push(r);
      if (run === 1 || run === runs) served.rss.push(rssMiB(child.pid));
    }
    const t0 = performance.now();
    const bye = await fetch(`http://127.0.0.1:${port}/quit`).then((r) => r.text(), String);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const code = await Promise.race([
      status.then((s) => s.code),
      new Promise<undefined>((resolve) => timer = setTimeout(() => resolve(undefined), 30_000)),
    ]);
    clearTimeout(timer);
    served.exit = code === undefined
      ? `still running 30 s after /quit (${bye.trim()}), killed`
      : `exit ${code}, ${((performance.now() - t0) / 1000).toFixed(1)} s after its reply`;
    return served;
  } finally {
    if (!exited) child.kill("SIGKILL");
    await status;
    await drained;
  }
}

/** A connection to `port` once a server listens there (tried every 50 ms), or none after 60 s. */
async function whenListening(port: number): Promise<Deno.TcpConn | undefined> {
  for (let waited = 0; waited <= 60_000; waited += 50) {
    await sleep(50);
    const conn = await Deno.connect({ hostname: "127.0.0.1", port }).catch(() => undefined);
    if (conn) return conn;
  }
  return undefined;
}

/** Round trips of the busy-polling echo server: one connection, {@linkcode ROUND_TRIPS} lines. */
const ROUND_TRIPS = 2000;

interface BusyPoll {
  /** Milliseconds a round trip, the client's send to the whole echo. */
  ms: number;
  /** The guest's polls per round trip (what it printed, divided). */
  polls: number;
}

async function busyPoll(argv: string[], port: number): Promise<BusyPoll | string> {
  const child = spawnTimed(argv);
  const stdout = new Response(child.stdout).text();
  const stderr = new Response(child.stderr).text();
  let conn: Deno.TcpConn | undefined;
  try {
    conn = await whenListening(port);
    if (!conn) return "not listening after 60 s";
    conn.setNoDelay(true);
    const line = new TextEncoder().encode("ping\n");
    const got = new Uint8Array(64);
    const t0 = performance.now();
    for (let i = 0; i < ROUND_TRIPS; i++) {
      await conn.write(line);
      for (let n = 0; n < line.length;) {
        const r = await conn.read(got);
        if (r === null) return `the server closed the connection after ${i} round trips`;
        n += r;
      }
    }
    const ms = (performance.now() - t0) / ROUND_TRIPS;
    conn.close();
    conn = undefined;
    await child.status;
    const polls = Number(/busypoll: \d+ bytes, (\d+) polls/.exec(await stdout)?.[1]);
    if (!polls) return `no poll count: ${lastLine(await stderr)}`;
    return { ms, polls: polls / ROUND_TRIPS };
  } finally {
    conn?.close();
    try {
      child.kill("SIGKILL");
    } catch { /* exited */ }
    await child.status;
  }
}

/** Connections held open at once against the Go echo guest. */
const MANY = 1000;

interface Many {
  /** The server's CPU seconds (user + system) meanwhile. */
  cpu: number;
  /** The server's peak RSS (VmHWM), MiB. */
  peak: number;
}

/**
 * {@linkcode MANY} connections to the echo server, opened 100 at a time
 * (within the listen backlog), each sending a line; then every echo is read,
 * and a last connection's `quit` ends the server.
 */
async function manyConnections(argv: string[], port: number): Promise<Many | string> {
  const child = spawnTimed(argv);
  const stderr = new Response(child.stderr).text();
  const stdout = new Response(child.stdout).text();
  const conns: Deno.TcpConn[] = [];
  const connect = () => Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const probe = await whenListening(port);
    if (!probe) return `not listening after 60 s: ${lastLine(await stderr)}`;
    probe.close();
    const cpu0 = cpuSeconds(child.pid);
    while (conns.length < MANY) {
      conns.push(...await Promise.all(Array.from({ length: 100 }, connect)));
    }
    const text = new TextEncoder();
    await Promise.all(conns.map((c, i) => c.write(text.encode(`line ${i}\n`))));
    const echoes = await Promise.all(conns.map(async (c, i) => {
      const want = `line ${i}\n`;
      const got = new Uint8Array(64);
      let n = 0;
      while (n < want.length) {
        const r = await c.read(got.subarray(n));
        if (r === null) break;
        n += r;
      }
      return new TextDecoder().decode(got.subarray(0, n)) === want;
    }));
    const cpu1 = cpuSeconds(child.pid);
    const peak = rssMiB(child.pid, "VmHWM");
    const bad = echoes.filter((ok) => !ok).length;
    if (bad > 0) return `${bad} of ${MANY} echoes wrong`;
    if (cpu0 === undefined || cpu1 === undefined || peak === undefined) return "exited early";
    for (const c of conns.splice(0)) c.close();
    const quit = await connect();
    await quit.write(text.encode("quit\n"));
    const status = await child.status;
    quit.close();
    if (status.code !== 0) return `exit ${status.code}: ${lastLine(await stderr)}`;
    await stdout;
    return { cpu: cpu1 - cpu0, peak };
  } catch (e) {
    return `failed: ${e instanceof Error ? e.message : e}`;
  } finally {
    for (const c of conns) c.close();
    try {
      child.kill("SIGKILL");
    } catch { /* exited */ }
    await child.status;
  }
}

export async function netSuite(
  rts: Runtime[],
  tools: Tools,
  runs: number,
  seconds: number,
): Promise<string> {
  log("sockets suite");
  const results: Results = new Map(rts.map((rt) => [rt.name, new Map()]));
  const memory: string[][] = [];
  for (const rt of rts) {
    log(`  ${rt.name}`);
    const port = rt.kind === "wasirun" ? 0 : freePort();
    const w: Workload = {
      key: "http",
      title: "Go net/http",
      wasm: join(ROOT, "testdata/net/go/main.wasm"),
      args: ["http"],
      native: "go-net",
      stdout: "piped",
      listen: `127.0.0.1:${port}`,
    };
    const busyPort = freePort();
    const busy = rt.launch({
      ...w,
      key: "busypoll",
      wasm: join(ROOT, "testdata/net/c/main.wasm"),
      args: ["busypoll"],
      native: "c-net",
      listen: `127.0.0.1:${busyPort}`,
    });
    const b = typeof busy === "string" ? busy : await busyPoll(busy, busyPort);
    results.get(rt.name)!.set(
      "busypoll",
      typeof b === "string" ? b : [{ ms: b.ms, polls: b.polls }],
    );
    if (typeof b === "string") log(`    busypoll: ${b}`);
    const manyPort = freePort();
    const echo = rt.launch({ ...w, key: "many", args: ["echo"], listen: `127.0.0.1:${manyPort}` });
    log(`    ${MANY} connections`);
    const m = typeof echo === "string" ? echo : await manyConnections(echo, manyPort);
    results.get(rt.name)!.set("many", typeof m === "string" ? m : [{ ...m }]);
    if (typeof m === "string") log(`    many: ${m}`);
    const argv = rt.launch(w);
    const r = !tools.wrk
      ? "wrk not installed (apt-get install wrk)"
      : typeof argv === "string"
      ? argv
      : await serve(argv, port, tools, runs, seconds);
    if (typeof r === "string") {
      log(`    ${r}`);
      results.get(rt.name)!.set("http", r);
      continue;
    }
    results.get(rt.name)!.set("http", r.runs.map((x) => ({ rps: x.rps, p99: x.p99 })));
    const mib = (x: number | undefined) => x === undefined ? "?" : x.toFixed(0);
    memory.push([rt.name, String(r.errors), ...r.rss.map(mib), r.exit]);
  }
  const cols: Column[] = [
    { title: "requests/s", key: "http", metric: "rps", higherIsBetter: true },
    { title: "p99 latency (ms)", key: "http", metric: "p99" },
  ];
  const busyCols: Column[] = [
    { title: "ms a round trip", key: "busypoll", metric: "ms" },
    { title: "polls a round trip", key: "busypoll", metric: "polls", noRatio: true },
  ];
  const manyCols: Column[] = [
    { title: "server CPU s", key: "many", metric: "cpu" },
    { title: "peak RSS (MiB)", key: "many", metric: "peak" },
  ];
  return [
    "## Sockets",
    `\`wrk -t${THREADS} -c${CONNECTIONS} -d${seconds}s --latency http://127.0.0.1:PORT/json\` ` +
    "against `testdata/net/go/main.wasm http` (natively: the same source built with go build, " +
    "its listener put at fd 3 by testdata/net/fd3.py); one server per runtime, a " +
    `${WARMUP_S} s warm-up run, then ${runs} runs (median, (min–max)).`,
    comparison(rts, results, cols),
    "Errors (non-2xx responses and socket errors, all runs with the warm-up, must be 0) and the " +
    "server process's VmRSS (MiB):",
    markdownTable(
      ["runtime", "errors", "RSS idle", "after run 1", `after run ${runs}`, "GET /quit"],
      memory,
    ),
    `### A server that polls each connection for reading and writing (mio's way)`,
    `${ROUND_TRIPS} round trips of a 5-byte line on one connection (a Deno client, TCP_NODELAY) ` +
    "against `testdata/net/c/main.wasm busypoll`, which polls its connection for POLLIN and " +
    "POLLOUT together, so each poll returns at once (natively: the same source built with gcc, " +
    "its listener at fd 3 by testdata/net/fd3.py); one run each.",
    comparison(rts, results, busyCols),
    `### ${MANY} connections at once`,
    `${MANY} connections to \`testdata/net/go/main.wasm echo\` (natively: go build, its listener ` +
    "at fd 3), opened 100 at a time by a Deno client, each sending a line; then every echo is " +
    "read. Go's netpoll asks about every waiting connection at each poll, so a runtime's cost " +
    "a subscribed fd shows N times over. The server's CPU time meanwhile and its peak " +
    "RSS (VmHWM, start-up included); one run each. (Wall time is left out: it is mostly the " +
    "client's connects, and a native run took longer than the others.)",
    comparison(rts, results, manyCols),
  ].join("\n\n");
}
