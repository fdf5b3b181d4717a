package broadcast_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/segment"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/simulator/simtest"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/wechat"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// start is 15:00 in China: a subscription account's quota day ends 9 h later.
var start = time.Date(2026, 1, 10, 7, 0, 0, 0, time.UTC)

// env is a broadcast service over a real SQLite store and the simulator,
// sharing one manual clock.
type env struct {
	t     *testing.T
	db    *sqlstore.DB
	p     *simulator.Platform
	clock *simtest.Clock
	acct  *account.Account
	svc   *broadcast.Service
	api   *wxclient.Account
	wrap  *flakyAPI
	live  *livePublisher
}

// livePublisher records the live events the service publishes.
type livePublisher struct {
	mu     sync.Mutex
	events []string
}

func (l *livePublisher) PublishKind(accountID int64, kind, data string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, fmt.Sprintf("%d/%s/%s", accountID, kind, data))
}

func (l *livePublisher) count(event string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, e := range l.events {
		if e == event {
			n++
		}
	}
	return n
}

// newEnv makes an account of type typ with n subscribed followers
// o00000…, known to the simulator and to the store.
func newEnv(t *testing.T, typ account.Type, n int) *env {
	t.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	clock := simtest.NewClock(start)
	p, srv := simtest.NewServer(t, simulator.Options{Logger: quiet, Now: clock.Now})
	p.SetJobDelay(0)
	t.Cleanup(p.WaitJobs)
	appid := "wx_bc_" + string(typ)
	sa := simtest.Account(appid, simulator.ModePlain, "")
	sa.Type = string(typ)
	simtest.MustAdd(t, p, sa)
	db, err := sqlstore.OpenSQLite(t.Context(), filepath.Join(t.TempDir(), "fanbase.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	acct := &account.Account{AppID: appid, Name: "群发 test", Token: sa.Token, Secret: sa.Secret, Type: typ,
		Mode: account.ModePlain, TimeZone: account.DefaultTimeZone, APIBase: srv.URL}
	if err := db.CreateAccount(t.Context(), acct); err != nil {
		t.Fatal(err)
	}
	c := wxclient.New(wxclient.Options{BaseURL: srv.URL, Store: db, Logger: quiet})
	e := &env{t: t, db: db, p: p, clock: clock, acct: acct,
		api: c.Account(wxclient.Credentials{AppID: appid, Secret: sa.Secret, BaseURL: srv.URL})}
	e.wrap = &flakyAPI{Account: e.api}
	e.live = &livePublisher{}
	e.svc = broadcast.NewService(broadcast.Deps{Store: db, Tags: db, Segments: segment.NewService(db, clock.Now),
		API: func(*account.Account) broadcast.WeChat { return e.wrap }, Logger: quiet, Now: clock.Now, MaxBatch: testBatch, Live: e.live})
	e.addFollowers(n)
	return e
}

// testBatch keeps openid batches small so that tests need few followers.
const testBatch = 100

func openID(i int) string { return fmt.Sprintf("o%05d", i) }

func (e *env) addFollowers(n int) {
	e.t.Helper()
	rows := make([][]any, n)
	for i := range n {
		if err := e.p.AddFollower(e.acct.AppID, simulator.Follower{OpenID: openID(i), Subscribed: true}); err != nil {
			e.t.Fatal(err)
		}
		rows[i] = []any{e.acct.ID, openID(i), true, start.Add(-time.Hour)}
	}
	if err := e.db.BulkLoad(e.t.Context(), "followers", []string{"account_id", "openid", "subscribed", "first_seen_at"}, rows); err != nil {
		e.t.Fatal(err)
	}
}

// create stores a draft and schedules it now.
func (e *env) create(d broadcast.Draft) int64 {
	e.t.Helper()
	b, err := e.svc.Create(e.t.Context(), e.acct.ID, 1, d)
	if err != nil {
		e.t.Fatalf("Create: %v", err)
	}
	if err := e.svc.Schedule(e.t.Context(), e.acct.ID, b.ID, time.Time{}); err != nil {
		e.t.Fatalf("Schedule: %v", err)
	}
	return b.ID
}

func textDraft(title string, a broadcast.Audience) broadcast.Draft {
	return broadcast.Draft{Title: title, Kind: broadcast.KindText, Text: "春季上新，全场 8 折 " + title, Audience: a}
}

var all = broadcast.Audience{Kind: broadcast.AudienceAll}

// run runs the broadcast and wants it to end with status.
func (e *env) run(id int64, status string) broadcast.Broadcast {
	e.t.Helper()
	if err := e.svc.Run(e.t.Context(), e.acct.ID, id); err != nil {
		e.t.Fatalf("Run: %v", err)
	}
	b, err := e.svc.Get(e.t.Context(), e.acct.ID, id)
	if err != nil || b.Status != status {
		e.t.Fatalf("after Run: %+v, %v; want status %s", b, err, status)
	}
	return b
}

// received counts, per follower, the mass sends and templates of a
// broadcast (by its clientmsgid prefix) the simulator delivered.
func (e *env) received(id int64, n int) map[int]int {
	hist := map[int]int{}
	prefix := fmt.Sprintf("fb-%d-", id)
	for i := range n {
		c := 0
		for _, b := range e.p.Broadcasts(e.acct.AppID, openID(i)) {
			if strings.HasPrefix(b.ClientMsgID, prefix) {
				c++
			}
		}
		hist[c]++
	}
	return hist
}

// commitEvent stores a push as the gateway would.
func (e *env) commitEvent(m *wechat.Message, at time.Time) {
	e.t.Helper()
	m.ToUserName, m.MsgType, m.CreateTime = "gh_test", wechat.MsgEvent, at.Unix()
	raw, err := wechat.EncodePush(m)
	if err != nil {
		e.t.Fatal(err)
	}
	in := inbox.Inbound{Message: inbox.Message{AccountID: e.acct.ID, OpenID: m.FromUserName, Kind: inbox.KindEvent,
		MsgType: wechat.MsgEvent, Event: m.Event, MsgID: max(m.MsgID, m.JobMsgID), DedupeKey: wechat.DedupeKey(m),
		Raw: raw, CreateTime: at, ReceivedAt: at}, Follower: audience.ChangeFromPush(m, at)}
	if _, err := e.db.CommitInbound(e.t.Context(), []inbox.Inbound{in}); err != nil {
		e.t.Fatal(err)
	}
}

// errLost is a transport failure after the call reached WeChat.
var errLost = errors.New("connection reset after the request was sent")

// flakyAPI passes calls to the simulator; loseAfter makes the next mass
// or template call go through but lose its answer.
type flakyAPI struct {
	*wxclient.Account
	mu        sync.Mutex
	loseNext  bool
	massCalls int
}

func (f *flakyAPI) lose() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	l := f.loseNext
	f.loseNext = false
	return l
}

func (f *flakyAPI) SendMass(ctx context.Context, openIDs []string, c wxclient.MassContent, id string) (wxclient.MassResult, error) {
	f.mu.Lock()
	f.massCalls++
	f.mu.Unlock()
	res, err := f.Account.SendMass(ctx, openIDs, c, id)
	if err == nil && f.lose() {
		return wxclient.MassResult{}, errLost
	}
	return res, err
}

func (f *flakyAPI) SendTemplate(ctx context.Context, m wxclient.TemplateMessage) (int64, error) {
	id, err := f.Account.SendTemplate(ctx, m)
	if err == nil && f.lose() {
		return 0, errLost
	}
	return id, err
}
