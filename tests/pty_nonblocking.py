"""Runs a command with stdout and stderr on a new pseudo-terminal whose open
file description is O_NONBLOCK (as a crashed Node program leaves a
terminal), stdin from the file INPUT; reads the terminal slowly from 0.5 s
on, then prints how many bytes came, their SHA-256 and how the command
ended (tests/tty_test.ts). Every wait is bounded.

usage: python3 pty_nonblocking.py INPUT COMMAND...
"""
import hashlib, os, select, sys, termios, time

source, command = sys.argv[1], sys.argv[2:]
master, slave = os.openpty()
attrs = termios.tcgetattr(slave)
attrs[1] &= ~termios.OPOST  # bytes as written: no "\n" -> "\r\n"
termios.tcsetattr(slave, termios.TCSANOW, attrs)
os.set_blocking(slave, False)  # the description's flag: the child's fds 1 and 2 share it
pid = os.fork()
if pid == 0:
    fd = os.open(source, os.O_RDONLY)
    os.dup2(fd, 0)
    os.dup2(slave, 1)
    os.dup2(slave, 2)
    os.close(master)
    os.close(slave)
    os.execvp(command[0], command)
os.close(slave)
time.sleep(0.5)
out = bytearray()
status = None
end = time.time() + 30
while time.time() < end:
    ready, _, _ = select.select([master], [], [], 0.2)
    if ready:
        try:
            data = os.read(master, 4096)
        except OSError:  # EIO: every slave fd closed
            break
        if not data:
            break
        out += data
        time.sleep(0.001)
for _ in range(100):
    done, raw = os.waitpid(pid, os.WNOHANG)
    if done:
        status = os.waitstatus_to_exitcode(raw)
        break
    time.sleep(0.1)
else:
    os.kill(pid, 9)
    status = "killed"
print(f"bytes={len(out)} sha256={hashlib.sha256(out).hexdigest()} exit={status}")
