package app

import (
	"context"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/gateway"
	"github.com/fanbase/fanbase/internal/wechat"
)

// ruleDecider lets the gateway ask the auto-reply registry for a decision.
type ruleDecider struct{ rules *autoreply.Registry }

func (d ruleDecider) Decide(ctx context.Context, acct *account.Account, m *wechat.Message, now time.Time) (gateway.Decision, error) {
	engine, err := d.rules.Engine(ctx, acct.ID)
	if err != nil {
		return gateway.Decision{}, err
	}
	dec := engine.Decide(m, now, acct.Location())
	out := gateway.Decision{Handoff: dec.Handoff, RuleVersion: dec.Version}
	if dec.Matched && dec.Rule != nil {
		reply := dec.Reply
		out.Reply = &reply
		out.RuleID = dec.Rule.ID
	}
	return out, nil
}
