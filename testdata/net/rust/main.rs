// Rebuild: cd testdata/net/rust && /usr/bin/rustc --target wasm32-wasi -C opt-level=2 -C strip=debuginfo --remap-path-prefix="$PWD"=. -o main.wasm main.rs
//
// Socket guest program for wasirun's tests: a std::net echo server on the
// listening TCP socket preopened at fd 3, one connection at a time. See
// testdata/net/README.md. Written for Debian's rustc 1.63, whose wasm32-wasi
// std implements TcpListener::accept with sock_accept (the peer address is
// always 0.0.0.0:0) and TcpStream read/write with fd_read/fd_write. The same
// source builds natively (rustc main.rs) and runs with a listener at fd 3.
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::exit;

#[cfg(unix)]
use std::os::unix::io::FromRawFd;
#[cfg(target_os = "wasi")]
use std::os::wasi::io::FromRawFd;

// Echoes the connection's bytes back until EOF. Returns Ok(true) once it
// has echoed a line `quit`.
fn serve(stream: &mut TcpStream) -> io::Result<bool> {
    let mut buf = [0u8; 65536];
    let mut line: Vec<u8> = Vec::new(); // start of the current line, at most 5 bytes
    loop {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Ok(false);
        }
        stream.write_all(&buf[..n])?;
        for &b in &buf[..n] {
            if b == b'\n' {
                if line == b"quit" {
                    return Ok(true);
                }
                line.clear();
            } else if line.len() < 5 {
                line.push(b);
            }
        }
    }
}

fn main() {
    let listener = unsafe { TcpListener::from_raw_fd(3) };
    // Preopened listeners may start non-blocking (wasmtime's --tcplisten and
    // wasirun make them so for Go's poller); this sequential server blocks.
    listener.set_nonblocking(false).expect("set_nonblocking");
    println!("listening");
    io::stdout().flush().unwrap();
    for stream in listener.incoming() {
        let mut stream = match stream {
            Ok(s) => s,
            Err(e) => {
                eprintln!("accept: {}", e);
                exit(1);
            }
        };
        match serve(&mut stream) {
            // Exits with this connection still open (exit runs no
            // destructors): the runtime must deliver the echoed bytes and
            // close the socket itself.
            Ok(true) => exit(0),
            Ok(false) => {}
            Err(e) => eprintln!("connection: {}", e),
        }
        drop(stream); // fd_close
    }
}
