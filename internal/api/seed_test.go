package api

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/user"
	"github.com/fanbase/fanbase/internal/wechat"
)

// The two accounts of the seed data.
const (
	appA = "wxapitest0000a01"
	appB = "wxapitest0000b02"
)

// team is who works where: login, account ("a", "b" or "*" for all) and
// role. User ids follow this order (1 to 6).
var team = []struct {
	login, on string
	role      user.Role
}{
	{"owner", "*", user.Owner},
	{"operator", "a", user.Operator},
	{"agent", "a", user.Agent},
	{"agent2", "a", user.Agent},
	{"viewer", "a", user.Viewer},
	{"outsider", "b", user.Agent},
}

// The followers of account a in the seed data.
const (
	fan1 = "oFanAAAA0001" // followed by QR, said hello, then asked for a refund: conversation 1
	fan2 = "oFanAAAA0002" // said hello: no conversation
	fan3 = "oFanAAAA0003" // asked for a person: conversation 2
	fan4 = "oOldBBBB0004" // asked 49 hours ago: conversation 3, its window expired
)

// testRules is version 1 of account a's rules: ids 1 (greeting), 2 (menu)
// and 3 (the default, which hands the follower to the agents).
const testRules = `
rules:
  - name: 问候
    trigger: keyword
    keywords: [{text: 你好, match: exact}]
    replies: [{type: text, content: 您好！有什么可以帮您？}]
  - name: 菜单活动
    trigger: click
    keys: [PROMO]
    replies: [{type: text, content: 活动详情见公众号文章}]
  - name: 默认
    trigger: default
    replies: [{type: text, content: 客服稍后回复您}]
`

// seed fills an empty store with the accounts, the team, the rules, the
// messages and the conversations the scenarios expect.
func (h *harness) seed() error {
	var err error
	if h.a, err = h.addAccount(appA); err != nil {
		return err
	}
	if h.b, err = h.addAccount(appB); err != nil {
		return err
	}
	for _, m := range team {
		if err := h.addPerson(m.login, m.on, m.role); err != nil {
			return err
		}
	}
	if err := h.saveRules(); err != nil {
		return err
	}
	return h.seedMessages()
}

func (h *harness) addAccount(appID string) (*account.Account, error) {
	a := &account.Account{
		AppID: appID, Name: "测试号 " + appID, Token: "tok" + appID[len(appID)-3:], Type: account.Service,
		Mode: account.ModeSafe, AESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
		Secret: "topsecret-" + appID, TimeZone: account.DefaultTimeZone,
	}
	if err := h.db.CreateAccount(context.Background(), a); err != nil {
		return nil, fmt.Errorf("create account %s: %w", appID, err)
	}
	return a, nil
}

// addPerson creates a user with a role, an API token and a session.
func (h *harness) addPerson(login, on string, role user.Role) error {
	ctx := context.Background()
	u, err := h.users.AddUser(ctx, login, "客服 "+login, "password-"+login)
	if err != nil {
		return fmt.Errorf("add user %s: %w", login, err)
	}
	acct := map[string]int64{"*": user.AllAccounts, "a": h.a.ID, "b": h.b.ID}[on]
	if err := h.db.SetMembership(ctx, user.Membership{UserID: u.ID, AccountID: acct, Role: role}); err != nil {
		return fmt.Errorf("grant %s: %w", login, err)
	}
	token, _, err := h.users.CreateToken(ctx, u.ID, "test", 0)
	if err != nil {
		return fmt.Errorf("token of %s: %w", login, err)
	}
	_, sess, secret, err := h.users.Login(ctx, login, "password-"+login, "127.0.0.1", "test")
	if err != nil {
		return fmt.Errorf("log %s in: %w", login, err)
	}
	h.people[login] = &person{u: u, token: token, secret: secret, csrf: sess.CSRF}
	return nil
}

func (h *harness) saveRules() error {
	rs, err := autoreply.ParseRuleFile([]byte(testRules), "yaml")
	if err != nil {
		return fmt.Errorf("parse rules: %w", err)
	}
	rs.AccountID, rs.Note = h.a.ID, "first"
	if _, err := h.rules.Save(context.Background(), rs); err != nil {
		return fmt.Errorf("save rules: %w", err)
	}
	return nil
}

// seedMessages stores what followers of account a sent, with the automatic
// replies of rule set version 1, and lets the desk open conversations.
func (h *harness) seedMessages() error {
	at := h.now.Add(-time.Hour)
	batch := []inbox.Inbound{
		h.subscribe(fan1, "spring", at.Add(-time.Minute)),
		h.text(fan1, 1001, "你好", at, 1),
		h.text(fan1, 1002, "我的订单还没到，退款怎么办", at.Add(time.Minute), 3),
		h.text(fan2, 1003, "你好", at.Add(2*time.Minute), 1),
		h.text(fan3, 1004, "转人工", at.Add(3*time.Minute), 3),
		h.text(fan4, 1005, "还在吗", h.now.Add(-49*time.Hour), 3),
	}
	for _, in := range batch { // one by one, so ids follow time as they do live
		if _, err := h.db.CommitInbound(context.Background(), []inbox.Inbound{in}); err != nil {
			return fmt.Errorf("commit: %w", err)
		}
	}
	if _, err := inbox.NewProjector(h.desk, inbox.ProjectorOptions{}).CatchUp(context.Background()); err != nil {
		return fmt.Errorf("project conversations: %w", err)
	}
	if _, err := h.db.IndexSearch(context.Background(), 1000); err != nil {
		return fmt.Errorf("index for search: %w", err)
	}
	return nil
}

// subscribe is a QR-code follow of account a.
func (h *harness) subscribe(openID, scene string, at time.Time) inbox.Inbound {
	return inbox.Inbound{
		Message: inbox.Message{
			AccountID: h.a.ID, OpenID: openID, Kind: inbox.KindEvent, MsgType: wechat.MsgEvent,
			Event: wechat.EventSubscribe, EventKey: wechat.QRScenePrefix + scene, DedupeKey: openID + "|subscribe",
			Raw: []byte("<xml/>"), CreateTime: at, ReceivedAt: at,
		},
		Follower: audience.Change{OpenID: openID, At: at, Subscribe: true, QRScene: scene},
	}
}

// text is an inbound text message answered by rule ruleID of version 1
// (rule 3, the default, hands the follower to the agents).
func (h *harness) text(openID string, msgID int64, content string, at time.Time, ruleID int64) inbox.Inbound {
	return inbox.Inbound{
		Message: inbox.Message{
			AccountID: h.a.ID, OpenID: openID, Kind: inbox.KindMessage, MsgType: wechat.MsgText,
			MsgID: msgID, DedupeKey: strconv.FormatInt(msgID, 10), Content: content,
			Raw: []byte("<xml/>"), CreateTime: at, ReceivedAt: at, Handoff: ruleID == 3,
		},
		Reply: &inbox.Reply{
			AccountID: h.a.ID, OpenID: openID, Channel: inbox.ChannelPassive, MsgType: "text",
			Content: "auto " + content, Body: []byte("<xml/>"), Status: "sent", CreatedAt: at,
			Source: inbox.Source{RuleID: ruleID, RuleVersion: 1},
		},
		Follower: audience.Change{OpenID: openID, At: at, Message: true},
	}
}
