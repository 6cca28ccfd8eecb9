/**
 * How soon an idle Deno process sees a line that arrives on a TCP
 * connection, two ways: `node:net`'s `data` event (how wasirun reads a
 * connection on Deno), and recv(2) through FFI on the `fdForIpc` copy with
 * waits in poll(2) on Deno's FFI thread (how it reads a pipe), the server
 * made with `pauseOnConnect` so that `node:net` never reads:
 * `deno run -A bench/socket_wake.ts [ROUNDS]`. A Python sender sends its
 * `CLOCK_MONOTONIC` stamp every 5 ms, 300 times; prints each way's p50, p90
 * and p99 from that stamp to the reader's, in µs, ROUNDS (default 2) times,
 * the two ways alternating (RATIONALE.md, "Sockets": measured, not built).
 */
import net from "node:net";

const SENDER = `
import socket, sys, time
for _ in range(200):
    try:
        s = socket.create_connection(("127.0.0.1", int(sys.argv[1]))); break
    except OSError: time.sleep(0.05)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
for i in range(300):
    time.sleep(0.005)
    s.sendall(b"%020d" % time.clock_gettime_ns(time.CLOCK_MONOTONIC))
`;
const STAMP = 20;
const libc = Deno.dlopen("libc.so.6", {
  clock_gettime: { parameters: ["i32", "buffer"], result: "i32" },
  poll: { parameters: ["buffer", "i64", "i32"], result: "i32", nonblocking: true },
  recv: { parameters: ["i32", "buffer", "i64", "i32"], result: "i64" },
  close: { parameters: ["i32"], result: "i32" },
}).symbols;
const MSG_DONTWAIT = 0x40;
const ts = new BigInt64Array(2);
const now = () => (libc.clock_gettime(1, ts), ts[0] * 1_000_000_000n + ts[1]);

/** Each stamp's lag (µs) as it is read, one way or the other, until the sender is done. */
function measure(ffi: boolean): Promise<number[]> {
  const lags: number[] = [];
  const note = (bytes: Uint8Array) => {
    const t = now(), text = new TextDecoder().decode(bytes);
    for (let i = 0; i + STAMP <= text.length; i += STAMP) {
      lags.push(Number(t - BigInt(text.slice(i, i + STAMP))) / 1000);
    }
  };
  return new Promise((resolve) => {
    const server = net.createServer({ pauseOnConnect: ffi }, (socket) => {
      const done = () => (server.close(), socket.destroy(), resolve(lags));
      if (!ffi) {
        socket.on("data", note).on("end", done);
        return;
      }
      const fd = (socket as unknown as { _handle: { fdForIpc(): number } })._handle.fdForIpc();
      recvLoop(fd, note).then(() => (libc.close(fd), done()));
    });
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      new Deno.Command("python3", { args: ["-c", SENDER, String(port)] }).spawn();
    });
  });
}

async function recvLoop(fd: number, note: (bytes: Uint8Array) => void): Promise<void> {
  const buf = new Uint8Array(4096), pollfd = new Uint8Array(8);
  const view = new DataView(pollfd.buffer);
  for (;;) {
    const n = Number(libc.recv(fd, buf, BigInt(buf.length), MSG_DONTWAIT));
    if (n > 0) note(buf.subarray(0, n));
    else if (n === 0) return;
    else {
      view.setInt32(0, fd, true);
      view.setInt16(4, 1, true); // POLLIN
      view.setInt16(6, 0, true);
      await libc.poll(pollfd, 1n, 1000);
    }
  }
}

const quantile = (sorted: number[], q: number) => sorted[Math.floor(sorted.length * q)].toFixed(1);
for (let round = 0; round < Number(Deno.args[0] ?? 2); round++) {
  for (const ffi of [false, true]) {
    const lags = (await measure(ffi)).sort((a, b) => a - b);
    const way = ffi ? "FFI recv + poll on the FFI thread" : "node:net data event";
    console.log(
      `${way}: n=${lags.length} p50=${quantile(lags, 0.5)} p90=${quantile(lags, 0.9)} ` +
        `p99=${quantile(lags, 0.99)} µs`,
    );
  }
}
