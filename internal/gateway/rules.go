package gateway

import (
	"context"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/wechat"
)

// RuleDecider lets the gateway ask the auto-reply registry for a decision.
type RuleDecider struct{ Rules *autoreply.Registry }

// Decide asks the account's live rule set that serves the sender: the
// canary version for the followers it covers, the active one otherwise.
// The decision carries the version that answered.
func (d RuleDecider) Decide(ctx context.Context, acct *account.Account, m *wechat.Message, now time.Time) (Decision, error) {
	dec, err := d.Rules.Decide(ctx, acct.ID, m, now, acct.Location())
	if err != nil {
		return Decision{}, err
	}
	out := Decision{Handoff: dec.Handoff, RuleVersion: dec.Version}
	if dec.Matched && dec.Rule != nil {
		reply := dec.Reply
		out.Reply = &reply
		out.RuleID = dec.Rule.ID
	}
	return out, nil
}
