// Rebuild: cd testdata/go/notify && GOOS=wasip1 GOARCH=wasm go build -trimpath -buildvcs=false -ldflags=-buildid= -o main.wasm main.go
//
// A Go guest that calls signal.Notify, as many command-line tools do, then
// uses its stdio as a pipe. Once os/signal's loop runs, Go's wasip1 runtime
// never waits for readiness (runtime.notetsleepg spins on sched_yield and
// Gosched, so the scheduler is never idle and never polls): a read or write
// answered EAGAIN would wait for ever. Modes (argv[1]):
//
//	cat          copies stdin to stdout, then prints the byte count to stderr
//	write-mb N   writes N MiB to stdout in one Write
//	yield-cat    as cat, after runtime.Gosched has let the signal loop run
//	fifo PATH    copies the FIFO at PATH (opened by path) to stdout
//
// See tests/nonblocking_test.ts and RATIONALE.md, "A Go guest whose signal
// loop runs".
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strconv"
)

func main() {
	signal.Notify(make(chan os.Signal, 1), os.Interrupt)
	mode := ""
	if len(os.Args) > 1 {
		mode = os.Args[1]
	}
	switch mode {
	case "yield-cat":
		runtime.Gosched()
		fallthrough
	case "cat":
		n, err := io.Copy(os.Stdout, os.Stdin)
		fmt.Fprintln(os.Stderr, "copied", n, err)
	case "fifo":
		f, err := os.Open(os.Args[2])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		n, err := io.Copy(os.Stdout, f)
		fmt.Fprintln(os.Stderr, "copied", n, err)
	case "write-mb":
		mb, _ := strconv.Atoi(os.Args[2])
		n, err := os.Stdout.Write(bytes.Repeat([]byte("x"), mb<<20))
		fmt.Fprintln(os.Stderr, "wrote", n, err)
	default:
		fmt.Fprintln(os.Stderr, "usage: main.wasm cat | write-mb N | yield-cat | fifo PATH")
		os.Exit(2)
	}
}
