package tagging_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience/tagging"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/simulator/simtest"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

const appID = "wx_tagging_test"

// env is a simulated account with followers o0…o(n-1) plus "gone" (left),
// a real SQLite store knowing the same followers, and the service.
type env struct {
	sim  *simulator.Platform
	db   *sqlstore.DB
	acct *account.Account
	svc  *tagging.Service
	wx   *wxclient.Account
}

func newEnv(t *testing.T, n int) *env {
	t.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	sim, srv := simtest.NewServer(t, simulator.Options{Logger: quiet})
	sa := simtest.Account(appID, simulator.ModePlain, "")
	simtest.MustAdd(t, sim, sa)
	db, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "tags.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	acct := &account.Account{AppID: appID, Name: "标签测试", Token: "tok123", Type: account.Service,
		Mode: account.ModePlain, Secret: sa.Secret, TimeZone: account.DefaultTimeZone, APIBase: srv.URL}
	if err := db.CreateAccount(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, n)
	for i := range n {
		ids[i] = fmt.Sprintf("o%03d", i)
		if err := sim.AddFollower(appID, simulator.Follower{OpenID: ids[i], Subscribed: true}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sim.AddFollower(appID, simulator.Follower{OpenID: "gone"}); err != nil {
		t.Fatal(err)
	}
	wx := wxclient.New(wxclient.Options{BaseURL: srv.URL, RatePerSecond: -1, Logger: quiet}).
		Account(wxclient.Credentials{AppID: appID, Secret: sa.Secret, BaseURL: srv.URL})
	e := &env{sim: sim, db: db, acct: acct, wx: wx}
	e.svc = tagging.New(db, func(a *account.Account) tagging.API {
		if a.Secret == "" {
			return nil
		}
		return wx
	}, quiet)
	return e
}

func openIDs(from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, fmt.Sprintf("o%03d", i))
	}
	return out
}

// localMembers lists the openids carrying the tag locally.
func (e *env) localMembers(t *testing.T, tagID int64) []string {
	t.Helper()
	ids, err := e.db.TagFollowerIDs(context.Background(), e.acct.ID, tagID, "", 100000)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// simMembers lists the followers carrying wx tag id at the simulator.
func (e *env) simMembers(wx int64, ids []string) []string {
	var out []string
	for _, id := range ids {
		if slices.Contains(e.sim.FollowerTags(appID, id), int(wx)) {
			out = append(out, id)
		}
	}
	return out
}

func TestCreateRenameDelete(t *testing.T) {
	e := newEnv(t, 0)
	ctx := context.Background()
	tag, err := e.svc.Create(ctx, e.acct, "  老客户 ")
	if err != nil || tag.Name != "老客户" || !tag.Synced() {
		t.Fatalf("Create = %+v, %v", tag, err)
	}
	if sim := e.sim.Tags(appID); len(sim) != 1 || int64(sim[0].ID) != tag.WxTagID || sim[0].Name != "老客户" {
		t.Fatalf("simulator tags = %+v", sim)
	}
	if tag, err = e.svc.Rename(ctx, e.acct, tag.ID, "VIP"); err != nil || tag.Name != "VIP" {
		t.Fatalf("Rename = %+v, %v", tag, err)
	}
	if sim := e.sim.Tags(appID); sim[0].Name != "VIP" {
		t.Fatalf("simulator tag after rename = %+v", sim)
	}
	if _, err := e.svc.Delete(ctx, e.acct, tag.ID); err != nil {
		t.Fatal(err)
	}
	if sim := e.sim.Tags(appID); len(sim) != 0 {
		t.Fatalf("simulator still has %+v", sim)
	}
	if _, err := e.svc.Get(ctx, e.acct.ID, tag.ID); !errs.Is(err, errs.NotFound) {
		t.Fatalf("Get after delete: %v", err)
	}
}

// TestRefusals checks each refusal is a bilingual errs error naming the
// errcode, and that nothing changed locally.
func TestRefusals(t *testing.T) {
	e := newEnv(t, 0)
	ctx := context.Background()
	vip, _ := e.svc.Create(ctx, e.acct, "VIP")
	if _, err := e.wx.CreateTag(ctx, "只在微信"); err != nil {
		t.Fatal(err)
	}
	for i := range 98 { // 100 tags at WeChat
		if _, err := e.wx.CreateTag(ctx, fmt.Sprintf("t%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		call func() error
		code errs.Code
		want []string
	}{
		{"duplicate locally", func() error { _, err := e.svc.Create(ctx, e.acct, "VIP"); return err }, errs.Conflict, []string{"已存在"}},
		{"duplicate at WeChat", func() error { _, err := e.svc.Create(ctx, e.acct, "只在微信"); return err }, errs.Conflict, []string{"45157", "标签名重复"}},
		{"too long", func() error { _, err := e.svc.Create(ctx, e.acct, strings.Repeat("长", 11)); return err }, errs.Invalid, []string{"30", "字节"}},
		{"empty", func() error { _, err := e.svc.Create(ctx, e.acct, "  "); return err }, errs.Invalid, []string{"不能为空"}},
		{"rename onto WeChat name", func() error { _, err := e.svc.Rename(ctx, e.acct, vip.ID, "只在微信"); return err }, errs.Conflict, []string{"45157"}},
		{"101st tag", func() error { _, err := e.svc.Create(ctx, e.acct, "第101个"); return err }, errs.Invalid, []string{"45056", "100"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if !errs.Is(err, tc.code) {
				t.Fatalf("err = %v, want %s", err, tc.code)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	tags, _ := e.svc.List(ctx, e.acct.ID)
	if len(tags) != 1 || tags[0].Name != "VIP" {
		t.Fatalf("local tags after refusals = %+v", tags)
	}
}

func TestReservedTag(t *testing.T) {
	e := newEnv(t, 0)
	ctx := context.Background()
	star, err := e.db.CreateTag(ctx, e.acct.ID, "星标组", 2)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.Rename(ctx, e.acct, star.ID, "星标")
	if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "45058") {
		t.Fatalf("rename reserved = %v", err)
	}
	if _, err := e.svc.Delete(ctx, e.acct, star.ID); !strings.Contains(fmt.Sprint(err), "45058") {
		t.Fatalf("delete reserved = %v", err)
	}
}

func TestWeChatUnreachable(t *testing.T) {
	e := newEnv(t, 0)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	dead := wxclient.New(wxclient.Options{BaseURL: "http://127.0.0.1:1", RatePerSecond: -1, Logger: quiet}).
		Account(wxclient.Credentials{AppID: appID, Secret: e.acct.Secret, BaseURL: "http://127.0.0.1:1"})
	svc := tagging.New(e.db, func(*account.Account) tagging.API { return dead }, quiet)
	_, err := svc.Create(context.Background(), e.acct, "断网")
	if !errs.Is(err, errs.Unavailable) || !strings.Contains(err.Error(), "无法连接微信") {
		t.Fatalf("err = %v, want Unavailable", err)
	}
	if tags, _ := svc.List(context.Background(), e.acct.ID); len(tags) != 0 {
		t.Errorf("a tag was stored although WeChat was not reached: %+v", tags)
	}
}
