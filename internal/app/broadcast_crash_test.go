package app_test

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/segment"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/simulator/simtest"
	"github.com/fanbase/fanbase/internal/sqlstore"
)

const crashFollowers = 100_000

// TestBroadcastCrash kills a real fanbase process (SIGKILL) in the middle
// of a broadcast to 100,000 followers, restarts it, and checks from the
// simulator's record that every follower got the broadcast exactly once:
// a service account sending openid batches, and a subscription account
// sending through a temporary tag (killed while tagging and again while
// the mass send is in flight).
func TestBroadcastCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the fanbase binary")
	}
	if raceDetector {
		// Seeding and serving 100,000 simulated followers takes minutes
		// under -race; scripts/test.sh runs this test again without it.
		t.Skip("runs without -race (scripts/test.sh runs it separately)")
	}
	bin := buildFanbase(t)
	tests := []struct {
		name  string
		typ   account.Type
		kills []killPoint
	}{
		{"service account, openid batches", account.Service, []killPoint{{massCall: 4}}},
		{"subscription account, temporary tag", account.Subscription, []killPoint{{tagged: 30_000}, {massCall: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			t0 := time.Now()
			c := newCrashEnv(t, bin, tt.typ)
			t.Logf("seeded in %v", time.Since(t0))
			for _, k := range tt.kills {
				c.inCall, c.release = make(chan struct{}), make(chan struct{})
				c.blockAt.Store(int64(k.massCall))
				c.start()
				c.killAt(k)
				c.clock.Add(int64(2 * time.Minute)) // WeChat's clientmsgid retry gap passes
			}
			t0 = time.Now()
			c.start()
			c.waitSent()
			t.Logf("last run took %v", time.Since(t0))
			c.check()
		})
	}
}

// killPoint is when to kill: during the n-th mass call (blocked in the
// simulator, so the call is in flight) or once n followers carry the tag.
type killPoint struct {
	massCall int
	tagged   int
}

type crashEnv struct {
	t       *testing.T
	bin     string
	dir     string
	addr    string
	apiBase string
	p       *simulator.Platform
	acct    *account.Account
	id      int64
	clock   atomic.Int64  // the simulator's offset from the wall clock
	calls   atomic.Int64  // mass calls the simulator received
	blockAt atomic.Int64  // the mass call to hold in flight (0: none)
	inCall  chan struct{} // the held call arrived
	release chan struct{} // closed to let the held call be recorded
	cmd     *exec.Cmd
	exited  chan struct{} // closed when cmd ended
}

