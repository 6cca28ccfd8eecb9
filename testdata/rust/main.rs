// Rebuild: cd testdata/rust && /usr/bin/rustc --target wasm32-wasi -C opt-level=2 -C strip=debuginfo --remap-path-prefix="$PWD"=. -o main.wasm main.rs
//
// Guest program for wasirun's tests. argv[1] selects a mode; see
// testdata/README.md for the contract shared with ../go/main.go and
// ../c/main.c (same modes, byte-identical stdout). Written for Debian's
// rustc 1.63 (no std::hint::black_box yet, hence the volatile accesses).
use std::ffi::OsString;
use std::io::{self, Read, Write};
use std::process::exit;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

#[cfg(target_os = "wasi")]
use std::os::wasi::ffi::OsStrExt;
#[cfg(unix)]
use std::os::unix::ffi::OsStrExt;

#[cfg(target_os = "wasi")]
#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    // (buf: pointer, buf_len: size) -> errno
    fn random_get(buf: *mut u8, buf_len: usize) -> u16;
}

#[cfg(target_os = "wasi")]
fn fill_random(buf: &mut [u8]) -> Result<(), String> {
    match unsafe { random_get(buf.as_mut_ptr(), buf.len()) } {
        0 => Ok(()),
        errno => Err(format!("random_get: errno {}", errno)),
    }
}

#[cfg(not(target_os = "wasi"))]
fn fill_random(buf: &mut [u8]) -> Result<(), String> {
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(buf))
        .map_err(|e| format!("/dev/urandom: {}", e))
}

fn fail(msg: impl std::fmt::Display) -> ! {
    eprintln!("error: {}", msg);
    exit(1)
}

fn str_arg(args: &[OsString]) -> &OsString {
    if args.len() < 3 {
        eprintln!("missing argument for {}", args[1].to_string_lossy());
        exit(2);
    }
    &args[2]
}

// Decimal of 1..9 ASCII digits only (no sign, no spaces), the same rule in
// all three languages (str::parse would also accept a leading '+').
fn num_arg(args: &[OsString]) -> u32 {
    let s = str_arg(args).as_bytes();
    if s.is_empty() || s.len() > 9 || !s.iter().all(u8::is_ascii_digit) {
        eprintln!("bad number: {}", String::from_utf8_lossy(s));
        exit(2);
    }
    s.iter().fold(0, |n, c| n * 10 + u32::from(c - b'0'))
}

// `stack`: recursion the optimiser can neither remove nor turn into a loop:
// the volatile stop value is never reached (n would have to wrap around
// 2^32) and the result is used after the call.
static mut STOP_AT: u32 = 0;
static mut SINK: u32 = 0;
#[inline(never)]
fn recurse(n: u32) -> u32 {
    if n == unsafe { std::ptr::read_volatile(std::ptr::addr_of!(STOP_AT)) } {
        return 0;
    }
    let r = recurse(n.wrapping_add(1));
    unsafe { std::ptr::write_volatile(std::ptr::addr_of_mut!(SINK), r) };
    r.wrapping_add(n)
}

fn main() {
    let args: Vec<OsString> = std::env::args_os().collect();
    let mode = args.get(1).map(|m| m.as_bytes()).unwrap_or(b"");
    let out = io::stdout();
    let mut out = out.lock();
    // Errors writing to stdout are ignored, as in the Go and C programs.
    match mode {
        b"hello" => {
            let _ = writeln!(out, "hello, world");
        }
        b"args" => {
            let _ = writeln!(out, "argc={}", args.len());
            for (i, a) in args.iter().enumerate() {
                let _ = write!(out, "argv[{}]=", i);
                let _ = out.write_all(a.as_bytes());
                let _ = out.write_all(b"\n");
            }
        }
        b"env" => {
            for (k, v) in std::env::vars_os() {
                let _ = out.write_all(k.as_bytes());
                let _ = out.write_all(b"=");
                let _ = out.write_all(v.as_bytes());
                let _ = out.write_all(b"\n");
            }
        }
        b"exit" => exit(num_arg(&args) as i32),
        b"clock" => {
            let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
            let _ = writeln!(out, "realtime_s={}", now.as_secs());
            let t1 = Instant::now();
            let mut x = 0u32; // busy loop the optimiser must keep
            for i in 0..1_000_000u32 {
                unsafe { std::ptr::write_volatile(&mut x, x.wrapping_add(i)) };
            }
            let t2 = Instant::now();
            let ok = t2.checked_duration_since(t1).is_some();
            let _ = writeln!(out, "monotonic={}", if ok { "ok" } else { "bad" });
        }
        b"sleep" => {
            let ms = num_arg(&args);
            std::thread::sleep(Duration::from_millis(u64::from(ms)));
            let _ = writeln!(out, "slept {}", ms);
        }
        b"random" => {
            let mut buf = [0u8; 32];
            fill_random(&mut buf).unwrap_or_else(|e| fail(e));
            let hex: String = buf.iter().map(|b| format!("{:02x}", b)).collect();
            let _ = writeln!(out, "random={}", hex);
        }
        b"cat" => {
            let stdin = io::stdin();
            let mut stdin = stdin.lock();
            io::copy(&mut stdin, &mut out).unwrap_or_else(|e| fail(e));
        }
        b"stdin-sum" => {
            let mut data = Vec::new();
            io::stdin().read_to_end(&mut data).unwrap_or_else(|e| fail(e));
            let mut h: u64 = 0xcbf29ce484222325; // FNV-1a 64 offset basis
            for &b in &data {
                h = (h ^ u64::from(b)).wrapping_mul(0x100000001b3); // FNV-1a 64 prime
            }
            let _ = writeln!(out, "bytes={} fnv={:016x}", data.len(), h);
        }
        b"readfile" => {
            let path = str_arg(&args);
            let data = std::fs::read(path)
                .unwrap_or_else(|e| fail(format!("{}: {}", path.to_string_lossy(), e)));
            let _ = out.write_all(&data);
        }
        b"stderr" => {
            let _ = writeln!(out, "to stdout");
            eprintln!("to stderr");
        }
        b"trap" => std::process::abort(), // wasm `unreachable`
        b"stack" => {
            let r = recurse(1);
            let _ = writeln!(out, "{}", r);
        }
        _ => {
            eprintln!("unknown mode: {}", String::from_utf8_lossy(mode));
            exit(2);
        }
    }
    let _ = out.flush();
}
