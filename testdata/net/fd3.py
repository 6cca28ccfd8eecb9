#!/usr/bin/env python3
# Usage: fd3.py HOST:PORT COMMAND [ARG...]
#
# Runs a native build of a testdata/net program the way a WASI runtime runs
# the .wasm: with a listening TCP socket on HOST:PORT as fd 3. Binds and
# listens, moves the socket to fd 3, then execs COMMAND.
import os
import socket
import sys

host, port = sys.argv[1].rsplit(":", 1)
sock = socket.create_server((host, int(port)), backlog=128)
if sock.fileno() != 3:
    os.dup2(sock.fileno(), 3)
    sock.close()
os.set_inheritable(3, True)
os.execvp(sys.argv[2], sys.argv[2:])