func buildFanbase(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "fanbase")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/fanbase/fanbase/cmd/fanbase").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// newCrashEnv seeds the simulator and a SQLite store with 100,000
// followers and a scheduled broadcast to all of them (for a subscription
// account: to a segment of all of them, which needs a temporary tag).
func newCrashEnv(t *testing.T, bin string, typ account.Type) *crashEnv {
	c := &crashEnv{t: t, bin: bin, dir: t.TempDir(), addr: freeAddr(t)}
	p, srv := simtest.NewServer(t, simulator.Options{Logger: quiet, Now: func() time.Time {
		return time.Now().Add(time.Duration(c.clock.Load()))
	}})
	c.p, c.apiBase = p, srv.URL
	p.SetSendHook(func() {
		if c.calls.Add(1) == c.blockAt.Load() {
			inCall, release := c.inCall, c.release
			close(inCall)
			<-release // held until the test has killed the process
		}
	})
	appid := "wx_crash_" + string(typ)
	sa := simtest.Account(appid, simulator.ModePlain, "http://"+c.addr+"/wx/"+appid)
	sa.Type = string(typ)
	simtest.MustAdd(t, p, sa)
	db, err := sqlstore.OpenSQLite(t.Context(), filepath.Join(c.dir, "fanbase.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c.acct = &account.Account{AppID: appid, Name: "崩溃测试 crash", Token: sa.Token, Secret: sa.Secret, Type: typ,
		Mode: account.ModePlain, TimeZone: account.DefaultTimeZone, APIBase: srv.URL}
	if err := db.CreateAccount(t.Context(), c.acct); err != nil {
		t.Fatal(err)
	}
	c.seedFollowers(db)
	c.schedule(db)
	return c
}

func crashOpenID(i int) string { return fmt.Sprintf("oCrash%06d", i) }

func (c *crashEnv) seedFollowers(db *sqlstore.DB) {
	rows := make([][]any, crashFollowers)
	for i := range crashFollowers {
		if err := c.p.AddFollower(c.acct.AppID, simulator.Follower{OpenID: crashOpenID(i), Subscribed: true}); err != nil {
			c.t.Fatal(err)
		}
		rows[i] = []any{c.acct.ID, crashOpenID(i), true, time.Now().Add(-time.Hour)}
	}
	err := db.BulkLoad(c.t.Context(), "followers", []string{"account_id", "openid", "subscribed", "first_seen_at"}, rows)
	if err != nil {
		c.t.Fatal(err)
	}
}

func (c *crashEnv) schedule(db *sqlstore.DB) {
	ctx := c.t.Context()
	segs := segment.NewService(db, nil)
	svc := broadcast.NewService(broadcast.Deps{Store: db, Segments: segs, Tags: db, Logger: quiet})
	d := broadcast.Draft{Title: "十万粉丝", Kind: broadcast.KindText, Text: "周年庆 全场 5 折", Audience: broadcast.Audience{Kind: broadcast.AudienceAll}}
	if c.acct.Type == account.Subscription {
		seg := &segment.Segment{AccountID: c.acct.ID, Name: "全部关注者"}
		if err := segs.Create(ctx, seg); err != nil {
			c.t.Fatal(err)
		}
		d.Audience = broadcast.Audience{Kind: broadcast.AudienceSegment, SegmentID: seg.ID}
	}
	b, err := svc.Create(ctx, c.acct.ID, 0, d)
	if err == nil {
		err = svc.Schedule(ctx, c.acct.ID, b.ID, time.Time{})
	}
	if err != nil {
		c.t.Fatal(err)
	}
	c.id = b.ID
}

// start runs `fanbase serve` on the data directory and waits until it serves.
func (c *crashEnv) start() {
	c.t.Helper()
	log, err := os.OpenFile(filepath.Join(c.dir, "server.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		c.t.Fatal(err)
	}
	defer log.Close()
	c.cmd = exec.Command(c.bin, "serve", "--addr", c.addr, "--data", c.dir, "--api-base", c.apiBase, "--api-rate", "-1")
	c.cmd.Stdout, c.cmd.Stderr = log, log
	if err := c.cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	cmd, exited := c.cmd, make(chan struct{})
	c.exited = exited
	go func() { _ = cmd.Wait(); close(exited) }()
	c.t.Cleanup(func() { _ = cmd.Process.Kill(); <-exited })
	for {
		res, err := http.Get("http://" + c.addr + "/healthz")
		if err == nil {
			res.Body.Close()
			return
		}
		c.sleep(50 * time.Millisecond)
	}
}

// stop signals the server and waits for it to end.
func (c *crashEnv) stop(sig syscall.Signal) {
	c.t.Helper()
	if err := c.cmd.Process.Signal(sig); err != nil {
		c.t.Fatal(err)
	}
	<-c.exited
}

// sleep waits d, failing the test with the server's log when the server
// ended by itself.
func (c *crashEnv) sleep(d time.Duration) {
	select {
	case <-c.exited:
		log, _ := os.ReadFile(filepath.Join(c.dir, "server.log"))
		c.t.Fatalf("fanbase serve ended by itself:\n%s", log)
	case <-time.After(d):
	}
}

// killAt SIGKILLs the server at the kill point and lets blocked calls go on.
func (c *crashEnv) killAt(k killPoint) {
	c.t.Helper()
	switch {
	case k.massCall > 0:
		for waiting := true; waiting; {
			select {
			case <-c.inCall:
				waiting = false
			default:
				c.sleep(5 * time.Millisecond)
			}
		}
	default:
		for c.tagged() < k.tagged {
			c.sleep(5 * time.Millisecond)
		}
	}
	c.stop(syscall.SIGKILL)
	c.blockAt.Store(0)
	close(c.release) // the call in flight is recorded after its client died
	c.t.Logf("killed at %+v: %d mass jobs, %d tagged", k, len(c.p.MassJobs(c.acct.AppID)), c.tagged())
}

// tagged counts the followers carrying the temporary tag.
func (c *crashEnv) tagged() int {
	for _, tg := range c.p.Tags(c.acct.AppID) {
		if tg.Name == broadcast.TempTagName(c.id) {
			return tg.Count
		}
	}
	return 0
}

// waitSent lets every later call through and waits for the broadcast to
// be sent, then stops the server.
func (c *crashEnv) waitSent() {
	c.t.Helper()
	db, err := sqlstore.OpenSQLite(c.t.Context(), filepath.Join(c.dir, "fanbase.db"))
	if err != nil {
		c.t.Fatal(err)
	}
	defer db.Close()
	for {
		r, err := db.Broadcast(c.t.Context(), c.acct.ID, c.id)
		if err == nil && r.Status == broadcast.StatusSent {
			break
		}
		c.sleep(100 * time.Millisecond)
	}
	c.stop(syscall.SIGTERM)
}

// check asks the simulator what every follower received.
func (c *crashEnv) check() {
	c.t.Helper()
	hist := map[int]int{}
	for i := range crashFollowers {
		hist[len(c.p.Broadcasts(c.acct.AppID, crashOpenID(i)))]++
	}
	if hist[1] != crashFollowers {
		c.t.Errorf("broadcasts received per follower = %v; want all %d exactly once", hist, crashFollowers)
	}
	jobs := c.p.MassJobs(c.acct.AppID)
	want := 10
	if c.acct.Type == account.Subscription {
		want = 1
	}
	if len(jobs) != want {
		c.t.Errorf("mass jobs = %d, want %d", len(jobs), want)
	}
	c.t.Logf("%d mass jobs, %d mass calls, deliveries per follower %v", len(jobs), c.calls.Load(), hist)
}
