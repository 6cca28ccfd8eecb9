"""A line's round trip through a TCP echo server, a Python client's time included:

    python3 bench/echo_roundtrip.py -- COMMAND [ARGS...] [-- COMMAND ...]

Each COMMAND serves testdata/net/c/main.wasm's default (blocking) echo on the port written as
{port} in it, e.g. `deno run -A cli.ts --listen 127.0.0.1:{port} testdata/net/c/main.wasm`,
`wazero run -listen=127.0.0.1:{port} testdata/net/c/main.wasm`, or natively
`python3 testdata/net/fd3.py 127.0.0.1:{port} ./a.out` (a.out: testdata/net/c/main.c built with
gcc). Per command: 500 lines to warm up, then 3 runs of 2,000 lines, each sent once the last one's
echo is back (TCP_NODELAY); prints the median and the three runs, µs a round trip, one line per
command; then sends `quit`.
"""
import socket
import statistics
import subprocess
import sys
import time


def round_trips(sock, reader, n):
    start = time.perf_counter()
    for i in range(n):
        sock.sendall(b"line %d\n" % i)
        reader.readline()
    return (time.perf_counter() - start) / n * 1e6


def measure(command, port):
    server = subprocess.Popen([a.replace("{port}", str(port)) for a in command],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(1200):
            try:
                sock = socket.create_connection(("127.0.0.1", port))
                break
            except OSError:
                time.sleep(0.05)
        else:
            return "not listening after 60 s"
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        reader = sock.makefile("rb")
        round_trips(sock, reader, 500)
        runs = [round_trips(sock, reader, 2000) for _ in range(3)]
        sock.sendall(b"quit\n")
        sock.close()
        return "%.1f µs (%s)" % (statistics.median(runs), ", ".join("%.1f" % r for r in runs))
    finally:
        try:
            server.wait(5)
        except subprocess.TimeoutExpired:
            server.kill()


def main():
    commands, current = [], None
    for arg in sys.argv[1:]:
        if arg == "--":
            current = []
            commands.append(current)
        elif current is not None:
            current.append(arg)
    if not commands or not all(commands):
        sys.exit(__doc__)
    for command in commands:
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        print("%s\t%s" % (measure(command, port), " ".join(command)), flush=True)


main()
