// Rebuild: cd testdata/rust && /usr/bin/rustc --edition 2021 --target wasm32-wasi -C opt-level=2 -C strip=debuginfo --remap-path-prefix="$PWD"=. -o fs.wasm fs.rs
//
// Filesystem guest for wasirun's tests (std::fs, written for Rust 1.63).
// argv[1] is the mode, argv[2] a directory. Output is deterministic for a
// given tree and the same as the native build's (rustc --edition 2021 fs.rs)
// on the same tree; `walk` and `count` print exactly what ../c/fs.c and
// ../go/fs/main.go print. See testdata/README.md, "Filesystem programs".
use std::fs;
use std::io::{self, Read, Write};
use std::path::Path;
use std::process::exit;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: fs.wasm walk|count|ops DIR");
        exit(2);
    }
    let dir = Path::new(&args[2]);
    match args[1].as_str() {
        "walk" => walk(dir),
        "count" => count(dir),
        "ops" => ops(dir),
        other => {
            eprintln!("unknown mode: {}", other);
            exit(2);
        }
    }
}

fn fail(what: &Path, e: io::Error) -> ! {
    eprintln!("error: {}: {}", what.display(), e);
    exit(1);
}

fn fnv1a(data: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in data {
        h = (h ^ u64::from(*b)).wrapping_mul(0x100000001b3);
    }
    h
}

// --- walk ---------------------------------------------------------------------

fn walk(dir: &Path) {
    let mut lines = Vec::new();
    walk_into(dir, "", &mut lines);
    lines.sort();
    for line in lines {
        println!("{}", line);
    }
}

fn walk_into(root: &Path, rel: &str, lines: &mut Vec<String>) {
    let here = if rel.is_empty() { root.to_path_buf() } else { root.join(rel) };
    let entries = fs::read_dir(&here).unwrap_or_else(|e| fail(&here, e));
    for entry in entries {
        let entry = entry.unwrap_or_else(|e| fail(&here, e));
        let name = entry.file_name().into_string().expect("UTF-8 name");
        let child_rel = if rel.is_empty() { name } else { format!("{}/{}", rel, name) };
        let path = root.join(&child_rel);
        let meta = fs::symlink_metadata(&path).unwrap_or_else(|e| fail(&path, e));
        if meta.file_type().is_symlink() {
            let target = fs::read_link(&path).unwrap_or_else(|e| fail(&path, e));
            lines.push(format!("{} symlink {}", child_rel, target.display()));
        } else if meta.is_dir() {
            lines.push(format!("{} dir", child_rel));
            walk_into(root, &child_rel, lines);
        } else {
            let data = fs::read(&path).unwrap_or_else(|e| fail(&path, e));
            lines.push(format!("{} file {} {:016x}", child_rel, data.len(), fnv1a(&data)));
        }
    }
}

// --- count --------------------------------------------------------------------

fn sorted_names(dir: &Path) -> io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir)? {
        names.push(entry?.file_name().into_string().expect("UTF-8 name"));
    }
    names.sort();
    Ok(names)
}

fn count(dir: &Path) {
    let names = sorted_names(dir).unwrap_or_else(|e| fail(dir, e));
    for pair in names.windows(2) {
        if pair[0] == pair[1] {
            println!("duplicate {}", pair[0]);
        }
    }
    let first = names.first().map(String::as_str).unwrap_or("");
    let last = names.last().map(String::as_str).unwrap_or("");
    println!("entries={} first={} last={}", names.len(), first, last);
}

// --- ops ----------------------------------------------------------------------

// The errno numbers differ (WASI's vs Linux's); the names printed do not.
#[cfg(target_os = "wasi")]
const ERRNOS: [(i32, &str); 11] = [
    (44, "ENOENT"), (20, "EEXIST"), (54, "ENOTDIR"), (31, "EISDIR"), (55, "ENOTEMPTY"),
    (32, "ELOOP"), (2, "EACCES"), (63, "EPERM"), (28, "EINVAL"), (75, "EXDEV"), (8, "EBADF"),
];
#[cfg(not(target_os = "wasi"))]
const ERRNOS: [(i32, &str); 11] = [
    (2, "ENOENT"), (17, "EEXIST"), (20, "ENOTDIR"), (21, "EISDIR"), (39, "ENOTEMPTY"),
    (40, "ELOOP"), (13, "EACCES"), (1, "EPERM"), (22, "EINVAL"), (18, "EXDEV"), (9, "EBADF"),
];

