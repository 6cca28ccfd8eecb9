// Rebuild: cd testdata/go && GOOS=wasip1 GOARCH=wasm go build -trimpath -buildvcs=false -ldflags=-buildid= -o main.wasm main.go
//
// Guest program for wasirun's tests. argv[1] selects a mode; see
// testdata/README.md for the contract shared with ../c/main.c and
// ../rust/main.rs (same modes, byte-identical stdout).
package main

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"strings"
	"time"
)

func main() {
	mode := ""
	if len(os.Args) > 1 {
		mode = os.Args[1]
	}
	switch mode {
	case "hello":
		fmt.Println("hello, world")
	case "args":
		fmt.Printf("argc=%d\n", len(os.Args))
		for i, a := range os.Args {
			fmt.Printf("argv[%d]=%s\n", i, a)
		}
	case "env":
		for _, kv := range os.Environ() {
			fmt.Println(kv)
		}
	case "exit":
		os.Exit(numArg())
	case "clock":
		fmt.Printf("realtime_s=%d\n", time.Now().Unix())
		// time.Now carries a monotonic reading; Sub uses it.
		t1 := time.Now()
		spin()
		t2 := time.Now()
		if t2.Sub(t1) >= 0 {
			fmt.Println("monotonic=ok")
		} else {
			fmt.Println("monotonic=bad")
		}
	case "sleep":
		ms := numArg()
		time.Sleep(time.Duration(ms) * time.Millisecond)
		fmt.Printf("slept %d\n", ms)
	case "random":
		var buf [32]byte
		if _, err := rand.Read(buf[:]); err != nil {
			fail(err)
		}
		fmt.Printf("random=%s\n", hex.EncodeToString(buf[:]))
	case "cat":
		if _, err := io.Copy(os.Stdout, os.Stdin); err != nil {
			fail(err)
		}
	case "stdin-sum":
		h := fnv.New64a()
		n, err := io.Copy(h, os.Stdin)
		if err != nil {
			fail(err)
		}
		fmt.Printf("bytes=%d fnv=%016x\n", n, h.Sum64())
	case "readfile":
		data, err := os.ReadFile(strArg())
		if err != nil {
			fail(err)
		}
		os.Stdout.Write(data)
	case "stderr":
		fmt.Fprintln(os.Stdout, "to stdout")
		fmt.Fprintln(os.Stderr, "to stderr")
	case "trap":
		// Go has no way to execute `unreachable`; a panic makes the Go
		// runtime print the panic to stderr and proc_exit(2).
		panic("trap mode")
	case "ticker-stdin":
		// Needs a runtime whose poll_oneoff can wait on fd_read of stdin
		// and a clock at once: the ticks must keep coming while main is
		// blocked reading.
		go func() {
			for {
				time.Sleep(100 * time.Millisecond)
				fmt.Println("tick")
			}
		}()
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			fail(err)
		}
		fmt.Printf("line=%s\n", strings.TrimSuffix(line, "\n"))
	case "lines":
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			fmt.Printf("got: %s\n", sc.Text())
		}
		if err := sc.Err(); err != nil {
			fail(err)
		}
	case "write-mb":
		total := numArg() << 20
		buf := make([]byte, 32<<10)
		for off := 0; off < total; off += len(buf) {
			chunk := buf[:min(len(buf), total-off)]
			for i := range chunk {
				chunk[i] = byte((off + i) % 251)
			}
			if _, err := os.Stdout.Write(chunk); err != nil {
				fail(err)
			}
		}
	case "together":
		together(os.Args[2:])
	default:
		fmt.Fprintf(os.Stderr, "unknown mode: %s\n", mode)
		os.Exit(2)
	}
}

// together reads every named file and stdin, each in its own goroutine,
// while another sleeps 300 ms; then prints one line per task in argument
// order: `PATH bytes=N fnv=X`, `stdin bytes=N fnv=X`, `slept`.
func together(paths []string) {
	sum := func(r io.Reader) string {
		h := fnv.New64a()
		n, err := io.Copy(h, r)
		if err != nil {
			fail(err)
		}
		return fmt.Sprintf("bytes=%d fnv=%016x", n, h.Sum64())
	}
	results := make([]chan string, len(paths)+2)
	for i := range results {
		results[i] = make(chan string, 1)
	}
	for i, path := range paths {
		go func() {
			f, err := os.Open(path)
			if err != nil {
				fail(err)
			}
			defer f.Close()
			results[i] <- path + " " + sum(f)
		}()
	}
	go func() { results[len(paths)] <- "stdin " + sum(os.Stdin) }()
	go func() {
		time.Sleep(300 * time.Millisecond)
		results[len(paths)+1] <- "slept"
	}()
	for _, r := range results {
		fmt.Println(<-r)
	}
}

// spin busy-loops briefly so the two monotonic reads are apart.
func spin() {
	x := 0
	for i := 0; i < 1000000; i++ {
		x += i
	}
	if x == 42 {
		fmt.Println()
	}
}

// strArg returns argv[2]; a missing argument is a usage error (exit 2).
func strArg() string {
	if len(os.Args) < 3 {
		fmt.Fprintf(os.Stderr, "missing argument for %s\n", os.Args[1])
		os.Exit(2)
	}
	return os.Args[2]
}

// numArg parses argv[2] as a decimal of 1..9 ASCII digits only (no sign,
// no spaces), the same rule in all three languages.
func numArg() int {
	s := strArg()
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			n = -1
			break
		}
		n = n*10 + int(c-'0')
	}
	if n < 0 || len(s) == 0 || len(s) > 9 {
		fmt.Fprintf(os.Stderr, "bad number: %s\n", s)
		os.Exit(2)
	}
	return n
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "error: %v\n", err)
	os.Exit(1)
}
