package menu_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/menu"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/simulator/simtest"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/wechat"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// env is a menu service on a real SQLite store, talking to the simulator.
type env struct {
	svc   *menu.Service
	db    *sqlstore.DB
	sim   *simulator.Platform
	rules *autoreply.Registry
	acct  *account.Account
	arts  *content.Service
	wx    menu.WeChat // the account's menu API, as the service uses it
}

func newEnv(t *testing.T) *env {
	t.Helper()
	p, api := simtest.NewServer(t, simulator.Options{})
	sa := simtest.Account("wx_menu_svc", simulator.ModePlain, "")
	simtest.MustAdd(t, p, sa)
	db, err := sqlstore.Open(t.Context(), filepath.Join(t.TempDir(), "menu.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	a := &account.Account{AppID: sa.AppID, Name: "菜单", Token: sa.Token, Secret: sa.Secret, Type: account.Service,
		Mode: account.ModePlain, TimeZone: account.DefaultTimeZone, APIBase: api.URL}
	if err := db.CreateAccount(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	wx := wxclient.New(wxclient.Options{BaseURL: api.URL})
	e := &env{db: db, sim: p, rules: autoreply.NewRegistry(db, nil), acct: a, arts: content.NewService(db, nil)}
	e.wx = wx.Account(wxclient.Credentials{AppID: a.AppID, Secret: a.Secret, BaseURL: a.APIBase})
	e.svc = menu.NewService(menu.Options{Store: db, Rules: e.rules, Articles: e.arts,
		WeChat: func(*account.Account) menu.WeChat { return e.wx }})
	return e
}

// clickReply decides a CLICK on key with the account's live rules.
func (e *env) clickReply(t *testing.T, key string) autoreply.Decision {
	t.Helper()
	d, err := e.rules.Decide(t.Context(), e.acct.ID, simulator.Click("oFan", key), e.acct.CreatedAt, nil)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestPublishClickReplies(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	keep := &autoreply.RuleSet{AccountID: e.acct.ID, Rules: []autoreply.Rule{{Name: "hi", Trigger: autoreply.TriggerKeyword,
		Keywords: []autoreply.Keyword{{Text: "你好"}}, Replies: []wechat.Reply{{Type: "text", Content: "您好"}}}}}
	if _, err := e.rules.Save(ctx, keep); err != nil {
		t.Fatal(err)
	}
	art := &content.Article{AccountID: e.acct.ID, Title: "春季上新", CoverURL: "https://img.example.com/c.jpg", URL: "https://example.com/spring"}
	if err := e.arts.Create(ctx, art); err != nil {
		t.Fatal(err)
	}
	doc := menu.Document{Buttons: []menu.Button{
		{Name: "营业时间", Type: menu.TypeClick, Key: "HOURS", Reply: &menu.Reply{Text: "每天 9:00–18:00"}},
		{Name: "更多", Sub: []menu.Button{
			{Name: "新品", Type: menu.TypeClick, Reply: &menu.Reply{ArticleID: art.ID}},
			{Name: "新品页", Type: menu.TypeView, ArticleID: art.ID},
		}},
	}}
	v, err := e.svc.Save(ctx, e.acct.ID, 1, 0, doc, "")
	if err != nil || v.Version != 1 {
		t.Fatalf("Save = %+v, %v", v, err)
	}
	newKey := v.Doc.Buttons[1].Sub[0].Key
	p, err := e.svc.Publish(ctx, e.acct, 1)
	if err != nil || p.Version != 1 || p.RuleVersion != 2 {
		t.Fatalf("Publish = %+v, %v; want version 1 with rule set version 2", p, err)
	}
	sim := e.sim.Menus(e.acct.AppID)
	if sim.Menu == nil || len(sim.Menu.Button) != 2 || sim.Menu.Button[1].SubButton[1].URL != art.URL || sim.Menu.Button[0].Key != "HOURS" {
		t.Fatalf("simulator holds %+v", sim.Menu)
	}
	if d := e.clickReply(t, "HOURS"); !d.Matched || d.Reply.Content != "每天 9:00–18:00" || d.Rule.Name != "menu:HOURS" {
		t.Errorf("click HOURS decided %+v", d)
	}
	if d := e.clickReply(t, newKey); d.Reply.Type != wechat.ReplyNews || d.Reply.Articles[0].URL != art.URL {
		t.Errorf("click %s decided %+v, want the article", newKey, d)
	}
	rs, _ := e.rules.RuleSet(ctx, e.acct.ID, 0)
	if len(rs.Rules) != 3 || rs.Rules[0].Name != "hi" {
		t.Fatalf("rules after publish = %+v, want the keyword rule kept and 2 menu rules", rs.Rules)
	}
	hoursID := rs.Rules[1].ID

	// Publishing the same draft again stores no new rule version; changing
	// a reply does, and the rule keeps its id.
	if p, err := e.svc.Publish(ctx, e.acct, 1); err != nil || p.RuleVersion != 2 {
		t.Fatalf("republish = %+v, %v; want rule version unchanged", p, err)
	}
	v.Doc.Buttons[0].Reply.Text = "周末休息"
	v.Doc.Buttons[1].Sub = v.Doc.Buttons[1].Sub[1:]
	if _, err := e.svc.Save(ctx, e.acct.ID, 1, 1, v.Doc, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Save(ctx, e.acct.ID, 1, 1, v.Doc, ""); !errs.Is(err, errs.Conflict) {
		t.Fatalf("save on a stale base: %v, want Conflict", err)
	}
	if _, err := e.svc.Publish(ctx, e.acct, 1); err != nil {
		t.Fatal(err)
	}
	rs, _ = e.rules.RuleSet(ctx, e.acct.ID, 0)
	if len(rs.Rules) != 2 || rs.Rules[1].ID != hoursID || rs.Rules[1].Replies[0].Content != "周末休息" {
		t.Errorf("rules after the second publish = %+v", rs.Rules)
	}
	if d := e.clickReply(t, newKey); d.Matched {
		t.Errorf("the removed button's key still answers: %+v", d)
	}

	// Unpublish removes the menu and its rules, keeping the others.
	if err := e.svc.Unpublish(ctx, e.acct, 1); err != nil {
		t.Fatal(err)
	}
	rs, _ = e.rules.RuleSet(ctx, e.acct.ID, 0)
	if e.sim.Menus(e.acct.AppID).Menu != nil || len(rs.Rules) != 1 || rs.Rules[0].Name != "hi" {
		t.Errorf("after unpublish: simulator %+v, rules %+v", e.sim.Menus(e.acct.AppID), rs.Rules)
	}
	if pub, _ := e.svc.Published(ctx, e.acct.ID); pub.Version != 0 {
		t.Errorf("published after unpublish = %+v", pub)
	}
}

func TestPublishConditional(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	synced, err := e.db.CreateTag(ctx, e.acct.ID, "会员", 101)
	if err != nil {
		t.Fatal(err)
	}
	local, err := e.db.CreateTag(ctx, e.acct.ID, "本地", 0)
	if err != nil {
		t.Fatal(err)
	}
	base := []menu.Button{{Name: "首页", Type: menu.TypeView, URL: "https://example.com"}}
	vip := []menu.Button{{Name: "会员专区", Type: menu.TypeClick, Key: "VIP", Reply: &menu.Reply{Text: "尊贵的会员"}}}
	doc := menu.Document{Buttons: base, Conditional: []menu.Conditional{{TagID: local.ID, Buttons: vip}}}
	if _, err := e.svc.Save(ctx, e.acct.ID, 1, 0, doc, ""); err != nil {
		t.Fatalf("save with a local tag: %v", err)
	}
	_, err = e.svc.Publish(ctx, e.acct, 1)
	if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "个性化菜单 1") || !strings.Contains(err.Error(), "not on WeChat yet") {
		t.Fatalf("publish with a local tag: %v, want Invalid naming conditional menu 1", err)
	}
	// A conditional menu made elsewhere (the console, an earlier install)
	// goes too when the menu is published.
	foreign := []wxclient.MenuButton{{Type: "click", Name: "旧菜单", Key: "OLD"}}
	if err := e.wx.CreateMenu(ctx, foreign); err != nil {
		t.Fatal(err)
	}
	if _, err := e.wx.AddConditionalMenu(ctx, foreign, wxclient.MatchRule{TagID: "55"}); err != nil {
		t.Fatal(err)
	}
	doc.Conditional[0].TagID = synced.ID
	if _, err := e.svc.Save(ctx, e.acct.ID, 1, 0, doc, ""); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second publish replaces the conditional menu, not adds one
		if _, err := e.svc.Publish(ctx, e.acct, 1); err != nil {
			t.Fatal(err)
		}
	}
	sim := e.sim.Menus(e.acct.AppID)
	if len(sim.Conditional) != 1 || sim.Conditional[0].MatchRule.TagID != "101" || sim.Conditional[0].Button[0].Key != "VIP" {
		t.Fatalf("simulator conditional menus = %+v", sim.Conditional)
	}
	remote, err := e.svc.Remote(ctx, e.acct)
	if err != nil || len(remote.Conditional) != 1 || string(remote.Conditional[0].MenuID) == "" {
		t.Fatalf("Remote = %+v, %v", remote, err)
	}
	if d := e.clickReply(t, "VIP"); d.Reply.Content != "尊贵的会员" {
		t.Errorf("click VIP decided %+v", d)
	}
}

func TestPublishRefusedByWeChat(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	_, err := e.svc.Publish(ctx, e.acct, 1)
	if !errs.Is(err, errs.Invalid) {
		t.Fatalf("publish without a draft: %v", err)
	}
	// A tag that was deleted on WeChat: addconditional still works in the
	// simulator, so check the errcode path with a default menu WeChat refuses.
	doc := menu.Document{Buttons: []menu.Button{{Name: "小程序", Type: menu.TypeMiniprogram, AppID: "wxapp", PagePath: "pages/x", URL: "https://example.com"}}}
	if _, err := e.svc.Save(ctx, e.acct.ID, 1, 0, doc, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Publish(ctx, e.acct, 1); err != nil {
		t.Fatalf("publish a mini program button: %v", err)
	}
	remote, err := e.svc.Remote(ctx, e.acct)
	if err != nil || remote.Menu.Button[0].AppID != "wxapp" {
		t.Fatalf("Remote = %+v, %v", remote, err)
	}
	if err := e.svc.Unpublish(ctx, e.acct, 1); err != nil {
		t.Fatal(err)
	}
	if remote, err := e.svc.Remote(ctx, e.acct); err != nil || len(remote.Menu.Button) != 0 {
		t.Fatalf("Remote without a menu = %+v, %v; want empty", remote, err)
	}
}

// TestPublishDuringCanary: publishing new click replies while a rule canary
// runs is refused before WeChat is called, so the trial does not end as a
// side effect; once the canary stops, the same publish goes through.
func TestPublishDuringCanary(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	base := &autoreply.RuleSet{AccountID: e.acct.ID, Rules: []autoreply.Rule{{Name: "hi", Trigger: autoreply.TriggerKeyword,
		Keywords: []autoreply.Keyword{{Text: "你好"}}, Replies: []wechat.Reply{{Type: "text", Content: "您好"}}}}}
	if _, err := e.rules.Save(ctx, base); err != nil {
		t.Fatal(err)
	}
	trial := &autoreply.RuleSet{AccountID: e.acct.ID, Rules: base.Rules}
	if _, _, err := e.rules.SaveCanary(ctx, trial, autoreply.Canary{AccountID: e.acct.ID, Percent: 10}); err != nil {
		t.Fatal(err)
	}
	doc := menu.Document{Buttons: []menu.Button{{Name: "时间", Type: menu.TypeClick, Key: "T", Reply: &menu.Reply{Text: "9 点"}}}}
	if _, err := e.svc.Save(ctx, e.acct.ID, 1, 0, doc, ""); err != nil {
		t.Fatal(err)
	}
	_, err := e.svc.Publish(ctx, e.acct, 1)
	if !errs.Is(err, errs.Conflict) || !strings.Contains(err.Error(), "灰度") {
		t.Fatalf("publish during a canary: %v, want Conflict", err)
	}
	if m := e.sim.Menus(e.acct.AppID); m.Menu != nil {
		t.Fatalf("WeChat was called anyway: %+v", m)
	}
	if err := e.rules.StopCanary(ctx, e.acct.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Publish(ctx, e.acct, 1); err != nil {
		t.Fatalf("publish after the canary: %v", err)
	}
}

// TestSaveUnknownArticle: a button naming a missing article is refused
// with its place; without the article library the save is Unavailable,
// not blamed on the button.
func TestSaveUnknownArticle(t *testing.T) {
	e := newEnv(t)
	doc := menu.Document{Buttons: []menu.Button{{Name: "新品", Type: menu.TypeView, ArticleID: 99999}}}
	_, err := e.svc.Save(t.Context(), e.acct.ID, 0, 0, doc, "")
	if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "article 99999 does not exist") {
		t.Errorf("save naming a missing article = %v, want Invalid naming it", err)
	}
	noLib := menu.NewService(menu.Options{Store: e.db, Rules: e.rules,
		WeChat: func(*account.Account) menu.WeChat { return e.wx }})
	_, err = noLib.Save(t.Context(), e.acct.ID, 0, 0, doc, "")
	if !errs.Is(err, errs.Unavailable) {
		t.Errorf("save without the library = %v, want Unavailable", err)
	}
	if _, err := e.db.LatestMenuVersion(t.Context(), e.acct.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("a refused save stored a version: %v", err)
	}
}
