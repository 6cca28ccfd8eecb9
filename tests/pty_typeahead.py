"""Runs a command on a new pseudo-terminal with two lines typed ahead, and
prints what it wrote, how it ended, then what it left unread in the
terminal: what the shell would read next (tests/tty_test.ts). Every wait is
bounded.

usage: python3 pty_typeahead.py COMMAND...
"""
import os, select, subprocess, sys, time

master, slave = os.openpty()
os.write(master, b"abcdef\nghi\n")
p = subprocess.Popen(sys.argv[1:], stdin=slave, stdout=slave, stderr=slave)
shown = b""
end = time.time() + 30
while p.poll() is None and time.time() < end:
    if select.select([master], [], [], 0.05)[0]:
        shown += os.read(master, 65536)
if p.poll() is None:
    p.kill()
status = p.wait()
while select.select([master], [], [], 0.2)[0]:
    shown += os.read(master, 65536)
os.set_blocking(slave, False)
left = b""
try:
    while True:
        got = os.read(slave, 4096)
        if not got:
            break
        left += got
except BlockingIOError:
    pass
# The terminal echoes what was typed; the command's own lines follow.
lines = shown.decode(errors="replace").replace("\r\n", "\n").split("\n")
print("\n".join(l for l in lines if l and l not in ("abcdef", "ghi", "tick")))
print(f"status {status}")
print(f"left {left!r}")
