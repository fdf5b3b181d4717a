package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/user"
)

// storeOldMessage stores a follower's text message as if it had arrived
// `ago` in the past, the way the gateway stores one the rules did not
// answer: the desk's projector picks it up like any other.
func (e *env) storeOldMessage(a *account.Account, openid, text string, ago time.Duration) {
	e.t.Helper()
	e.storeOld(a, openid, text, ago, nil)
}

// storeOldAnswered stores an old message the rules answered passively with
// reply, as rule ruleID of rule-set version `version`.
func (e *env) storeOldAnswered(a *account.Account, openid, text, reply string, ruleID, version int64, ago time.Duration) {
	e.t.Helper()
	e.storeOld(a, openid, text, ago, &inbox.Reply{
		AccountID: a.ID, OpenID: openid, Channel: inbox.ChannelPassive, MsgType: "text", Content: reply,
		Body:   []byte("<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + reply + "]]></Content></xml>"),
		Source: inbox.Source{RuleID: ruleID, RuleVersion: version}, Status: "sent",
	})
}

func (e *env) storeOld(a *account.Account, openid, text string, ago time.Duration, reply *inbox.Reply) {
	e.t.Helper()
	at := time.Now().Add(-ago).UTC().Truncate(time.Second)
	msgID := e.Sim.NextMsgID()
	raw := fmt.Sprintf("<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>"+
		"<CreateTime>%d</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content><MsgId>%d</MsgId></xml>",
		a.OriginalID, openid, at.Unix(), text, msgID)
	in := inbox.Inbound{
		Message: inbox.Message{
			AccountID: a.ID, OpenID: openid, Kind: inbox.KindMessage, MsgType: "text", MsgID: msgID,
			DedupeKey: fmt.Sprint(msgID), Content: text, Raw: []byte(raw), CreateTime: at, ReceivedAt: at, Handoff: reply == nil,
		},
		Reply:    reply,
		Follower: audience.Change{OpenID: openid, At: at, Message: true},
	}
	if reply != nil {
		reply.CreatedAt = at
	}
	if _, err := e.M.Store.CommitInbound(context.Background(), []inbox.Inbound{in}); err != nil {
		e.t.Fatalf("store an old message of %s: %v", openid, err)
	}
}

// TestReplyWindowBlock: a follower whose last message is three days old is
// outside WeChat's 48-hour window, so the conversation's composer is
// blocked with the reason and the send button is disabled.
func TestReplyWindowBlock(t *testing.T) {
	e := newEnv(t)
	e.addUser("xiaoli", "小李", user.Agent, e.Acct.ID)
	fan := openID(7)
	e.storeOldMessage(e.Acct, fan, "我上周买的年卡还没激活，怎么办？", 72*time.Hour)

	tab := e.newTab()
	tab.login("xiaoli")
	tab.inbox(e.Acct.AppID)
	tab.waitQueueRow("年卡还没激活")
	tab.click("#queue .queue-row .q-name")
	tab.waitVisible("#composer")

	tab.waitVisible("#composer-block-reason")
	reason := tab.text("#composer-block-reason")
	if !strings.Contains(reason, "48") {
		t.Errorf("the block reason %q does not name the 48-hour window", reason)
	}
	if !eval[bool](tab, `document.querySelector("#send-btn").disabled`) {
		t.Error("#send-btn is enabled outside the reply window")
	}
	if open := eval[string](tab, `document.querySelector("#window-status").dataset.open`); open != "false" {
		t.Errorf("#window-status says open=%q, want false", open)
	}
	// Force the blocked form past the browser (as a stale page or a script
	// could): the server must refuse it, and nothing may reach the follower.
	eval[bool](tab, `(function () {
		var f = document.querySelector("#composer");
		f.querySelectorAll("[disabled]").forEach(function (el) { el.disabled = false; });
		document.querySelector("#composer-text").value = "越界回复";
		htmx.trigger(f, "submit");
		return true;
	})()`)
	tab.waitVisible("#flash .flash-msg")
	if got := e.received(e.Acct, fan); len(got) != 0 {
		t.Errorf("the follower received %q outside the window", got)
	}
	// fanbase itself refused: no reply was stored or sent to WeChat (which
	// would also refuse, with 45015, and leave a failed reply behind).
	stored, err := e.M.Store.ListReplies(t.Context(), inbox.ReplyFilter{AccountID: e.Acct.ID, OpenID: fan})
	if err != nil || len(stored) != 0 {
		t.Errorf("replies stored for a follower outside the window: %+v, %v", stored, err)
	}
}
