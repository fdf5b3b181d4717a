package inbox_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/user"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

func TestSendReplyAnswersTheConversation(t *testing.T) {
	f := newFixture(t)
	wang := f.agent(t, "客服小王", user.Agent, 0)
	id := f.open(t, "o_fan")[0]
	f.clock.Advance(time.Minute)
	r, err := f.desk.SendReply(t.Context(), f.acct, "o_fan", inbox.Outgoing{Type: inbox.OutText, Text: "您好，请问有什么可以帮您？"}, wang)
	if err != nil || r.Status != inbox.ReplySent || r.Source.AgentID != wang || r.Channel != inbox.ChannelCustom {
		t.Fatalf("SendReply = %+v, %v", r, err)
	}
	sent := f.sender.sent()
	if len(sent) != 1 || !strings.Contains(sent[0], `"touser":"o_fan"`) || !strings.Contains(sent[0], "您好") {
		t.Errorf("sent %q", sent)
	}
	c, _ := f.desk.Conversation(t.Context(), f.acct.ID, id)
	if !c.WaitingSince.IsZero() || !c.FirstResponseAt.Equal(f.clock.Now()) || c.AssigneeID != wang {
		t.Errorf("after the reply the conversation is %+v", c)
	}
	stored, err := f.db.RepliesByMessage(t.Context(), c.LastMessageID)
	if err != nil || len(stored) != 1 || stored[0].Status != inbox.ReplySent || string(stored[0].Body) != sent[0] {
		t.Errorf("stored replies %+v, %v", stored, err)
	}
	tl, err := f.desk.Timeline(t.Context(), f.acct.ID, "o_fan", 0, 10)
	if err != nil || len(tl.Items) != 2 || tl.Items[1].Reply == nil || tl.Items[1].Reply.Source.AgentID != wang {
		t.Errorf("timeline %+v, %v", tl, err)
	}
}

func TestSendReplyOutsideTheWindow(t *testing.T) {
	f := newFixture(t)
	f.say(t, "o_fan", "你好", true)
	f.clock.Advance(48 * time.Hour)
	_, err := f.desk.SendReply(t.Context(), f.acct, "o_fan", inbox.Outgoing{Type: inbox.OutText, Text: "迟到的回复"}, 1)
	if !errs.Is(err, errs.Forbidden) || !strings.Contains(err.Error(), "48") {
		t.Errorf("SendReply after 48 h = %v, want Forbidden about the 48 h window", err)
	}
	if len(f.sender.sent()) != 0 {
		t.Error("a message was sent outside the window")
	}
	w, err := f.desk.Window(t.Context(), f.acct, "o_fan", f.clock.Now())
	if err != nil || w.Reason != inbox.ReasonExpired {
		t.Errorf("Window = %+v, %v", w, err)
	}
}

func TestSendReplyQuota(t *testing.T) {
	f := newFixture(t)
	f.say(t, "o_fan", "你好", true)
	for i := range inbox.MessageQuota {
		f.clock.Advance(time.Second)
		if _, err := f.desk.SendReply(t.Context(), f.acct, "o_fan", inbox.Outgoing{Type: inbox.OutText, Text: "好的"}, 1); err != nil {
			t.Fatalf("send %d: %v", i+1, err)
		}
	}
	_, err := f.desk.SendReply(t.Context(), f.acct, "o_fan", inbox.Outgoing{Type: inbox.OutText, Text: "第六条"}, 1)
	if !errs.Is(err, errs.Forbidden) || !strings.Contains(err.Error(), "quota") {
		t.Errorf("6th send = %v, want Forbidden (quota)", err)
	}
	f.clock.Advance(time.Minute)
	f.say(t, "o_fan", "还在吗", false) // a new message opens a fresh allowance
	if w, _ := f.desk.Window(t.Context(), f.acct, "o_fan", f.clock.Now()); !w.Open || w.Remaining != 5 {
		t.Errorf("window after a new message = %+v", w)
	}
}

func TestSendReplyWeChatRefusal(t *testing.T) {
	tests := []struct {
		name string
		err  error
		code errs.Code
		text string
	}{
		{"45015", &wxclient.Error{Code: wxclient.CodeOutOfWindow, Path: "/cgi-bin/message/custom/send"}, errs.Forbidden, "45015"},
		{"45047", &wxclient.Error{Code: wxclient.CodeKfQuota, Path: "/cgi-bin/message/custom/send"}, errs.Forbidden, "45047"},
		{"network", errors.New("dial tcp: connection refused"), errs.Unavailable, "connection refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.say(t, "o_fan", "你好", true)
			f.project(t)
			f.sender.fail = tt.err
			r, err := f.desk.SendReply(t.Context(), f.acct, "o_fan", inbox.Outgoing{Type: inbox.OutNews,
				Article: inbox.Article{Title: "退票指南", URL: "https://example.com/refund"}}, 1)
			if !errs.Is(err, tt.code) {
				t.Errorf("error %v, want %s", err, tt.code)
			}
			if r == nil || r.Status != inbox.ReplyFailed || !strings.Contains(r.Error, tt.text) {
				t.Fatalf("reply %+v, want failed with %q", r, tt.text)
			}
			stored, _ := f.db.RepliesByMessage(t.Context(), f.live(t, "o_fan").LastMessageID)
			if len(stored) != 1 || stored[0].Status != inbox.ReplyFailed || stored[0].Error != r.Error {
				t.Errorf("stored %+v", stored)
			}
		})
	}
}

func TestOutgoingValidate(t *testing.T) {
	tests := []struct {
		name string
		out  inbox.Outgoing
		ok   bool
	}{
		{"text", inbox.Outgoing{Type: inbox.OutText, Text: "你好"}, true},
		{"empty text", inbox.Outgoing{Type: inbox.OutText, Text: "  "}, false},
		{"text too long", inbox.Outgoing{Type: inbox.OutText, Text: strings.Repeat("长", 700)}, false},
		{"image", inbox.Outgoing{Type: inbox.OutImage, MediaID: "MEDIA_1"}, true},
		{"image without media", inbox.Outgoing{Type: inbox.OutImage}, false},
		{"news", inbox.Outgoing{Type: inbox.OutNews, Article: inbox.Article{Title: "标题"}}, true},
		{"news without title", inbox.Outgoing{Type: inbox.OutNews}, false},
		{"voice", inbox.Outgoing{Type: "voice", MediaID: "M"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.out.Validate()
			if (err == nil) != tt.ok || err != nil && !errs.Is(err, errs.Invalid) {
				t.Errorf("Validate = %v, want ok %v", err, tt.ok)
			}
		})
	}
}
