#!/usr/bin/env python3
# Usage: lag.py RUNTIME BYTES SECONDS [nonblock] [slow] [signal]
#
# When the bytes a computing guest sent reach its peer: runs `c/main.wasm
# compute` (see README.md) under RUNTIME (deno, bun, node: this checkout's
# cli.ts / cli.js; wazero; native: c/main.c built with gcc, listener from
# fd3.py), connects, and prints when `first` arrived, when all BYTES had, and
# when the end line came (ms after connecting). The guest computes for
# SECONDS unless the client makes its signal file: once it has all BYTES (when
# BYTES > 0, or with `signal`). With `slow` the client reads 64 KiB every 20
# ms until it has them; `nonblock` is the guest's. Natively every line
# arrives at once (`first at 0 ms`) and, with the signal, the end is `second`.
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

rt, nbytes, secs = sys.argv[1], int(sys.argv[2]), sys.argv[3]
extra = sys.argv[4:]
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
wasm = os.path.join(here, "c", "main.wasm")
s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()
d = tempfile.mkdtemp()
args = ["compute", "/sig/go", str(nbytes), secs] + [e for e in extra if e == "nonblock"]
if rt == "wazero":
    cmd = ["wazero", "run", f"-listen=127.0.0.1:{port}", f"-mount={d}:/sig", wasm] + args
elif rt == "native":
    exe = os.path.join(d, "native")
    subprocess.run(["gcc", "-O2", "-o", exe, os.path.join(here, "c", "main.c")], check=True)
    args[1] = os.path.join(d, "go")
    cmd = [sys.executable, os.path.join(here, "fd3.py"), f"127.0.0.1:{port}", exe] + args
else:
    pre = {"deno": ["deno", "run", "-A", f"{root}/cli.ts"], "bun": ["bun", f"{root}/cli.ts"],
           "node": ["node", f"{root}/cli.js"]}[rt]
    cmd = pre + ["--dir", f"{d}::/sig", "--listen", f"127.0.0.1:{port}", wasm] + args
p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
line = p.stdout.readline()
if line != b"listening\n":
    sys.exit(f"{rt}: {line!r} {p.stderr.read()!r}")
c = socket.create_connection(("127.0.0.1", port))
t0 = time.monotonic()
ms = lambda: round((time.monotonic() - t0) * 1000)
data = b""
first = every = None
c.settimeout(60)
while True:
    chunk = c.recv(65536)
    if not chunk:
        break
    data += chunk
    if first is None and data.startswith(b"first\n"):
        first = ms()
    if every is None and len(data) >= 6 + nbytes:
        every = ms()
        if nbytes > 0 or "signal" in extra:
            open(os.path.join(d, "go"), "w").close()
    if "slow" in extra and every is None:
        time.sleep(0.02)
end = ms()
p.wait()
shutil.rmtree(d)
pattern = bytes(i % 251 for i in range(251)) * (nbytes // 251 + 1)
ok = data[6:6 + nbytes] == pattern[:nbytes]
print(f"{rt}: first at {first} ms, all {nbytes} at {every} ms, end {data[6 + nbytes:]!r} at {end} ms, "
      f"pattern {'ok' if ok else 'BAD'}, exit {p.returncode}")
