package burst_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/inbox/burst"
)

// commit stores follower messages, each answered by rule 7 of version 3
// with "re: <text>" unless the text starts with "?".
func (f *fixture) commit(t *testing.T, msgs ...inbox.Message) []int64 {
	t.Helper()
	batch := make([]inbox.Inbound, len(msgs))
	for i, m := range msgs {
		m.AccountID, m.Kind, m.MsgType, m.Raw = f.acct.ID, inbox.KindMessage, "text", []byte("<xml/>")
		m.DedupeKey, m.ReceivedAt = fmt.Sprintf("%s-%d", m.OpenID, m.CreateTime.UnixNano()), m.CreateTime
		batch[i] = inbox.Inbound{Message: m, Follower: audience.Change{OpenID: m.OpenID, At: m.CreateTime, Message: true}}
		if m.Content[0] != '?' {
			batch[i].Reply = &inbox.Reply{Channel: inbox.ChannelPassive, MsgType: "text", Content: "re: " + m.Content,
				Body: []byte("<xml/>"), Source: inbox.Source{RuleID: 7, RuleVersion: 3}, Status: "sent"}
		}
	}
	out, err := f.db.CommitInbound(t.Context(), batch)
	if err != nil {
		t.Fatalf("CommitInbound: %v", err)
	}
	ids := make([]int64, len(out))
	for i, c := range out {
		ids[i] = c.MessageID
	}
	return ids
}

func msg(openid, text string, at time.Time) inbox.Message {
	return inbox.Message{OpenID: openid, Content: text, CreateTime: at}
}

func TestPreviewAndSendRemedy(t *testing.T) {
	f := newFixture(t, 1)
	f.commit(t, msg("o_a", "门票", now.Add(-time.Hour)), msg("o_b", "门票多少钱", now.Add(-50*time.Minute)),
		msg("o_c", "门票", now.Add(-40*time.Minute)), msg("o_d", "停车", now.Add(-30*time.Minute)))
	api := newAPI()
	tools := &burst.Tools{Store: f.db, Queue: f.db, Remedy: f.db, Windower: window{"o_b": "window.closed.quota"},
		Runner: f.runner(api, nil, nil), Now: func() time.Time { return now }}
	src := burst.RemedySource{RuleID: 7, RuleVersion: 3, Text: "门票", From: now.Add(-2 * time.Hour), To: now}
	p, err := tools.PreviewRemedy(t.Context(), f.acct, src)
	if err != nil {
		t.Fatalf("PreviewRemedy: %v", err)
	}
	var within []string
	for _, r := range p.Within {
		within = append(within, r.OpenID)
	}
	if !slices.Equal(within, []string{"o_a", "o_c"}) || len(p.Outside) != 1 || p.Outside[0].OpenID != "o_b" ||
		p.Outside[0].Reason != "window.closed.quota" || p.Total() != 3 {
		t.Fatalf("preview: within %v, outside %+v", within, p.Outside)
	}
	j, err := tools.SendRemedy(t.Context(), f.acct, src, "更正：门票价格以官网为准", "rule 7 v3", 9)
	if err != nil || j.Kind != burst.KindRemedy || j.CreatedBy != 9 {
		t.Fatalf("SendRemedy = %+v, %v", j, err)
	}
	waitDone(t, f, j.ID)
	if api.calls["o_a"] != 1 || api.calls["o_c"] != 1 || api.calls["o_b"] != 0 || api.calls["o_d"] != 0 {
		t.Errorf("API calls = %v; want o_a and o_c once each", api.calls)
	}
	for _, bad := range []burst.RemedySource{{From: src.From, To: src.To}, {RuleID: 7, From: src.To, To: src.From},
		{RuleID: 7, From: now.AddDate(0, -2, 0), To: now}} {
		if _, err := tools.PreviewRemedy(t.Context(), f.acct, bad); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("PreviewRemedy(%+v) = %v, want Invalid", bad, err)
		}
	}
	if _, err := tools.SendRemedy(t.Context(), f.acct, src, "  ", "", 9); errs.CodeOf(err) != errs.Invalid {
		t.Errorf("SendRemedy with no text = %v, want Invalid", err)
	}
}

func TestClustersAndAnswer(t *testing.T) {
	f := newFixture(t, 1)
	ids := f.commit(t, msg("o_a", "?优惠券怎么用", now.Add(-3*time.Minute)), msg("o_b", "?怎么用优惠券", now.Add(-2*time.Minute)),
		msg("o_c", "?什么时候发货", now.Add(-time.Minute)), msg("o_d", "?优惠券怎么使用", now))
	convs := map[string]int64{}
	for i, openid := range []string{"o_a", "o_b", "o_c", "o_d"} {
		convs[openid] = openConversation(t, f, openid, ids[i], now.Add(time.Duration(i-3)*time.Minute))
	}
	api := newAPI()
	tools := &burst.Tools{Store: f.db, Queue: f.db, Remedy: f.db, Windower: window{},
		Runner: f.runner(api, nil, nil), Now: func() time.Time { return now }}
	cs, waiting, err := tools.Clusters(t.Context(), f.acct.ID)
	if err != nil || waiting != 4 || len(cs) != 2 || cs[0].Size != 3 || cs[0].Representative == "" {
		t.Fatalf("Clusters = %+v, %d waiting, %v", cs, waiting, err)
	}
	// o_d's conversation gets answered by someone else before the agent clicks.
	if _, err := f.db.ModifyConversation(t.Context(), convs["o_d"], func(c *inbox.Conversation) error {
		c.WaitingSince = time.Time{}
		return nil
	}); err != nil {
		t.Fatalf("ModifyConversation: %v", err)
	}
	j, err := tools.AnswerCluster(t.Context(), f.acct, []int64{convs["o_a"], convs["o_b"], convs["o_d"], 9999},
		"在结算页选择优惠券即可", "优惠券怎么用", 9)
	if err != nil {
		t.Fatalf("AnswerCluster: %v", err)
	}
	waitDone(t, f, j.ID)
	if api.calls["o_a"] != 1 || api.calls["o_b"] != 1 || len(api.calls) != 2 {
		t.Errorf("API calls = %v; want the two still waiting", api.calls)
	}
	if _, err := tools.AnswerCluster(t.Context(), f.acct, []int64{convs["o_d"]}, "x", "", 9); errs.CodeOf(err) != errs.Conflict {
		t.Errorf("answering only answered conversations = %v, want Conflict", err)
	}
}

// openConversation opens the follower's conversation with its message.
func openConversation(t *testing.T, f *fixture, openid string, msgID int64, at time.Time) int64 {
	t.Helper()
	touched, err := f.db.ApplyObservations(t.Context(), "burst.test", msgID,
		[]inbox.Observation{{MessageID: msgID, AccountID: f.acct.ID, OpenID: openid, At: at, Text: "x", Opens: true}})
	if err != nil || len(touched) != 1 {
		t.Fatalf("ApplyObservations = %v, %v", touched, err)
	}
	return touched[0].ConversationID
}

func waitDone(t *testing.T, f *fixture, jobID int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		if j, err := f.db.BulkJob(ctx, jobID); err == nil && j.Status == burst.JobDone {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("job %d did not finish", jobID)
}
