package burst

import (
	"context"
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/errs"
)

// Tools is what the burst pages use: the stores, the reply window and the
// runner that sends jobs. The app builds it; every field is required.
type Tools struct {
	Store    Store
	Queue    QueueStore
	Remedy   RemedyStore
	Windower Windower
	Runner   *Runner
	Now      func() time.Time // default time.Now
}

func (t *Tools) now() time.Time {
	if t.Now == nil {
		return time.Now()
	}
	return t.Now()
}

// Clusters groups the account's open queue and reports how many messages
// were waiting.
func (t *Tools) Clusters(ctx context.Context, accountID int64) ([]Cluster, int, error) {
	msgs, err := t.Queue.WaitingMessages(ctx, accountID, MaxWaiting)
	if err != nil {
		return nil, 0, fmt.Errorf("burst: waiting messages: %w", err)
	}
	return Clusters(msgs, DefaultThreshold), len(msgs), nil
}

// AnswerCluster sends text to the conversations an agent chose from a
// cluster, those of them still waiting (someone may have answered the
// others meanwhile), and starts the job.
func (t *Tools) AnswerCluster(ctx context.Context, acct *account.Account, conversations []int64, text, note string, userID int64) (*Job, error) {
	if err := ValidateText(text); err != nil {
		return nil, err
	}
	msgs, err := t.Queue.WaitingMessages(ctx, acct.ID, MaxWaiting)
	if err != nil {
		return nil, fmt.Errorf("burst: waiting messages: %w", err)
	}
	chosen := make(map[int64]bool, len(conversations))
	for _, id := range conversations {
		chosen[id] = true
	}
	var members []Waiting
	for _, m := range msgs {
		if chosen[m.ConversationID] {
			members = append(members, m)
			delete(chosen, m.ConversationID) // one recipient per conversation
		}
	}
	if len(members) == 0 {
		return nil, errs.Errorf(errs.Conflict, "these conversations no longer wait for an answer (这些会话已不再等待回复)")
	}
	return t.start(ctx, acct, KindCluster, text, note, userID, ClusterRecipients(members))
}

// PreviewRemedy lists who received the wrong replies, within the window
// or not.
func (t *Tools) PreviewRemedy(ctx context.Context, acct *account.Account, src RemedySource) (*Preview, error) {
	return PreviewRemedy(ctx, t.Remedy, t.Windower, acct, src, t.now())
}

// SendRemedy sends the correction to everyone who received the wrong
// replies and is still within the window (checked again now), and starts
// the job. The window is checked once more for each recipient as it goes.
func (t *Tools) SendRemedy(ctx context.Context, acct *account.Account, src RemedySource, text, note string, userID int64) (*Job, error) {
	if err := ValidateText(text); err != nil {
		return nil, err
	}
	p, err := t.PreviewRemedy(ctx, acct, src)
	if err != nil {
		return nil, err
	}
	if len(p.Within) == 0 {
		return nil, errs.Errorf(errs.Invalid, "nobody who received it is within the reply window (收到该回复的粉丝都已不在回复时间窗口内)")
	}
	return t.start(ctx, acct, KindRemedy, text, note, userID, p.RecipientsOf())
}

func (t *Tools) start(ctx context.Context, acct *account.Account, kind JobKind, text, note string, userID int64, rs []Recipient) (*Job, error) {
	j, err := NewJob(ctx, t.Store, acct, kind, text, note, userID, rs, t.now())
	if err != nil {
		return nil, err
	}
	t.Runner.Submit(j.ID)
	return j, nil
}
