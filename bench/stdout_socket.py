#!/usr/bin/env python3
"""What a guest's stdout costs when it is a socket (a socketpair) and its reader
is fast or pauses: `python3 bench/stdout_socket.py fast|slow RUNS -- COMMAND...`,
for example

    head -c 64M /dev/urandom > /dev/shm/z64
    python3 bench/stdout_socket.py slow 5 -- node26 cli.js testdata/c/main.wasm cat < /dev/shm/z64

(stdin is rewound before each run, so it must be a file). The reader takes up
to 1 MiB a recv; `slow` sleeps 0.5 ms after each. Prints each run's wall time,
then the median, bytes and exit status; run it for every runtime (and
`wasmtime run ...`) in turn and compare the medians.
"""
import os
import socket
import statistics
import subprocess
import sys
import time


def once(mode, cmd):
    os.lseek(0, 0, os.SEEK_SET)
    a, b = socket.socketpair()
    t0 = time.time()
    p = subprocess.Popen(cmd, stdout=b, stdin=0)
    b.close()
    n = 0
    while True:
        d = a.recv(1 << 20)
        if not d:
            break
        n += len(d)
        if mode == "slow":
            time.sleep(0.0005)
    a.close()
    return time.time() - t0, n, p.wait()


def main():
    if len(sys.argv) < 5 or sys.argv[1] not in ("fast", "slow") or sys.argv[3] != "--":
        sys.exit(__doc__)
    mode, runs, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[4:]
    results = [once(mode, cmd) for _ in range(runs)]
    walls = [r[0] for r in results]
    print(" ".join(f"{w:.3f}" for w in walls))
    print(f"median {statistics.median(walls):.3f} s, bytes {sorted({r[1] for r in results})}, "
          f"exit {sorted({r[2] for r in results})}")


main()
