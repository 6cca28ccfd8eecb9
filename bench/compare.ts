/**
 * A/B wall times of whole commands, interleaved round by round (so a change
 * in the machine's load hits every command alike):
 * `deno run -A bench/compare.ts [--runs=N] 'COMMAND A' 'COMMAND B' ...`.
 * Each command runs under `bash -c` with stdin and stdout on /dev/null, in
 * the environment every timed process of bench/ gets (`TIMED_ENV`); a
 * failing command is reported and dropped. Prints the median and min–max in
 * ms of each, the median CPU time (user + system, from bash's `times`: less
 * disturbed than wall time when other processes load the machine), and the
 * load average. For what-paid measurements of one
 * change: run the old tree (e.g. `git worktree add /tmp/base HEAD~1`) beside
 * the new.
 */
import { median, TIMED_ENV } from "./common.ts";

const runsArg = Deno.args.find((a) => a.startsWith("--runs="));
const runs = runsArg ? Number(runsArg.slice("--runs=".length)) : 15;
const commands = Deno.args.filter((a) => !a.startsWith("--runs="));
const times = new Map<string, number[] | string>(commands.map((c) => [c, []]));
const cpu = new Map<string, number[]>(commands.map((c) => [c, []]));
/** The children's user and system time from the last line of bash's `times`, in ms. */
function childCpu(stderr: string): number {
  const line = stderr.trim().split("\n").at(-1) ?? "";
  const [user, sys] = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => +m[1] * 60 + +m[2]);
  return ((user ?? NaN) + (sys ?? NaN)) * 1000;
}
const load = () => Deno.readTextFileSync("/proc/loadavg").split(" ")[0];
const loadAtStart = load();
for (let round = 0; round <= runs; round++) {
  for (const cmd of commands) {
    const prior = times.get(cmd)!;
    if (typeof prior === "string") continue;
    const t0 = performance.now();
    const out = await new Deno.Command("bash", {
      // The command's own status, not that of `times`, which always succeeds.
      args: ["-c", `${cmd}\nstatus=$?\ntimes >&2\nexit $status`],
      env: TIMED_ENV,
      clearEnv: true,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
    const ms = performance.now() - t0;
    if (out.code !== 0) {
      times.set(cmd, `exit ${out.code}: ${new TextDecoder().decode(out.stderr).trim()}`);
    } else if (round > 0) { // round 0 warms up
      prior.push(ms);
      cpu.get(cmd)!.push(childCpu(new TextDecoder().decode(out.stderr)));
    }
  }
}
for (const [cmd, t] of times) {
  const cell = typeof t === "string"
    ? t
    : `${median(t).toFixed(1)} ms (${Math.min(...t).toFixed(1)}–${Math.max(...t).toFixed(1)}), ` +
      `CPU ${median(cpu.get(cmd)!).toFixed(0)} ms`;
  console.log(`${cell}\t${cmd}`);
}
console.log(`load average: ${loadAtStart} at start, ${load()} at the end; ${runs} runs each`);
