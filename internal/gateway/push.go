package gateway

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/wechat"
)

// handlePush is the hot path: authenticate → read → decrypt → parse →
// decide → commit (group commit) → answer. Nothing is acknowledged before
// it is committed; if the commit cannot be confirmed in time the answer is
// 503 and WeChat retries, which dedupe turns into the same stored message.
func (g *Gateway) handlePush(w http.ResponseWriter, r *http.Request) {
	start := g.opts.Now()
	req, fail := g.authenticate(r)
	if fail != nil {
		g.refuse(w, r, fail, start)
		return
	}
	body, fail := g.readBody(w, r)
	if fail != nil {
		g.refuse(w, r, fail, start)
		return
	}
	plain, fail := g.plaintext(req, body)
	if fail != nil {
		g.refuse(w, r, fail, start)
		return
	}
	m, fail := g.parse(req, plain)
	if fail != nil {
		g.refuse(w, r, fail, start)
		return
	}
	res, d, fail := g.commitPush(r.Context(), req.entry.acct, m, start)
	if fail != nil {
		g.refuse(w, r, fail, start)
		return
	}
	g.answer(w, req, res)
	outcome := OutcomeNew
	if res.Duplicate {
		outcome = OutcomeDuplicate
	} else if d.Reply != nil {
		g.metrics.observeReply(req.entry.acct.AppID, d.RuleID)
	}
	g.metrics.observeCallback(outcome, g.opts.Now().Sub(start))
	g.learnOriginalID(req.entry, m)
}

func (g *Gateway) readBody(w http.ResponseWriter, r *http.Request) ([]byte, *refusal) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, g.opts.MaxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, refuse(http.StatusRequestEntityTooLarge, OutcomeTooLarge, "body too large", err)
		}
		return nil, refuse(http.StatusBadRequest, OutcomeMalformed, "cannot read body", err)
	}
	if len(body) == 0 {
		return nil, refuse(http.StatusBadRequest, OutcomeMalformed, "empty body", nil)
	}
	return body, nil
}

// commitPush decides the reply and commits push, reply and follower change.
func (g *Gateway) commitPush(ctx context.Context, acct *account.Account, m *wechat.Message, now time.Time) (inbox.Committed, Decision, *refusal) {
	d, err := g.decider.Decide(ctx, acct, m, now)
	if err != nil {
		// The message matters more than the automatic answer: store it unanswered.
		g.log.Error("auto-reply failed; storing the push without a reply", "appid", acct.AppID, "error", err.Error())
		d = Decision{Handoff: true}
	}
	item, err := buildInbound(acct, m, d, now)
	if err != nil {
		g.log.Error("reply cannot be rendered; storing the push without a reply", "appid", acct.AppID,
			"rule_id", d.RuleID, "rule_version", d.RuleVersion, "error", err.Error())
		d = Decision{Handoff: true}
		item, _ = buildInbound(acct, m, d, now)
	}
	cctx, cancel := context.WithTimeout(ctx, g.opts.CommitTimeout)
	defer cancel()
	res, err := g.writer.Commit(cctx, item)
	if err != nil {
		return res, d, refuse(http.StatusServiceUnavailable, OutcomeStoreFailed, "not stored, retry", err)
	}
	if g.opts.Publisher != nil {
		g.opts.Publisher.Committed(acct, &item, res, d)
	}
	return res, d, nil
}

// buildInbound turns a push and its decision into what the store commits.
func buildInbound(acct *account.Account, m *wechat.Message, d Decision, now time.Time) (inbox.Inbound, error) {
	kind := inbox.KindMessage
	if m.IsEvent() {
		kind = inbox.KindEvent
	}
	item := inbox.Inbound{
		Message: inbox.Message{
			AccountID: acct.ID, OpenID: m.FromUserName, Kind: kind, MsgType: m.MsgType, Event: m.Event,
			// Job-finish events store their job's MsgID, which broadcasts match on.
			EventKey: m.EventKey, MsgID: cmp.Or(m.MsgID, m.JobMsgID), DedupeKey: wechat.DedupeKey(m), Content: m.Text(), Raw: m.Raw,
			CreateTime: time.Unix(m.CreateTime, 0).UTC(), ReceivedAt: now.UTC(),
			Handoff: d.Handoff,
		},
		Follower: audience.ChangeFromPush(m, now.UTC()),
	}
	if d.Reply == nil {
		return item, nil
	}
	reply := *d.Reply
	if n := wechat.MaxArticles(m); len(reply.Articles) > n {
		reply.Articles = reply.Articles[:n] // WeChat would drop them anyway
	}
	body, err := reply.XML(m.FromUserName, m.ToUserName, now.Unix())
	if err != nil {
		return item, fmt.Errorf("render reply of rule %d v%d: %w", d.RuleID, d.RuleVersion, err)
	}
	item.Reply = &inbox.Reply{
		AccountID: acct.ID, OpenID: m.FromUserName, Channel: inbox.ChannelPassive, MsgType: reply.Type,
		Content: replyText(reply), Body: body, Status: "sent", CreatedAt: now.UTC(),
		Source: inbox.Source{RuleID: d.RuleID, RuleVersion: d.RuleVersion},
	}
	return item, nil
}

// replyText is the searchable text of a reply.
func replyText(r wechat.Reply) string {
	if r.Content != "" {
		return r.Content
	}
	parts := []string{r.Title, r.Description}
	for _, a := range r.Articles {
		parts = append(parts, a.Title, a.Description)
	}
	return strings.TrimSpace(strings.Join(parts, " "))
}
