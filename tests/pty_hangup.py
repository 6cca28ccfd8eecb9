"""Runs a command as the leader of a new session whose controlling terminal
is a new pseudo-terminal, with SIGHUP ignored (as `nohup` starts it), and
hangs that terminal up (closes its master side) once the file LOG says
"reading" and the command has had 0.3 s to block in its read; then prints
LOG and how the command ended (tests/tty_test.ts). Every wait is bounded.

usage: python3 pty_hangup.py LOG COMMAND...
"""
import fcntl, os, signal, sys, termios, time

log, command = sys.argv[1], sys.argv[2:]
master, slave = os.openpty()
pid = os.fork()
if pid == 0:
    os.setsid()
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2):
        os.dup2(slave, fd)
    os.close(master)
    os.close(slave)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    os.execvp(command[0], command)
os.close(slave)
end = time.time() + 20
while time.time() < end:
    try:
        with open(log) as f:
            if "reading" in f.read():
                break
    except FileNotFoundError:
        pass
    time.sleep(0.02)
time.sleep(0.3)
os.close(master)
status = None
while time.time() < end:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        break
    time.sleep(0.02)
else:
    os.kill(pid, signal.SIGKILL)
    status = os.waitpid(pid, 0)[1]
with open(log) as f:
    sys.stdout.write(f.read())
print(f"status {status}")
