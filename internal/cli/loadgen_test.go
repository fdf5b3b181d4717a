package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/wechat"
)

func TestLoadgenRefusesBadFlags(t *testing.T) {
	t.Parallel()
	need := []string{"loadgen", "--appid", testAppID, "--token", testToken, "--target", "http://127.0.0.1:1"}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no count or duration", need, "--count"},
		{"no appid", []string{"loadgen", "--token", testToken, "--count", "1"}, "--appid"},
		{"no token", []string{"loadgen", "--appid", testAppID, "--count", "1"}, "--token"},
		{"bad scenario", append(need, "--count", "1", "--scenario", "blackfriday"), "--scenario"},
		{"bad mix", append(need, "--count", "1", "--mix", "text=lots"), "--mix"},
		{"unknown mix part", append(need, "--count", "1", "--mix", "shake=1"), "shake"},
		{"negative mix", append(need, "--count", "1", "--mix", "text=-1"), "--mix"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, nil, tt.args...)
			if !errs.Is(r.err, errs.Invalid) {
				t.Fatalf("err = %v (code %q), want invalid", r.err, errs.CodeOf(r.err))
			}
			if msg := r.err.Error(); !strings.Contains(msg, tt.want) || !hasHan(msg) {
				t.Errorf("error %q does not name %q in both languages", msg, tt.want)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q: load ran", r.stdout)
			}
		})
	}
}

// commitPushes stores pushes through the store the way the gateway does and
// returns their dedupe keys.
func commitPushes(t *testing.T, dir, appID string, pushes []wechat.Message) []string {
	t.Helper()
	ctx := t.Context()
	db, err := sqlstore.OpenSQLite(ctx, filepath.Join(dir, "fanbase.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	acct, err := db.AccountByAppID(ctx, appID)
	if err != nil {
		t.Fatal(err)
	}
	batch := make([]inbox.Inbound, len(pushes))
	keys := make([]string, len(pushes))
	now := time.Now()
	for i := range pushes {
		m := &pushes[i]
		keys[i] = wechat.DedupeKey(m)
		batch[i] = inbox.Inbound{
			Message: inbox.Message{AccountID: acct.ID, OpenID: m.FromUserName, MsgType: m.MsgType, Event: m.Event,
				EventKey: m.EventKey, MsgID: m.MsgID, DedupeKey: keys[i], Content: m.Content,
				CreateTime: time.Unix(m.CreateTime, 0), ReceivedAt: now},
			Follower: audience.ChangeFromPush(m, now),
		}
	}
	res, err := db.CommitInbound(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range res {
		if c.Duplicate {
			t.Fatalf("push %d (%s) was a duplicate", i, keys[i])
		}
	}
	return keys
}

func samplePushes() []wechat.Message {
	ts := time.Now().Unix()
	return []wechat.Message{
		{FromUserName: "o_fan_1", MsgType: wechat.MsgText, Content: "门票多少钱", MsgID: 7001, CreateTime: ts},
		{FromUserName: "o_fan_2", MsgType: wechat.MsgText, Content: "hours?", MsgID: 7002, CreateTime: ts},
		{FromUserName: "o_fan_3", MsgType: wechat.MsgEvent, Event: wechat.EventSubscribe, EventKey: "qrscene_store_001", CreateTime: ts},
	}
}

func writeAckLog(t *testing.T, lines ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "acks.log")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadgenCheck(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	addAccount(t, dir, testAppID)
	keys := commitPushes(t, dir, testAppID, samplePushes())
	const missing = "m:999999"
	check := func(ackLog string) result {
		return runCLI(t, nil, "loadgen", "check", "--data", dir, "--account", testAppID, "--ack-log", ackLog)
	}

	// Blank lines and repeated keys (WeChat retries) count once.
	all := writeAckLog(t, keys[0], keys[1], "", keys[1], keys[2], "  "+keys[0]+"  ")
	r := check(all)
	if r.err != nil {
		t.Fatalf("all stored: %v\n%s", r.err, r.stdout)
	}
	if !strings.Contains(r.stdout, fmt.Sprintf("acknowledged 已确认: %d distinct", len(keys))) || !strings.Contains(r.stdout, "missing 丢失: 0") {
		t.Errorf("all stored, report:\n%s", r.stdout)
	}

	r = check(writeAckLog(t, append(keys, missing)...))
	if r.err == nil || !hasHan(r.err.Error()) {
		t.Fatalf("a missing key: err = %v, want a bilingual error\n%s", r.err, r.stdout)
	}
	if !strings.Contains(r.stdout, "missing 丢失: 1") || !strings.Contains(r.stdout, "missing: "+missing) {
		t.Errorf("report does not name the missing key:\n%s", r.stdout)
	}
	for _, k := range keys {
		if strings.Contains(r.stdout, "missing: "+k) {
			t.Errorf("stored key %s reported missing", k)
		}
	}

	// The committed pushes show in stats too.
	stats := statsJSON(t, dir, testAppID)
	if count(t, stats, "messages") != 2 || count(t, stats, "events") != 1 || count(t, stats, "followers") != 3 {
		t.Errorf("stats after 2 messages and 1 follow: %v", stats)
	}
}

func TestLoadgenCheckErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	addAccount(t, dir, testAppID)
	acks := writeAckLog(t, "m:1")
	tests := []struct {
		name string
		args []string
		code errs.Code
	}{
		{"no account", []string{"--data", dir, "--ack-log", acks}, errs.Invalid},
		{"no ack log", []string{"--data", dir, "--account", testAppID}, errs.Invalid},
		{"unknown account", []string{"--data", dir, "--account", "wxnobody", "--ack-log", acks}, errs.NotFound},
		{"missing ack log", []string{"--data", dir, "--account", testAppID, "--ack-log", filepath.Join(dir, "none")}, errs.Internal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, nil, append([]string{"loadgen", "check"}, tt.args...)...)
			if !errs.Is(r.err, tt.code) {
				t.Fatalf("err = %v (code %q), want %s", r.err, errs.CodeOf(r.err), tt.code)
			}
		})
	}
}
