#!/usr/bin/env python3
# Usage: check.py go-http|go-echo|c|rust PORT
#
# Client side of the testdata/net fixtures: talks to a server that is
# already running on 127.0.0.1:PORT (a runtime, or fd3.py with a native
# build), prints what it saw, and ends the server with its quit command.
# Exits 1 on the first mismatch. Replies are read by length, never by
# waiting for the server's FIN after it closes a connection (wazero 1.9
# sends none; see README.md); only the final quit waits for EOF.
import hashlib
import http.client
import socket
import sys
import threading
import time

which, port = sys.argv[1], int(sys.argv[2])


def check(what, ok):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        sys.exit(1)


def connect():
    return socket.create_connection(("127.0.0.1", port), timeout=20)


def recv_n(s, n):
    got = b""
    while len(got) < n:
        b = s.recv(65536)
        if not b:
            break
        got += b
    return got


def recv_eof(s):
    got = b""
    while True:
        b = s.recv(65536)
        if not b:
            return got
        got += b


def exchange(data, n):
    """One connection: send data (from a thread), half-close, read n bytes."""
    s = connect()

    def send():
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)

    t = threading.Thread(target=send)
    t.start()
    got = recv_n(s, n)
    t.join()
    s.close()
    return got


def pattern(n):
    return bytes(i % 251 for i in range(n))


def go_http():
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for n in (1, 2):  # two requests on one keep-alive connection
        c.request("GET", "/json")
        r = c.getresponse()
        body = r.read()
        check(f"GET /json #{n}: {r.status} {r.getheader('Content-Type')} {body.decode()}",
              r.status == 200 and r.getheader("Content-Type") == "application/json"
              and body == b'{"hello":"world","n":%d}' % n)
    c.request("GET", "/big?mb=1")
    r = c.getresponse()
    body = r.read()
    check(f"GET /big?mb=1: Content-Length {r.getheader('Content-Length')}, sha256 "
          + hashlib.sha256(body).hexdigest(), body == pattern(1 << 20))
    c.request("GET", "/big")
    r = c.getresponse()
    body = r.read()
    check(f"GET /big: {len(body)} bytes, pattern ok", body == pattern(10 << 20))
    c.request("GET", "/big?mb=x")
    r = c.getresponse()
    r.read()
    check(f"GET /big?mb=x: {r.status}", r.status == 400)
    data = pattern(3_000_000)[::-1]
    c.request("GET", "/echo", body=data)
    r = c.getresponse()
    check("GET /echo with 3000000 bytes: echoed", r.read() == data)

    # 20 concurrent requests while another connection sits on half a request.
    idle = connect()
    idle.sendall(b"GET /json HTTP/1.1\r\n")
    results = []

    def one():
        cc = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        cc.request("GET", "/big?mb=1")
        results.append(cc.getresponse().read() == pattern(1 << 20))

    ts = [threading.Thread(target=one) for _ in range(20)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    check(f"20 concurrent GET /big?mb=1 beside a stalled connection: {sum(results)} ok",
          results == [True] * 20)
    idle.sendall(b"Host: x\r\n\r\n")  # finish it; the server answers it now
    head = recv_n(idle, 12)[:12]
    check(f"stalled request completed: {head.decode()}", head == b"HTTP/1.1 200")
    idle.close()

    c.request("GET", "/json")
    r = c.getresponse()
    body = r.read()
    check(f"GET /json: {body.decode()} (28th request)",
          body == b'{"hello":"world","n":28}')
    c.request("GET", "/quit")
    r = c.getresponse()
    body = r.read()
    check(f"GET /quit: {r.status} {body.decode()}", r.status == 200 and body == b"bye")


def go_echo():
    a, b = connect(), connect()
    a.sendall(b"from a\n")
    b.sendall(b"from b\n")
    got_b, got_a = recv_n(b, 7), recv_n(a, 7)
    check(f"two open connections answered: {got_a!r} {got_b!r}",
          got_a == b"from a\n" and got_b == b"from b\n")
    big = pattern(1 << 20)
    check("1 MiB echoed while sending", exchange(big, len(big)) == big)
    a.sendall(b"not quit\nquitx\n")
    check("`not quit` and `quitx` are not quit", recv_n(a, 15) == b"not quit\nquitx\n")
    b.sendall(b"qu")
    time.sleep(0.3)
    b.sendall(b"it\n")
    got = recv_eof(b)
    check(f"`quit` split over two segments: {got!r} then EOF", got == b"quit\n")
    a.close()


def c_lines():
    got = exchange(b"hello\nworld\n", 24)
    check(f"two lines: {got!r}", got == b"echo: hello\necho: world\n")
    got = exchange(b"partial", 14)
    check(f"last line without newline: {got!r}", got == b"echo: partial\n")
    check("empty connection", exchange(b"", 0) == b"")
    long = b"x" * 70000 + b"\n"
    got = exchange(long, 70014)
    check(f"70000-byte line: {len(got)} bytes in two replies (65536 + 4464)",
          got == b"echo: " + b"x" * 65536 + b"\necho: " + b"x" * 4464 + b"\n")
    s = connect()
    s.sendall(b"one\nquit\nnever\n")
    got = recv_eof(s)
    check(f"`quit` after `one`: {got!r} then EOF", got == b"echo: one\n")


def rust_bytes():
    data = b"hello\nno quit here: quit\nquitx\n"
    got = exchange(data, len(data))
    check(f"echo: {got!r}", got == data)
    big = pattern(3 << 20)
    check("3 MiB echoed while sending", exchange(big, len(big)) == big)
    s = connect()
    s.sendall(b"abc\nquit\n")
    got = recv_eof(s)
    check(f"`quit`: {got!r} then EOF", got == b"abc\nquit\n")


{"go-http": go_http, "go-echo": go_echo, "c": c_lines, "rust": rust_bytes}[which]()
