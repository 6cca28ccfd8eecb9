// Rebuild: cd bench/guests && env -u GOFLAGS GOWORK=off GOTOOLCHAIN=local CGO_ENABLED=0 GOOS=wasip1 GOARCH=wasm go build -trimpath -buildvcs=false -ldflags=-buildid= -o gofiles.wasm gofiles.go
//
// Benchmark guest for file I/O the way Go programs do it. Times its own work
// (time.Now, monotonic) and prints one line of `name=value` pairs:
//
//	read PATH      io.Copy(io.Discard, f) of the opened file (io.Discard
//	               reads 8 KiB at a time): `ms=T bytes=N`
//	write PATH MB  create PATH and io.Copy MB MiB from a generated reader
//	               (byte i is i % 251; io.Copy's 32 KiB buffer) into it,
//	               close it: `ms=T bytes=N`; then remove PATH (not timed)
//
// Natively: go build -o gofiles gofiles.go
package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"time"
)

// pattern yields byte i = i % 251 for ever.
type pattern struct {
	pos   int
	table []byte
}

func (p *pattern) Read(b []byte) (int, error) {
	n := 0
	for n < len(b) {
		n += copy(b[n:], p.table[(p.pos+n)%251:])
	}
	p.pos += n
	return n, nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "error:", err)
	os.Exit(1)
}

func elapsed(t0 time.Time) string {
	return strconv.FormatFloat(float64(time.Since(t0).Nanoseconds())/1e6, 'f', 3, 64)
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "read" {
		t0 := time.Now()
		f, err := os.Open(os.Args[2])
		if err != nil {
			fail(err)
		}
		n, err := io.Copy(io.Discard, f)
		if err != nil {
			fail(err)
		}
		f.Close()
		fmt.Printf("ms=%s bytes=%d\n", elapsed(t0), n)
		return
	}
	if len(os.Args) == 4 && os.Args[1] == "write" {
		mb, err := strconv.Atoi(os.Args[3])
		if err != nil {
			fail(err)
		}
		table := make([]byte, 251+64*1024)
		for i := range table {
			table[i] = byte(i % 251)
		}
		t0 := time.Now()
		f, err := os.Create(os.Args[2])
		if err != nil {
			fail(err)
		}
		n, err := io.Copy(f, io.LimitReader(&pattern{table: table}, int64(mb)<<20))
		if err != nil {
			fail(err)
		}
		if err := f.Close(); err != nil {
			fail(err)
		}
		ms := elapsed(t0)
		if err := os.Remove(os.Args[2]); err != nil {
			fail(err)
		}
		fmt.Printf("ms=%s bytes=%d\n", ms, n)
		return
	}
	fmt.Fprintln(os.Stderr, "usage: gofiles read PATH | write PATH MB")
	os.Exit(2)
}
