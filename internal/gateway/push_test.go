package gateway_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/gateway"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/wechat"
)

// TestPushModes has the simulator push like WeChat in each message mode and
// check the answers like WeChat (signature, decryption, addressing); then
// the store must hold the push, the reply with the rule that produced it,
// and the follower with the QR scene it came through.
func TestPushModes(t *testing.T) {
	h := newHarness(t, setup{opts: gateway.Options{TimestampWindow: 5 * time.Minute}})
	for _, mode := range []string{simulator.ModePlain, simulator.ModeCompat, simulator.ModeSafe} {
		t.Run(mode, func(t *testing.T) {
			sa, a := h.addAccount("wx_mode_"+mode, mode, true)
			version := h.saveRules(standardRules(a.ID))
			openid := "o_mode_" + mode
			sub := h.push(sa, simulator.Subscribe(openid, "store_001"))
			assertReply(t, sub, storeQRText)
			ask := h.push(sa, simulator.TextMessage(openid, "门票多少钱？", 0))
			assertReply(t, ask, ticketsText)

			assertStored(t, h, a, wechat.DedupeKey(sub.msg), inbox.KindEvent, "qrscene_store_001", ruleStoreQR, version)
			assertStored(t, h, a, wechat.DedupeKey(ask.msg), inbox.KindMessage, "门票多少钱？", ruleTickets, version)
			f, err := h.db.Follower(context.Background(), a.ID, openid)
			if err != nil {
				t.Fatalf("follower not created: %v", err)
			}
			if !f.Subscribed || f.QRScene != "store_001" {
				t.Errorf("follower subscribed=%v qr_scene=%q, want true and store_001", f.Subscribed, f.QRScene)
			}
			if c := h.counts(a); c != (inbox.Counts{Messages: 1, Events: 1, Replies: 2, Followers: 1, Subscribed: 1}) {
				t.Errorf("counts %+v", c)
			}
		})
	}
}

// TestPushLearnsOriginalID: an account created without its gh_ id learns
// it from the first push and then refuses pushes addressed elsewhere.
// Learning must not undo an operator's change made while the account was
// cached (it used to write back the whole cached copy).
func TestPushLearnsOriginalID(t *testing.T) {
	logs := &logBuffer{}
	h := newHarness(t, setup{opts: gateway.Options{AccountTTL: time.Hour, Logger: slog.New(slog.NewTextHandler(logs, nil))}})
	sa, a := h.addAccount("wx_learn", simulator.ModeSafe, false)
	q := signedQuery(sa.Token, time.Now(), "1")
	if status, _ := h.do(http.MethodGet, h.srv.URL+"/wx/"+sa.AppID+"?"+q.Encode(), nil); status != http.StatusOK {
		t.Fatalf("verification: status %d", status) // the account is now cached
	}
	changed := *a
	changed.Name, changed.APIBase = "改名后 renamed", "http://127.0.0.1:1/api"
	if err := h.db.UpdateAccount(context.Background(), &changed); err != nil {
		t.Fatalf("operator's update: %v", err)
	}
	assertReply(t, h.push(sa, simulator.TextMessage("o_learn", "hi", 0)), "")
	waitFor(t, "the original id to be recorded", func() bool {
		return strings.Contains(logs.String(), "learnt the account's original id")
	})
	got, err := h.db.AccountByAppID(context.Background(), a.AppID)
	if err != nil {
		t.Fatalf("account: %v", err)
	}
	if got.OriginalID != sa.OriginalID || got.Name != changed.Name || got.APIBase != changed.APIBase {
		t.Errorf("after learning: original id %q name %q api base %q; want %q and the operator's %q %q",
			got.OriginalID, got.Name, got.APIBase, sa.OriginalID, changed.Name, changed.APIBase)
	}
	other := sa
	other.OriginalID = "gh_someone_else"
	c := safeCallback(t, sa, sa.AppID, textXML(other, "o_learn", "hi", 42, time.Now().Unix()), time.Now())
	if status, body := h.post(c); status != http.StatusBadRequest {
		t.Errorf("push to another gh_ id after learning: status %d (%s), want 400", status, body)
	}
	if c := h.counts(a); c.Messages != 1 {
		t.Errorf("%d messages stored, want only the first", c.Messages)
	}
}

// pushed is one simulator push and how it went.
type pushed struct {
	msg *wechat.Message
	res *simulator.PushResult
}

