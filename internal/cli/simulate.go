package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/fanbase/fanbase/internal/simulator"
)

// runSimulate plays WeChat for one account of a running fanbase: it serves
// the WeChat API endpoints on --api-addr (point the account's --api-base
// there) and lets a crowd of virtual followers push callbacks.
func runSimulate(ctx context.Context, e *env, args []string) error {
	var cf crowdFlags
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	cf.bind(fs)
	var seed apiSeed
	seed.bind(fs)
	apiAddr := fs.String("api-addr", "127.0.0.1:9100", "where the simulated WeChat API listens")
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	if err := cf.finish(); err != nil {
		return err
	}
	retries := cf.retries
	if retries == 0 {
		retries = 3 // like WeChat
	}
	p := simulator.New(simulator.Options{Retries: retries, Logger: discardLogger()})
	if err := p.AddAccount(cf.acct); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *apiAddr)
	if err != nil {
		return fmt.Errorf("simulated API: %w", err)
	}
	srv := &http.Server{Handler: p.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(e.stderr, "simulated API stopped:", err)
		}
	}()
	defer srv.Close()
	if err := seed.seed(ctx, e.stdout, p, cf.acct, "http://"+ln.Addr().String()); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "simulated WeChat API 模拟微信接口: http://%s (state: /sim/state)\ncallbacks 回调: %s\n", ln.Addr(), cf.acct.CallbackURL)
	if cf.sc.Count == 0 && cf.sc.Duration == 0 {
		fmt.Fprintln(e.stdout, "no --count or --duration: serving the API until interrupted (Ctrl-C)")
		<-ctx.Done()
		return nil
	}
	rep, runErr := p.Run(ctx, cf.acct.AppID, cf.sc)
	if rep != nil {
		if err := writeReport(e.stdout, rep, cf.reportJSON); err != nil {
			return err
		}
	}
	return runErr
}
