// Rebuild: cd testdata/net/go && GOOS=wasip1 GOARCH=wasm go build -trimpath -buildvcs=false -ldflags=-buildid= -o main.wasm main.go
//
// Socket guest program for wasirun's tests. The listening TCP socket is
// preopened fd 3. argv[1] is the mode, `http` or `echo`; see
// testdata/net/README.md. Prints exactly one line on stdout, `listening`,
// once the listener is ready. The same source runs natively (Linux) when
// something puts a listening socket at fd 3.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
)

func fail(err error) {
	fmt.Fprintf(os.Stderr, "error: %v\n", err)
	os.Exit(1)
}

func main() {
	mode := ""
	if len(os.Args) > 1 {
		mode = os.Args[1]
	}
	if mode != "http" && mode != "echo" {
		fmt.Fprintf(os.Stderr, "unknown mode: %s\n", mode)
		os.Exit(2)
	}
	// Go's wasip1 port does not make a listener non-blocking itself; while
	// fd 3 blocks, a waiting sock_accept would stall every goroutine.
	if err := syscall.SetNonblock(3, true); err != nil {
		fail(err)
	}
	ln, err := net.FileListener(os.NewFile(3, "listener"))
	if err != nil {
		fail(err)
	}
	fmt.Println("listening") // os.Stdout is unbuffered
	if mode == "http" {
		serveHTTP(ln)
	} else {
		serveEcho(ln)
	}
}

// serveHTTP serves /json, /big, /echo and /quit until /quit.
func serveHTTP(ln net.Listener) {
	var requests atomic.Int64 // every request counts, whatever its path
	quit := make(chan struct{})
	var quitOnce sync.Once
	mux := http.NewServeMux()
	mux.HandleFunc("/json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"hello":"world","n":%d}`, requests.Load())
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		mb := 10
		if s := r.URL.Query().Get("mb"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 || n > 4096 {
				http.Error(w, "bad mb", http.StatusBadRequest)
				return
			}
			mb = n
		}
		total := mb << 20
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(total))
		buf := make([]byte, 32<<10)
		for off := 0; off < total; off += len(buf) {
			for i := range buf {
				buf[i] = byte((off + i) % 251)
			}
			if _, err := w.Write(buf); err != nil {
				return // client went away
			}
		}
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		// Read all first: HTTP/1 handlers should not write before the body is read.
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(body)
	})
	mux.HandleFunc("/quit", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "bye")
		quitOnce.Do(func() { close(quit) })
	})
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		mux.ServeHTTP(w, r)
	})}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fail(err)
		}
	}()
	<-quit
	// Shutdown closes the listener, waits until the /quit response is
	// written and its connection idle, and closes every connection.
	if err := srv.Shutdown(context.Background()); err != nil {
		fail(err)
	}
}

var errQuit = errors.New("quit")

// quitWriter passes writes through and, once it has written a whole line
// `quit`, returns errQuit (which stops io.Copy).
type quitWriter struct {
	w    io.Writer
	line []byte // start of the current line, at most 5 bytes
}

func (q *quitWriter) Write(p []byte) (int, error) {
	n, err := q.w.Write(p)
	if err != nil {
		return n, err
	}
	for _, b := range p {
		if b == '\n' {
			if string(q.line) == "quit" {
				return n, errQuit
			}
			q.line = q.line[:0]
		} else if len(q.line) < 5 {
			q.line = append(q.line, b)
		}
	}
	return n, nil
}

// serveEcho echoes every connection concurrently, in the shape of Go's
// TestTCPEcho, until a client sends the line `quit`.
func serveEcho(ln net.Listener) {
	quit := make(chan struct{})
	var quitOnce sync.Once
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				select {
				case <-quit: // main closed the listener
					return
				default:
					fail(err)
				}
			}
			go func() {
				_, err := io.Copy(&quitWriter{w: c}, c)
				c.Close()
				if errors.Is(err, errQuit) { // wrapped in a *net.OpError
					quitOnce.Do(func() { close(quit) })
				}
			}()
		}
	}()
	<-quit
	ln.Close()
}
