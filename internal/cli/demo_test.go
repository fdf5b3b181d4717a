package cli

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestDemo runs the demo until its simulated crowd has been answered, stops
// it, and runs it again on the same data directory: the second run must
// reuse the stored account (pointing it at its own simulator) and rules.
func TestDemo(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	first := runDemoUntil(t, dir, 0)
	if n := count(t, first, "followers"); n == 0 {
		t.Errorf("messages stored but no followers: %v", first)
	}
	// Messages kept arriving between the snapshot and the stop: count again.
	stopped := decodeStats(t, mustRun(t, "stats", "--data", dir, "--account", demoAccount.AppID, "--json"))
	second := runDemoUntil(t, dir, count(t, stopped, "messages"))
	if count(t, second, "replies") <= count(t, first, "replies") {
		t.Errorf("the second run answered nothing: %v then %v", first, second)
	}
	out := mustRun(t, "rules", "versions", "--data", dir, "--account", demoAccount.AppID)
	if strings.Count(out, "\n") != 2 {
		t.Errorf("want exactly one rules version after two demo runs:\n%s", out)
	}
}

// runDemoUntil runs the demo until more than after messages and some
// replies are stored, cancels it and checks that it stops cleanly. The
// polling is bounded (about 30 s); nothing asserts how fast it happens.
func runDemoUntil(t *testing.T, dir string, after int64) map[string]any {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan result, 1)
	go func() {
		done <- runCtx(ctx, nil, "demo", "--addr", "127.0.0.1:0", "--data", dir, "--rate", "20", "--log-level", "warn")
	}()
	var last map[string]any
	for try := 0; ; try++ {
		select {
		case r := <-done:
			t.Fatalf("demo stopped by itself: %v\nstderr: %s", r.err, r.stderr)
		case <-time.After(200 * time.Millisecond):
		}
		if r := runCLI(t, nil, "stats", "--data", dir, "--account", demoAccount.AppID, "--json"); r.err == nil {
			last = decodeStats(t, r.stdout)
			if count(t, last, "messages") > after && count(t, last, "replies") > 0 {
				break
			}
		}
		if try == 150 {
			t.Fatalf("no new answered messages after 30 s; last stats %v", last)
		}
	}
	cancel()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatalf("demo returned %v after cancel\nstderr: %s", r.err, r.stderr)
		}
		if !strings.Contains(r.stdout, "fanbase demo is running") || !strings.Contains(r.stdout, "/wx/"+demoAccount.AppID) {
			t.Errorf("demo banner:\n%s", r.stdout)
		}
		assertNoDemoSecrets(t, r.stdout+r.stderr)
	case <-time.After(30 * time.Second):
		t.Fatal("demo did not stop within 30 s of cancel")
	}
	return last
}

func TestDemoRefusesBadConfig(t *testing.T) {
	t.Parallel()
	r := runCLI(t, nil, "demo", "--data", t.TempDir(), "--addr", "127.0.0.1:0", "--log-format", "xml")
	if r.err == nil || ExitCode(r.err) != 2 {
		t.Fatalf("err = %v, want an invalid-usage error", r.err)
	}
}

func assertNoDemoSecrets(t *testing.T, output string) {
	t.Helper()
	for _, s := range []string{demoAccount.Secret, demoAccount.AESKey} {
		if strings.Contains(output, s) {
			t.Errorf("demo output shows a secret %q", s)
		}
	}
}
