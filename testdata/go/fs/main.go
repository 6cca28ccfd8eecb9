// Rebuild: cd testdata/go/fs && GOOS=wasip1 GOARCH=wasm go build -trimpath -buildvcs=false -ldflags=-buildid= -o main.wasm main.go
//
// Filesystem guest for wasirun's tests (os, io/fs, path/filepath). argv[1]
// is the mode, argv[2] a directory. Output is deterministic for a given
// tree and the same as the native build's (go build main.go) on the same
// tree; `walk`, `count` and `ops` print exactly what ../../c/fs.c and
// ../../rust/fs.rs print. See testdata/README.md, "Filesystem programs".
package main

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: main.wasm walk|count|ops|times DIR")
		os.Exit(2)
	}
	dir := os.Args[2]
	switch os.Args[1] {
	case "walk":
		walk(dir)
	case "count":
		count(dir)
	case "ops":
		ops(dir)
	case "times":
		times(dir)
	default:
		fmt.Fprintf(os.Stderr, "unknown mode: %s\n", os.Args[1])
		os.Exit(2)
	}
}

// walk prints every entry under dir (not dir itself), sorted bytewise by
// relative path: "P dir", "P file SIZE FNV1A64", "P symlink TARGET".
func walk(dir string) {
	var lines []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path == dir {
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		lines = append(lines, describe(rel, path, d))
		return nil
	})
	if err != nil {
		fail(err)
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Println(l)
	}
}

func describe(rel, path string, d fs.DirEntry) string {
	switch {
	case d.Type()&fs.ModeSymlink != 0:
		target, err := os.Readlink(path)
		if err != nil {
			fail(err)
		}
		return rel + " symlink " + target
	case d.IsDir():
		return rel + " dir"
	default:
		data, err := os.ReadFile(path)
		if err != nil {
			fail(err)
		}
		h := fnv.New64a()
		h.Write(data)
		return fmt.Sprintf("%s file %d %016x", rel, len(data), h.Sum64())
	}
}

// count prints how many entries os.ReadDir sees, and the first and last names.
func count(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		fail(err)
	}
	first, last := "", ""
	if len(entries) > 0 {
		first, last = entries[0].Name(), entries[len(entries)-1].Name()
	}
	seen := map[string]bool{}
	for _, e := range entries {
		if seen[e.Name()] {
			fmt.Printf("duplicate %s\n", e.Name())
		}
		seen[e.Name()] = true
	}
	fmt.Printf("entries=%d first=%s last=%s\n", len(entries), first, last)
}

// ops runs a fixed script in dir (which should be empty) and prints one
// line per step: "STEP: ok", "STEP: ERRNAME" or "STEP: VALUE".
func ops(dir string) {
	p := func(name string) string { return filepath.Join(dir, name) }
	step("mkdir d", os.Mkdir(p("d"), 0o755))
	step("mkdir d again", os.Mkdir(p("d"), 0o755))
	step("write d/f", os.WriteFile(p("d/f"), []byte("hello"), 0o644))
	step("append d/f", appendTo(p("d/f"), " world"))
	value("read d/f", read(p("d/f")))
	value("size d/f", size(os.Stat(p("d/f"))))
	step("truncate d/f 5", os.Truncate(p("d/f"), 5))
	value("read d/f", read(p("d/f")))
	step("truncate d/f 8", os.Truncate(p("d/f"), 8))
	value("read d/f", strings.ReplaceAll(read(p("d/f")), "\x00", "0"))
	step("link d/f d/g", os.Link(p("d/f"), p("d/g")))
	value("nlink d/f", nlink(p("d/f")))
	step("symlink f d/s", os.Symlink("f", p("d/s")))
	target, err := os.Readlink(p("d/s"))
	value("readlink d/s", orErr(target, err))
	value("stat d/s", kind(os.Stat(p("d/s"))))
	value("lstat d/s", kind(os.Lstat(p("d/s"))))
	step("rename d/g e", os.Rename(p("d/g"), p("e")))
	step("rmdir d", syscall.Rmdir(p("d")))
	step("open d/s/x", openErr(os.Open(p("d/s/x"))))
	step("open missing", openErr(os.Open(p("missing"))))
	step("open d/f/", openErr(os.Open(p("d/f")+"/")))
	step("mkdir d/f", os.Mkdir(p("d/f"), 0o755))
	step("unlink d", syscall.Unlink(p("d")))
	step("rmdir d/f", syscall.Rmdir(p("d/f")))
	step("rename d e", os.Rename(p("d"), p("e")))
	step("rename e d", os.Rename(p("e"), p("d")))
	step("create e exclusively", openErr(os.OpenFile(p("e"), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)))
	value("readdir d", names(p("d")))
	step("unlink d/s", syscall.Unlink(p("d/s")))
	step("unlink d/f", syscall.Unlink(p("d/f")))
	step("unlink e", syscall.Unlink(p("e")))
	step("rmdir d", syscall.Rmdir(p("d")))
	value("readdir .", names(dir))
}

