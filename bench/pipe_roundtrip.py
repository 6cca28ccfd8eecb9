"""A guest's stdin and stdout as pipes to a driver that waits for each answer: how long one
line takes there and back through a `cat`, as a co-process (a language server, a REPL under an
editor, `bc` under a script) is driven.

    python3 bench/pipe_roundtrip.py [--runs=N] [--rounds=R] [--gap=MS] -- COMMAND [ARGS...] [-- ...]

Each COMMAND must copy its stdin to its stdout as it reads (testdata/c/main.wasm `cat`, or
/bin/cat for the native floor). Per run: the command starts, the first line's echo says it is up,
then R lines of 64 bytes go one at a time, each sent only after the last one's echo came back.
Runs of the commands are interleaved; prints the median (min-max) microseconds a round trip, one
line per command. `--gap=MS`: the driver pauses MS ms before each line (a co-process that sits
idle between requests, so that each one wakes it from a wait), and a run's figure is the median
round trip, the pauses not counted.
"""

import os
import statistics
import subprocess
import sys
import time

LINE = b"x" * 63 + b"\n"


def one_run(cmd, rounds, gap):
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    inp, out = p.stdin.fileno(), p.stdout.fileno()

    def round_trip():
        os.write(inp, LINE)
        got = 0
        while got < len(LINE):
            chunk = os.read(out, 65536)
            if not chunk:
                raise SystemExit(f"{cmd[0]}: its stdout ended early")
            got += len(chunk)

    round_trip()  # started
    if gap > 0:
        each = []
        for _ in range(rounds):
            time.sleep(gap / 1000)
            t0 = time.perf_counter()
            round_trip()
            each.append(time.perf_counter() - t0)
        us = statistics.median(each) * 1e6
    else:
        t0 = time.perf_counter()
        for _ in range(rounds):
            round_trip()
        us = (time.perf_counter() - t0) / rounds * 1e6
    p.stdin.close()
    if p.wait() != 0:
        raise SystemExit(f"{cmd[0]}: exit {p.returncode}")
    return us


def main(argv):
    runs, rounds, gap = 5, 20000, 0.0
    while argv and argv[0] != "--":
        opt = argv.pop(0)
        if opt.startswith("--runs="):
            runs = int(opt[len("--runs="):])
        elif opt.startswith("--rounds="):
            rounds = int(opt[len("--rounds="):])
        elif opt.startswith("--gap="):
            gap = float(opt[len("--gap="):])
        else:
            raise SystemExit(f"unknown option {opt}\n{__doc__}")
    commands, current = [], None
    for arg in argv:
        if arg == "--":
            current = []
            commands.append(current)
        else:
            current.append(arg)
    commands = [c for c in commands if c]
    if not commands:
        raise SystemExit(__doc__)
    times = [[] for _ in commands]
    for _ in range(runs):
        for i, cmd in enumerate(commands):
            times[i].append(one_run(cmd, rounds, gap))
    for cmd, t in zip(commands, times):
        print(f"{statistics.median(t):7.1f} us ({min(t):.1f}-{max(t):.1f})  {' '.join(cmd)}")


if __name__ == "__main__":
    main(sys.argv[1:])
