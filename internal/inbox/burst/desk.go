package burst

import (
	"context"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/inbox"
)

// DeskAdapter lets the runner reply and ask the window through the service
// desk, as an agent answering each conversation would: the desk checks the
// window again, stores the reply, calls the API and marks the
// conversation answered.
type DeskAdapter struct{ Desk *inbox.Desk }

// SendReply sends text as the agent's customer-service message.
func (a DeskAdapter) SendReply(ctx context.Context, acct *account.Account, openid, text string, agentID int64) (int64, error) {
	r, err := a.Desk.SendReply(ctx, acct, openid, inbox.Outgoing{Type: inbox.OutText, Text: text}, agentID)
	if err != nil {
		return 0, err
	}
	return r.ID, nil
}

// WindowOpen reports the follower's reply window now.
func (a DeskAdapter) WindowOpen(ctx context.Context, acct *account.Account, openid string, now time.Time) (bool, string, error) {
	w, err := a.Desk.Window(ctx, acct, openid, now)
	if err != nil {
		return false, "", err
	}
	return w.Open, w.Reason, nil
}
