package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer a running command may write while the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var servingURL = regexp.MustCompile(`msg="fanbase serving" url=(http://\S+)`)

// startServe runs `fanbase serve` until the test ends and returns its URL.
func startServe(t *testing.T, dir string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	var stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", dir}, func(string) string { return "" }, &bytes.Buffer{}, &stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v after cancel", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop within 30 s of cancel")
		}
		assertNoSecrets(t, stderr.String())
	})
	for range 300 {
		if m := servingURL.FindStringSubmatch(stderr.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s", err, stderr.String())
		case <-time.After(100 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not log its URL within 30 s:\n%s", stderr.String())
	return ""
}

// TestServeSimulateLoadgen plays WeChat against a real `fanbase serve`:
// simulate with WeChat-style duplicate pushes, then loadgen with an ack
// log that loadgen check must find fully stored.
func TestServeSimulateLoadgen(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mustRun(t, "account", "add", "--data", dir, "--appid", testAppID, "--name", "模拟", "--secret", testSecret,
		"--token", testToken, "--aes-key", testAESKey, "--type", "service", "--original-id", "gh_fanbase_sim")
	importRules(t, dir, "demo_rules.yaml", 1)
	url := startServe(t, dir)
	crowd := []string{"--target", url, "--appid", testAppID, "--token", testToken, "--aes-key", testAESKey,
		"--secret", testSecret, "--concurrency", "4", "--json"}

	out := mustRun(t, append([]string{"simulate", "--api-addr", "127.0.0.1:0", "--count", "30", "--dup", "1", "--mix", "text=1", "--scenes", "", "--seed", "42"}, crowd...)...)
	rep := decodeReport(t, out)
	if rep.Sent != 60 || rep.Duplicates != 30 || rep.Failed != 0 || rep.Replied == 0 {
		t.Fatalf("simulate report: %+v\n%s", rep, out)
	}

	acks := filepath.Join(t.TempDir(), "acks.log")
	out = mustRun(t, append([]string{"loadgen", "--count", "20", "--ack-log", acks, "--seed", "43"}, crowd...)...)
	if rep := decodeReport(t, out); rep.Sent != 20 || rep.Failed != 0 {
		t.Fatalf("loadgen report: %+v\n%s", rep, out)
	}
	out = mustRun(t, "loadgen", "check", "--data", dir, "--account", testAppID, "--ack-log", acks)
	if !strings.Contains(out, fmt.Sprintf("acknowledged 已确认: %d distinct", distinctLines(t, acks))) || !strings.Contains(out, "missing 丢失: 0") {
		t.Errorf("loadgen check:\n%s", out)
	}

	// simulate: one plain follow, then 29 texts with fresh MsgIds, each
	// pushed twice. loadgen follows only by QR scene, so its keys never
	// meet simulate's; but two of its pushes may share one (the same
	// follower, event and second: WeChat's own dedupe rule), so count keys.
	stats := statsJSON(t, dir, testAppID)
	if n := count(t, stats, "messages"); n < 29 {
		t.Errorf("stored %d messages, want at least simulate's 29 texts: %v", n, stats)
	}
	want := 30 + int64(distinctLines(t, acks))
	if got := count(t, stats, "messages") + count(t, stats, "events"); got != want {
		t.Errorf("stored %d pushes, want %d distinct ones: %v", got, want, stats)
	}
}

func distinctLines(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, line := range strings.Fields(string(data)) {
		seen[line] = true
	}
	return len(seen)
}

type reportView struct {
	Sent, Duplicates, Failed, Replied int
}

func decodeReport(t *testing.T, out string) reportView {
	t.Helper()
	var rep reportView
	if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}
	return rep
}
