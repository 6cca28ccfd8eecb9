/**
 * Memory under a longer HTTP load, in-process: the Go net/http guest
 * (testdata/net/go/main.wasm) served through the library on a TcpListener,
 * `wrk -t2 -c32 -d10s /json` RUNS times (default 18), and after each run
 * the process RSS, the JS heap and the guest's linear memory.
 *
 *   deno run -A bench/soak.ts [RUNS]     (needs wrk: apt-get install wrk)
 */
import { fileURLToPath } from "node:url";
import { TcpListener, WASI } from "../mod.ts";

const runs = Number(Deno.args[0] ?? 18);
const root = fileURLToPath(new URL("../", import.meta.url));
const listener = await TcpListener.listen("127.0.0.1", 0);
const wasi = new WASI({ args: ["main", "http"], listeners: [listener], stdout: "null" });
const module = await WebAssembly.compile(await Deno.readFile(`${root}testdata/net/go/main.wasm`));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
const memory = instance.exports.memory as WebAssembly.Memory;
const done = wasi.start(instance);
await new Promise((r) => setTimeout(r, 500));

const mib = (bytes: number) => Math.round(bytes / 1048576);
const row = (label: string, extra = "") => {
  const m = Deno.memoryUsage();
  console.log(
    `${label}${extra} rss=${mib(m.rss)} heap=${mib(m.heapUsed)} wasm=${
      mib(memory.buffer.byteLength)
    }`,
  );
};
row("idle");
for (let i = 1; i <= runs; i++) {
  const out = await new Deno.Command("wrk", {
    args: ["-t2", "-c32", "-d10s", `http://127.0.0.1:${listener.port}/json`],
    stdout: "piped",
  }).output();
  const report = new TextDecoder().decode(out.stdout);
  const rps = /Requests\/sec:\s+(\S+)/.exec(report)?.[1] ?? "?";
  const errors = /Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)/.exec(report)?.[0] ??
    "0 errors";
  row(`run ${i}`, ` rps=${rps} ${errors}`);
}
await (await fetch(`http://127.0.0.1:${listener.port}/quit`)).text();
console.log("exit", await done);
