"""Runs a command as a background job on a new pseudo-terminal, as an interactive shell's
`cmd &` does, and says how job control treated it (tests/tty_test.ts).

A child of this script is the session leader, the "shell" (the terminal's foreground group);
the command gets a process group of its own, in the background, with stdin, stdout and stderr on
the terminal. Natively a read of the terminal from there stops the job with SIGTTIN. Prints
`stopped SIGTTIN` (or `running` when the job was not stopped within 20 s), then, once the job is
put in the foreground and continued and `q` and Ctrl-D are typed, `exit N` (or `signal N`), and
last what the terminal showed. Every wait is bounded. With `--term`, the stopped job is sent
SIGTERM then SIGCONT instead, as GNU `timeout` without `--foreground` ends it: natively it dies of
the SIGTERM (`signal 15`), or, started with SIGTERM ignored, reads again and is stopped again
(`stopped again SIGTTIN`, then it is killed).

usage: python3 pty_background.py [--term] COMMAND...
"""
import fcntl, os, select, signal, sys, termios, time


def wait_job(pid, seconds, options):
    end = time.time() + seconds
    while time.time() < end:
        w, status = os.waitpid(pid, os.WNOHANG | options)
        if w:
            return status
        time.sleep(0.01)
    return None


def leader(slave, report, orders):
    os.setsid()
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    for s in (signal.SIGTTOU, signal.SIGTTIN, signal.SIGTSTP):
        signal.signal(s, signal.SIG_IGN)
    pid = os.fork()
    if pid == 0:
        os.setpgid(0, 0)
        for s in (signal.SIGTTOU, signal.SIGTTIN, signal.SIGTSTP):
            signal.signal(s, signal.SIG_DFL)
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        os.execvp(COMMAND[0], COMMAND)
    try:
        os.setpgid(pid, pid)  # as a shell does, in both: whichever runs first
    except PermissionError:
        pass  # EACCES: the job has exec'd already, so its own setpgid ran (a loaded machine)
    status = wait_job(pid, 20, os.WUNTRACED)
    if status is None:
        os.write(report, b"running\n")
    elif os.WIFSTOPPED(status):
        os.write(report, f"stopped {signal.Signals(os.WSTOPSIG(status)).name}\n".encode())
    else:
        os.write(report, f"ended early {status}\n".encode())
        return
    if os.read(orders, 1) == b"t":  # timeout's end
        os.killpg(pid, signal.SIGTERM)
    else:  # fg
        os.tcsetpgrp(slave, pid)
    os.killpg(pid, signal.SIGCONT)
    status = wait_job(pid, 20, os.WUNTRACED if TERM else 0)
    if status is not None and os.WIFSTOPPED(status):  # the SIGTERM did not end it
        os.write(report, f"stopped again {signal.Signals(os.WSTOPSIG(status)).name}\n".encode())
        os.killpg(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    elif status is None:
        os.killpg(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.write(report, b"hung: killed\n")
    elif os.WIFEXITED(status):
        os.write(report, f"exit {os.WEXITSTATUS(status)}\n".encode())
    else:
        os.write(report, f"signal {os.WTERMSIG(status)}\n".encode())


def main():
    master, slave = os.openpty()
    report_r, report_w = os.pipe()
    orders_r, orders_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(master)
        try:
            leader(slave, report_w, orders_r)
        except BaseException as e:
            os.write(report_w, f"leader failed: {e!r}\n".encode())
        finally:
            os._exit(0)
    os.close(slave)
    os.close(report_w)
    os.close(orders_r)
    shown = b""
    lines = b""
    plan = []  # (when, bytes to type), once the job is in the foreground
    end = time.time() + 60
    while time.time() < end:
        while plan and plan[0][0] <= time.time():
            os.write(master, plan.pop(0)[1])
        ready, _, _ = select.select([master, report_r], [], [], 0.05)
        if master in ready:
            try:
                shown += os.read(master, 65536)
            except OSError:
                pass
        if report_r in ready:
            got = os.read(report_r, 1000)
            if not got:
                break
            lines += got
            if lines.count(b"\n") == 1 and TERM:
                os.write(orders_w, b"t")
            elif lines.count(b"\n") == 1:
                os.write(orders_w, b"f")
                now = time.time()
                plan = [(now + 0.5, b"q\n"), (now + 0.8, b"\x04")]
    else:
        lines += b"timed out\n"
        os.kill(pid, signal.SIGKILL)
    try:
        while select.select([master], [], [], 0.2)[0]:
            shown += os.read(master, 65536)
    except OSError:
        pass
    os.waitpid(pid, 0)
    sys.stdout.write(lines.decode() + shown.decode(errors="replace").replace("\r\n", "\n"))


TERM = sys.argv[1:2] == ["--term"]
COMMAND = sys.argv[2:] if TERM else sys.argv[1:]

if __name__ == "__main__":
    main()
