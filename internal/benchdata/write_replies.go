package benchdata

import (
	"context"
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/sqlstore"
)

// writeReplies stores the rules' passive replies, then the agents' replies
// to conversations.
func (g *generator) writeReplies(ctx context.Context, db *sqlstore.DB, firstID int64) (int, error) {
	l := &loader{ctx: ctx, db: db, table: "replies", cols: []string{"account_id", "message_id", "openid", "channel",
		"msg_type", "content", "body", "rule_id", "rule_version", "status", "created_at"}}
	for i, p := range g.pushes {
		if p.rule == 0 {
			continue
		}
		openID, answer := g.openID(p.follower), autoAnswers[int(p.rule)%len(autoAnswers)]
		err := l.add(g.accounts[g.followers[p.follower].acct], firstID+int64(i), openID, "passive", "text",
			answer, passiveBody(openID, answer, p.at), int64(p.rule), g.ruleVersion(p.at), "sent", p.at)
		if err != nil {
			return 0, err
		}
	}
	if err := l.flush(); err != nil {
		return 0, err
	}
	n, err := g.writeAgentReplies(ctx, db, firstID)
	return l.n + n, err
}

// ruleVersion is the version of the rule set live at t: the rules changed
// twice over the history.
func (g *generator) ruleVersion(t time.Time) int64 {
	frac := float64(t.Sub(g.start())) / float64(g.opt.Now.Sub(g.start()))
	return min(max(1+int64(3*frac), 1), 3)
}

func passiveBody(openID, text string, at time.Time) []byte {
	return fmt.Appendf(nil, "<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[gh_0123456789ab]]></FromUserName>"+
		"<CreateTime>%d</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content></xml>",
		openID, at.Unix(), text)
}

// writeAgentReplies stores each answered conversation's first answer, and
// a follow-up for some, through the customer-service API.
func (g *generator) writeAgentReplies(ctx context.Context, db *sqlstore.DB, firstID int64) (int, error) {
	l := &loader{ctx: ctx, db: db, table: "replies", cols: []string{"account_id", "message_id", "openid", "channel",
		"msg_type", "content", "body", "agent_id", "status", "created_at"}}
	for j, c := range g.convs {
		if c.responded.IsZero() {
			continue
		}
		p := g.pushes[c.push]
		times := []time.Time{c.responded}
		if follow := c.responded.Add(time.Duration(j%10+1) * time.Minute); j%2 == 0 && follow.Before(g.opt.Now) {
			times = append(times, follow)
		}
		for k, at := range times {
			openID, answer := g.openID(p.follower), agentAnswers[(j+k)%len(agentAnswers)]
			body := fmt.Appendf(nil, `{"touser":%q,"msgtype":"text","text":{"content":%q}}`, openID, answer)
			err := l.add(g.accounts[g.followers[p.follower].acct], firstID+int64(c.push), openID, "custom", "text",
				answer, body, c.assignee, "sent", at)
			if err != nil {
				return 0, err
			}
		}
	}
	return l.n, l.flush()
}

// writeConversations stores the desk's conversations.
func (g *generator) writeConversations(ctx context.Context, db *sqlstore.DB, firstID int64) (int, error) {
	l := &loader{ctx: ctx, db: db, table: "conversations", cols: []string{"account_id", "openid", "status",
		"assignee_id", "opened_at", "opened_by_message", "last_message_id", "last_message_at", "last_text",
		"waiting_since", "first_response_at", "assigned_at", "closed_at", "closed_by", "messages"}}
	for _, c := range g.convs {
		p := g.pushes[c.push]
		id := firstID + int64(c.push)
		var assignee, closedBy any
		assignedAt := time.Time{}
		if c.assignee != 0 {
			assignee, assignedAt = c.assignee, p.at.Add(time.Second)
		}
		if c.status == "closed" {
			closedBy = c.assignee
		}
		text := g.message(c.push, p).content
		err := l.add(g.accounts[g.followers[p.follower].acct], g.openID(p.follower), c.status, assignee, p.at,
			id, id, p.at, text, c.waiting, c.responded, assignedAt, c.closed, closedBy, int64(1+c.push%4))
		if err != nil {
			return 0, err
		}
	}
	return l.n, l.flush()
}
