package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sync"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/wechat"
)

// runLoadgen sends signed (and, in compat/safe mode, encrypted) callbacks to
// a running fanbase and reports throughput and latency. With --ack-log it
// writes the dedupe key of every push answered 200, so that a crash test
// can prove each acknowledged push is stored ('fanbase loadgen check').
func runLoadgen(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "check" {
		return loadgenCheck(ctx, e, args[1:])
	}
	if len(args) > 0 && args[0] == "desk" {
		return loadgenDesk(ctx, e, args[1:])
	}
	var cf crowdFlags
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	cf.bind(fs)
	scenario := fs.String("scenario", "mixed", "mixed (by --mix) or recordday (173,734 pushes, 57,805 follows, 1% retried 3×)")
	ackLog := fs.String("ack-log", "", "append the dedupe key of every acknowledged push to this file")
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	if err := cf.finish(); err != nil {
		return err
	}
	switch *scenario {
	case "mixed":
	case "recordday":
		cf.sc = recordDay(cf.sc)
	default:
		return errs.Errorf(errs.Invalid, "--scenario must be mixed or recordday (场景无效)")
	}
	if cf.sc.Count == 0 && cf.sc.Duration == 0 {
		return errs.Errorf(errs.Invalid, "give --count or --duration so the load stops by itself (请指定 --count 或 --duration)")
	}
	p, err := loadPlatform(cf)
	if err != nil {
		return err
	}
	if *ackLog != "" {
		closeLog, err := logAcks(&cf.sc, *ackLog)
		if err != nil {
			return err
		}
		defer closeLog()
	}
	rep, runErr := p.Run(ctx, cf.acct.AppID, cf.sc)
	if rep != nil {
		if err := writeReport(e.stdout, rep, cf.reportJSON); err != nil {
			return err
		}
	}
	return runErr
}

// loadPlatform is a simulator that only pushes: many idle connections are
// kept so the load is not throttled by connection set-up.
func loadPlatform(cf crowdFlags) (*simulator.Platform, error) {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConns = 1024
	transport.MaxIdleConnsPerHost = 1024
	retries := cf.retries
	if retries == 0 {
		retries = -1 // the simulator's "none"
	}
	p := simulator.New(simulator.Options{Retries: retries, Client: &http.Client{Transport: transport},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := p.AddAccount(cf.acct); err != nil {
		return nil, err
	}
	return p, nil
}

// logAcks makes the scenario write acknowledged dedupe keys, one a line.
func logAcks(sc *simulator.Scenario, path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("ack log: %w", err)
	}
	w := bufio.NewWriterSize(f, 64<<10)
	var mu sync.Mutex
	sc.OnResult = func(m *wechat.Message, res *simulator.PushResult) {
		if res.Status != http.StatusOK {
			return
		}
		mu.Lock()
		// Written as soon as the 200 is seen and flushed often: after a
		// kill -9 of the server this file is the list of promises to check.
		fmt.Fprintln(w, wechat.DedupeKey(m))
		if w.Buffered() > 32<<10 {
			_ = w.Flush()
		}
		mu.Unlock()
	}
	return func() {
		mu.Lock()
		_ = w.Flush()
		_ = f.Close()
		mu.Unlock()
	}, nil
}

func writeReport(w io.Writer, rep *simulator.Report, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	_, err := fmt.Fprintln(w, rep.String())
	return err
}