// times sets a file's access and modification times to the nanosecond and
// prints what stat reads back, then changes only the modification time.
func times(dir string) {
	path := filepath.Join(dir, "t")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		fail(err)
	}
	atime := time.Unix(1600000000, 111111111)
	mtime := time.Unix(1700000000, 123456789)
	step("chtimes", os.Chtimes(path, atime, mtime))
	printTimes(path)
	step("chtimes mtime only", os.Chtimes(path, time.Time{}, time.Unix(1500000000, 5)))
	printTimes(path)
	os.Remove(path)
}

func printTimes(path string) {
	info, err := os.Stat(path)
	if err != nil {
		fail(err)
	}
	st := info.Sys().(*syscall.Stat_t)
	fmt.Printf("atime=%d mtime=%d\n", atimeNs(st), info.ModTime().UnixNano())
}

func appendTo(path, text string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		return err
	}
	return f.Close()
}

func read(path string) string {
	data, err := os.ReadFile(path)
	return orErr(string(data), err)
}

func size(info fs.FileInfo, err error) string {
	if err != nil {
		return errName(err)
	}
	return fmt.Sprint(info.Size())
}

func nlink(path string) string {
	info, err := os.Stat(path)
	if err != nil {
		return errName(err)
	}
	return fmt.Sprint(info.Sys().(*syscall.Stat_t).Nlink)
}

func kind(info fs.FileInfo, err error) string {
	if err != nil {
		return errName(err)
	}
	switch {
	case info.Mode()&fs.ModeSymlink != 0:
		return fmt.Sprintf("symlink %d", info.Size())
	case info.IsDir():
		return "dir"
	default:
		return fmt.Sprintf("file %d", info.Size())
	}
}

func names(dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return errName(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return "[" + strings.Join(out, " ") + "]"
}

func openErr(f *os.File, err error) error {
	if err == nil {
		f.Close()
	}
	return err
}

func orErr(v string, err error) string {
	if err != nil {
		return errName(err)
	}
	return v
}

func step(name string, err error) {
	if err != nil {
		fmt.Printf("%s: %s\n", name, errName(err))
	} else {
		fmt.Printf("%s: ok\n", name)
	}
}

func value(name, v string) { fmt.Printf("%s: %s\n", name, v) }

// errName names the errno behind err the same way on every platform.
func errName(err error) string {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return "error " + err.Error()
	}
	switch errno {
	case syscall.ENOENT:
		return "ENOENT"
	case syscall.EEXIST:
		return "EEXIST"
	case syscall.ENOTDIR:
		return "ENOTDIR"
	case syscall.EISDIR:
		return "EISDIR"
	case syscall.ENOTEMPTY:
		return "ENOTEMPTY"
	case syscall.ELOOP:
		return "ELOOP"
	case syscall.EACCES:
		return "EACCES"
	case syscall.EPERM:
		return "EPERM"
	case syscall.EINVAL:
		return "EINVAL"
	case syscall.EXDEV:
		return "EXDEV"
	case syscall.EBADF:
		return "EBADF"
	}
	return fmt.Sprintf("errno %d", uintptr(errno))
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "error: %v\n", err)
	os.Exit(1)
}

// atimeNs reads the access time from Stat_t, whose shape differs: wasip1
// has Atime in nanoseconds, Linux an Atim timespec.
func atimeNs(st *syscall.Stat_t) int64 {
	v := reflect.ValueOf(st).Elem()
	if f := v.FieldByName("Atime"); f.IsValid() {
		return int64(f.Uint())
	}
	ts := v.FieldByName("Atim")
	return ts.FieldByName("Sec").Int()*1e9 + ts.FieldByName("Nsec").Int()
}