fn err_name(e: &io::Error) -> String {
    match e.raw_os_error() {
        Some(n) => match ERRNOS.iter().find(|(code, _)| *code == n) {
            Some((_, name)) => name.to_string(),
            None => format!("errno {}", n),
        },
        None => format!("error {}", e),
    }
}

fn step<T>(name: &str, result: io::Result<T>) {
    match result {
        Ok(_) => println!("{}: ok", name),
        Err(e) => println!("{}: {}", name, err_name(&e)),
    }
}

fn value(name: &str, result: io::Result<String>) {
    match result {
        Ok(v) => println!("{}: {}", name, v),
        Err(e) => println!("{}: {}", name, err_name(&e)),
    }
}

fn read(path: &Path) -> io::Result<String> {
    let mut data = Vec::new();
    fs::File::open(path)?.read_to_end(&mut data)?;
    Ok(String::from_utf8_lossy(&data).replace('\0', "0"))
}

fn kind(meta: io::Result<fs::Metadata>) -> io::Result<String> {
    let meta = meta?;
    Ok(if meta.file_type().is_symlink() {
        format!("symlink {}", meta.len())
    } else if meta.is_dir() {
        "dir".to_string()
    } else {
        format!("file {}", meta.len())
    })
}

fn append(path: &Path, text: &str) -> io::Result<()> {
    fs::OpenOptions::new().append(true).open(path)?.write_all(text.as_bytes())
}

fn set_len(path: &Path, len: u64) -> io::Result<()> {
    fs::OpenOptions::new().write(true).open(path)?.set_len(len)
}

fn names(dir: &Path) -> io::Result<String> {
    Ok(format!("[{}]", sorted_names(dir)?.join(" ")))
}

#[allow(deprecated)] // soft_link is the one symlink call in std on both unix and wasi
fn symlink(target: &str, link: &Path) -> io::Result<()> {
    fs::soft_link(target, link)
}

fn ops(dir: &Path) {
    let p = |name: &str| dir.join(name);
    step("mkdir d", fs::create_dir(p("d")));
    step("mkdir d again", fs::create_dir(p("d")));
    step("write d/f", fs::write(p("d/f"), "hello"));
    step("append d/f", append(&p("d/f"), " world"));
    value("read d/f", read(&p("d/f")));
    value("size d/f", fs::metadata(p("d/f")).map(|m| m.len().to_string()));
    step("truncate d/f 5", set_len(&p("d/f"), 5));
    value("read d/f", read(&p("d/f")));
    step("truncate d/f 8", set_len(&p("d/f"), 8));
    value("read d/f", read(&p("d/f")));
    step("link d/f d/g", fs::hard_link(p("d/f"), p("d/g")));
    step("symlink f d/s", symlink("f", &p("d/s")));
    value("readlink d/s", fs::read_link(p("d/s")).map(|t| t.display().to_string()));
    value("stat d/s", kind(fs::metadata(p("d/s"))));
    value("lstat d/s", kind(fs::symlink_metadata(p("d/s"))));
    step("rename d/g e", fs::rename(p("d/g"), p("e")));
    step("rmdir d", fs::remove_dir(p("d")));
    step("open d/s/x", fs::File::open(p("d/s/x")));
    step("open missing", fs::File::open(p("missing")));
    step("open d/f/", fs::File::open(dir.join("d/f/")));
    step("mkdir d/f", fs::create_dir(p("d/f")));
    step("unlink d", fs::remove_file(p("d")));
    step("rmdir d/f", fs::remove_dir(p("d/f")));
    step("rename d e", fs::rename(p("d"), p("e")));
    step("rename e d", fs::rename(p("e"), p("d")));
    let exclusive = fs::OpenOptions::new().write(true).create_new(true).open(p("e"));
    step("create e exclusively", exclusive);
    value("readdir d", names(&p("d")));
    step("unlink d/s", fs::remove_file(p("d/s")));
    step("unlink d/f", fs::remove_file(p("d/f")));
    step("unlink e", fs::remove_file(p("e")));
    step("rmdir d", fs::remove_dir(p("d")));
    value("readdir .", names(dir));
}
