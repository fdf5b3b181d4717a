// Command diskprobe measures how long plain file writes and fsyncs take on
// this machine, without fanbase or SQLite in the way, so that benchmark
// results can be read against what the disk itself does.
//
//	go run ./scripts/diskprobe [-dir /tmp] [-n 600]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"
)

func main() {
	dir := flag.String("dir", os.TempDir(), "directory on the disk to probe")
	n := flag.Int("n", 600, "writes per run")
	flag.Parse()
	path := filepath.Join(*dir, "fanbase-diskprobe.tmp")
	defer os.Remove(path)
	for _, sync := range []bool{false, true} {
		d, err := probe(path, *n, sync)
		if err != nil {
			fmt.Fprintln(os.Stderr, "diskprobe:", err)
			os.Exit(1)
		}
		slices.Sort(d)
		q := func(p float64) time.Duration { return d[int(p*float64(len(d)-1))] }
		fmt.Printf("128 KiB write, fsync=%-5v p50 %-10v p90 %-10v p99 %-10v max %v\n",
			sync, q(.5).Round(time.Microsecond), q(.9).Round(time.Microsecond), q(.99).Round(time.Microsecond), d[len(d)-1].Round(time.Microsecond))
	}
}

// probe appends n blocks, 1 ms apart, and times each write (and fsync).
func probe(path string, n int, sync bool) ([]time.Duration, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, 128<<10)
	out := make([]time.Duration, 0, n)
	for range n {
		start := time.Now()
		if _, err := f.Write(buf); err != nil {
			return nil, err
		}
		if sync {
			if err := f.Sync(); err != nil {
				return nil, err
			}
		}
		out = append(out, time.Since(start))
		time.Sleep(time.Millisecond)
	}
	return out, nil
}
