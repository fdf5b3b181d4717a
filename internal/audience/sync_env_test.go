package audience_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/audience/wxsync"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/simulator/simtest"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

const syncAppID = "wx_sync_test"

// syncEnv is a simulated account with followers, a real SQLite store and
// the API client pointed at the simulator.
type syncEnv struct {
	sim   *simulator.Platform
	db    *sqlstore.DB
	acct  int64
	api   *countingAPI
	clock *simtest.Clock
}

// subscribeBase is when the simulated followers subscribed (whole seconds,
// as WeChat's subscribe_time).
var subscribeBase = time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)

func newSyncEnv(tb testing.TB, followers int, opts simulator.Options) *syncEnv {
	tb.Helper()
	clock := simtest.NewClock(time.Now())
	opts.Now = clock.Now
	sim, srv := simtest.NewServer(tb, opts)
	simtest.MustAdd(tb, sim, simtest.Account(syncAppID, "plain", ""))
	for i := range followers {
		addSimFollower(tb, sim, i)
	}
	db, err := sqlstore.Open(context.Background(), filepath.Join(tb.TempDir(), "fanbase.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	a := &account.Account{AppID: syncAppID, Name: "同步测试", Token: "tok123", Type: account.Service,
		Mode: account.ModePlain, Secret: simtest.Account(syncAppID, "plain", "").Secret,
		TimeZone: account.DefaultTimeZone, APIBase: srv.URL}
	if err := db.CreateAccount(context.Background(), a); err != nil {
		tb.Fatal(err)
	}
	client := wxclient.New(wxclient.Options{BaseURL: srv.URL, RatePerSecond: 2000, Burst: 100})
	wx := client.Account(wxclient.Credentials{AppID: a.AppID, Secret: a.Secret, BaseURL: srv.URL})
	return &syncEnv{sim: sim, db: db, acct: a.ID, api: &countingAPI{api: wxsync.API{Account: wx}}, clock: clock}
}

func addSimFollower(tb testing.TB, sim *simulator.Platform, i int) {
	f := simulator.Follower{OpenID: simOpenID(i), Subscribed: true, Language: "zh_CN",
		SubscribeTime: subscribeBase.Add(time.Duration(i) * time.Second), Scene: simulator.SceneSearch,
		Remark: fmt.Sprintf("备注%d", i)}
	if i%10 == 0 {
		f.Scene, f.QRSceneStr = simulator.SceneQRCode, "门店A"
	}
	if err := sim.AddFollower(syncAppID, f); err != nil {
		tb.Fatal(err)
	}
}

func simOpenID(i int) string { return fmt.Sprintf("oSim_%07d", i) }

func (e *syncEnv) syncer() *audience.Syncer {
	return &audience.Syncer{API: e.api, Store: e.db, AccountID: e.acct, MinuteBackoff: time.Millisecond,
		Lease: e.db, Holder: "test"}
}

// countingAPI counts the calls that reached the API and can cancel a run
// when a given call starts, the way a crash or Ctrl-C would stop it.
type countingAPI struct {
	api           audience.SyncAPI
	lists, people atomic.Int64
	tagLists      atomic.Int64
	cancelAt      func(lists, people int64) bool
	cancel        context.CancelFunc
	fail          func(people int64) error // injected refusal of a profile call
}

func (c *countingAPI) UserList(ctx context.Context, next string) (*audience.ListPage, error) {
	if c.stop(c.lists.Load()+1, c.people.Load()) {
		return nil, ctx.Err()
	}
	c.lists.Add(1)
	return c.api.UserList(ctx, next)
}

func (c *countingAPI) UserProfiles(ctx context.Context, ids []string) ([]audience.SyncProfile, error) {
	if c.stop(c.lists.Load(), c.people.Load()+1) {
		return nil, ctx.Err()
	}
	if c.fail != nil {
		if err := c.fail(c.people.Load() + 1); err != nil {
			return nil, err
		}
	}
	c.people.Add(1)
	return c.api.UserProfiles(ctx, ids)
}

func (c *countingAPI) Tags(ctx context.Context) ([]audience.RemoteTag, error) {
	c.tagLists.Add(1)
	return c.api.Tags(ctx)
}

func (c *countingAPI) stop(lists, people int64) bool {
	if c.cancelAt == nil || !c.cancelAt(lists, people) {
		return false
	}
	c.cancel()
	return true
}