// push has the simulator deliver m to the account's callback URL.
func (h *harness) push(sa simulator.Account, m *wechat.Message) pushed {
	h.t.Helper()
	res, err := h.sim.Push(context.Background(), sa.AppID, m)
	if err != nil {
		h.t.Fatalf("simulator push: %v", err)
	}
	return pushed{msg: m, res: res}
}

// assertReply checks the simulator accepted the answer; want "" means no reply.
func assertReply(tb testing.TB, p pushed, want string) {
	tb.Helper()
	switch {
	case p.res.Err != nil || p.res.Status != http.StatusOK:
		tb.Fatalf("push %s/%s: status %d, err %v", p.msg.MsgType, p.msg.Event, p.res.Status, p.res.Err)
	case want == "" && p.res.Reply != nil:
		tb.Errorf("got reply %q, want none", p.res.Reply.Reply.Content)
	case want != "" && (p.res.Reply == nil || p.res.Reply.Reply.Content != want):
		tb.Errorf("reply %+v, want text %q", p.res.Reply, want)
	}
}

// assertStored checks a push is stored once, with its passive reply
// explained by rule id and rule-set version.
func assertStored(tb testing.TB, h *harness, a *account.Account, key string, kind inbox.Kind, content string, ruleID, version int64) {
	tb.Helper()
	m := h.message(a, key)
	if m.Kind != kind || m.Content != content || len(m.Raw) == 0 {
		tb.Errorf("stored %s: kind %q content %q raw %d bytes; want %q %q and the raw XML", key, m.Kind, m.Content, len(m.Raw), kind, content)
	}
	if _, err := wechat.Parse(m.Raw); err != nil {
		tb.Errorf("stored raw XML of %s does not parse: %v", key, err)
	}
	rs := h.replies(m.ID)
	if len(rs) != 1 {
		tb.Fatalf("%d replies stored for %s, want 1", len(rs), key)
	}
	r := rs[0]
	if r.Source.RuleID != ruleID || r.Source.RuleVersion != version || r.Channel != inbox.ChannelPassive {
		tb.Errorf("reply source %+v channel %s, want rule %d version %d passive", r.Source, r.Channel, ruleID, version)
	}
	if rm, err := wechat.ParseReply(r.Body); err != nil || rm.ToUserName != m.OpenID {
		tb.Errorf("stored reply body is not a passive reply to %s: %v\n%s", m.OpenID, err, r.Body)
	}
}

// TestUnknownTypesStoredRaw: a message or event type fanbase does not know
// is answered 200 and kept whole, never dropped.
func TestUnknownTypesStoredRaw(t *testing.T) {
	h := newHarness(t, setup{})
	sa, a := h.addAccount("wx_unknown_types", simulator.ModeSafe, true)
	now := time.Now().Unix()
	msg := fmt.Appendf(nil, "<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[o_new]]></FromUserName>"+
		"<CreateTime>%d</CreateTime><MsgType><![CDATA[miniprogrampage]]></MsgType><MsgId>24000000000000001</MsgId>"+
		"<Title><![CDATA[小程序卡片]]></Title><AppId><![CDATA[wxmini]]></AppId><PagePath><![CDATA[pages/a?b=1]]></PagePath></xml>",
		sa.OriginalID, now)
	nameless := fmt.Appendf(nil, "<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[o_new]]></FromUserName>"+
		"<CreateTime>%d</CreateTime><MsgType><![CDATA[hologram]]></MsgType><Shape>cube</Shape></xml>", sa.OriginalID, now)
	event := eventXML(sa, "o_new", "brand_new_event", "k1", now)
	tests := []struct {
		name string
		xml  []byte
		kind inbox.Kind
		key  func(m *wechat.Message) string
	}{
		{"message type with MsgId", msg, inbox.KindMessage, wechat.DedupeKey},
		{"message type without MsgId", nameless, inbox.KindMessage, wechat.DedupeKey},
		{"event", event, inbox.KindEvent, wechat.DedupeKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, want := range []string{gateway.OutcomeNew, gateway.OutcomeDuplicate} { // WeChat retries too
				before := h.outcomes()
				if status, body := h.post(safeCallback(t, sa, sa.AppID, tt.xml, time.Now())); status != http.StatusOK {
					t.Fatalf("status %d (%s), want 200", status, body)
				}
				assertOneOutcome(t, before, h.outcomes(), want)
			}
			m, err := wechat.Parse(tt.xml)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			stored := h.message(a, tt.key(m))
			if stored.Kind != tt.kind || !bytes.Equal(stored.Raw, tt.xml) {
				t.Errorf("stored kind %q raw %q; want %q and the exact plaintext", stored.Kind, stored.Raw, tt.kind)
			}
		})
	}
}
