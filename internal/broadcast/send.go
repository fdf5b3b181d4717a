package broadcast

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// Run sends one due broadcast as far as it can: a scheduled one is
// snapshot and started, a sending one resumed where it stopped. The
// caller holds the broadcast's lease. An error means "try again later"
// (WeChat unreachable, store busy); nothing is sent twice on the retry.
func (s *Service) Run(ctx context.Context, accountID, id int64) error {
	r, err := s.d.Store.Broadcast(ctx, accountID, id)
	if err != nil {
		return err
	}
	acct, err := s.d.Store.AccountByID(ctx, accountID)
	if err != nil {
		return err
	}
	if r.Status == StatusScheduled {
		if r.ScheduledAt != nil && r.ScheduledAt.After(s.now()) {
			return nil
		}
		if err := s.start(ctx, acct, r); err != nil {
			return err
		}
	}
	if r.Status != StatusSending {
		return nil
	}
	if err := s.execute(ctx, acct, r); err != nil {
		return err
	}
	return s.finish(ctx, r)
}

// start snapshots the recipients (trimmed by the daily cap), in the same
// pass over the audience that checks it, and moves the broadcast to
// sending, or fails it when the check blocks.
func (s *Service) start(ctx context.Context, acct *account.Account, r *Record) error {
	var eligible, skipped []string
	c, err := s.check(ctx, acct, r.Draft, func(o string, overCap bool) {
		if overCap {
			skipped = append(skipped, o)
		} else {
			eligible = append(eligible, o)
		}
	})
	if err != nil {
		return err
	}
	if c.Blocked {
		return s.failEarly(ctx, r, c.Reason)
	}
	if r.Draft, err = s.resolveNews(ctx, acct, r.Draft); err != nil {
		if errs.Is(err, errs.Invalid) || errs.Is(err, errs.NotFound) {
			return s.failEarly(ctx, r, err) // e.g. a cover that is gone: retrying cannot help
		}
		return err // the runner tries again
	}
	r.Plan = choosePlan(acct.Type, r.Draft, len(skipped) > 0)
	recips, batches := assign(r.ID, r.Plan, eligible, skipped, s.d.MaxBatch)
	now := s.now()
	if err := s.d.Store.StartBroadcast(ctx, r, recips, batches, now); err != nil {
		return err
	}
	r.Status, r.StartedAt, r.Recipients, r.SkippedCap = StatusSending, &now, len(eligible), len(skipped)
	s.d.Logger.Info("broadcast started", "account_id", acct.ID, "broadcast_id", r.ID, "plan", r.Plan,
		"recipients", len(eligible), "skipped_by_cap", len(skipped), "batches", len(batches))
	s.publish(acct.ID, r.ID)
	return nil
}

// failEarly fails a scheduled broadcast that may not be sent.
func (s *Service) failEarly(ctx context.Context, r *Record, reason error) error {
	now := s.now()
	if err := s.d.Store.SetBroadcastStatus(ctx, r.AccountID, r.ID, []string{StatusScheduled}, StatusFailed, time.Time{}, now); err != nil {
		return err
	}
	if err := s.d.Store.FinishBroadcast(ctx, r.ID, StatusFailed, reason.Error(), now); err != nil {
		return err
	}
	r.Status = StatusFailed
	s.publish(r.AccountID, r.ID)
	return nil
}

// execute makes the plan's calls that are not made yet.
func (s *Service) execute(ctx context.Context, acct *account.Account, r *Record) error {
	api := s.d.API(acct)
	switch r.Plan {
	case PlanOpenIDs:
		return s.sendBatches(ctx, api, r)
	case PlanAll:
		return s.sendAllBatch(ctx, api, r, 0)
	case PlanTag:
		return s.sendTag(ctx, api, r)
	case PlanTempTag:
		return s.sendTempTag(ctx, api, r)
	case PlanTemplate:
		return s.sendTemplates(ctx, api, r)
	}
	return fmt.Errorf("broadcast %d: unknown plan %q", r.ID, r.Plan)
}

// sendBatches sends the openid-list batches, each to its own recipients.
func (s *Service) sendBatches(ctx context.Context, api WeChat, r *Record) error {
	return s.sendPending(ctx, r, func(b Batch) (wxclient.MassResult, error) {
		openIDs, err := s.batchOpenIDs(ctx, r.ID, b.Batch)
		if err != nil {
			return wxclient.MassResult{}, err
		}
		return api.SendMass(ctx, openIDs, content(r.Draft), b.ClientMsgID)
	})
}

// sendAllBatch sends the one sendall batch to everyone (tagID 0) or a tag.
func (s *Service) sendAllBatch(ctx context.Context, api WeChat, r *Record, tagID int64) error {
	return s.sendPending(ctx, r, func(b Batch) (wxclient.MassResult, error) {
		return api.SendAll(ctx, tagID, content(r.Draft), b.ClientMsgID)
	})
}

// sendPending sends every batch not yet accepted or failed, in order,
// each through call.
func (s *Service) sendPending(ctx context.Context, r *Record, call func(Batch) (wxclient.MassResult, error)) error {
	batches, err := s.d.Store.Batches(ctx, r.ID)
	if err != nil {
		return err
	}
	for _, b := range batches {
		if b.State == StateAccepted || b.State == StateFailed {
			continue
		}
		if err := s.sendBatch(ctx, r, b, call); err != nil {
			return err
		}
	}
	return nil
}

// batchOpenIDs lists a batch's recipients still to be sent.
func (s *Service) batchOpenIDs(ctx context.Context, id int64, batch int) ([]string, error) {
	var out []string
	after := ""
	for {
		page, err := s.d.Store.Recipients(ctx, id, batch, "", after, wxclient.MassListMax)
		if err != nil {
			return nil, err
		}
		if len(page) == 0 {
			return out, nil
		}
		for _, rc := range page {
			if rc.State == StatePending || rc.State == StateSending || rc.State == StateAccepted {
				out = append(out, rc.OpenID)
			}
		}
		after = page[len(page)-1].OpenID
	}
}

// sendBatch commits the batch as sending, makes the call (which reads
// the batch's recipients, if it needs them, after that commit: those left
// sending are resent too) and stores the answer. A lost answer leaves it sending: the retry resends with the same
// clientmsgid, which WeChat answers 45065 (or 45066 within a minute).
func (s *Service) sendBatch(ctx context.Context, r *Record, b Batch, call func(Batch) (wxclient.MassResult, error)) error {
	if b.State == StatePending {
		b.State = StateSending
		if err := s.d.Store.MarkBatch(ctx, b, s.now()); err != nil {
			return err
		}
	}
	res, err := call(b)
	switch {
	case err == nil:
		b.State, b.MsgID, b.MsgDataID = StateAccepted, res.MsgID, res.MsgDataID
	case wxclient.IsCode(err, wxclient.CodeMassRetryTooFast):
		// The clientmsgid is WeChat's already: the first call went through.
		b.State, b.Error = StateAccepted, "resent within a minute of the first call; msg_id unknown (重发过快，未取得 msg_id)"
	case wxclient.IsCode(err, wxclient.CodeMassQuota):
		return s.quotaRefused(ctx, r)
	case permanent(err):
		b.State, b.Error = StateFailed, err.Error()
	default:
		return fmt.Errorf("broadcast %d batch %d: %w", r.ID, b.Batch, err)
	}
	if err := s.d.Store.MarkBatch(ctx, b, s.now()); err != nil {
		return err
	}
	s.publish(r.AccountID, r.ID)
	if b.MsgID != 0 {
		return s.applyLateEvent(ctx, r.AccountID, b.MsgID)
	}
	return nil
}

// quotaRefused fails every batch not yet accepted with the quota message.
func (s *Service) quotaRefused(ctx context.Context, r *Record) error {
	acct, err := s.d.Store.AccountByID(ctx, r.AccountID)
	if err != nil {
		return err
	}
	reason := quotaError(acct.Type).Error()
	batches, err := s.d.Store.Batches(ctx, r.ID)
	if err != nil {
		return err
	}
	for _, b := range batches {
		if b.State == StatePending || b.State == StateSending {
			b.State, b.Error = StateFailed, reason
			if err := s.d.Store.MarkBatch(ctx, b, s.now()); err != nil {
				return err
			}
		}
	}
	return nil
}

// permanent tells a refusal WeChat will repeat from an outcome that is
// unknown or may change (transport errors, busy, rate limits).
func permanent(err error) bool {
	var we *wxclient.Error
	if !errors.As(err, &we) {
		return errs.Is(err, errs.Invalid)
	}
	switch we.Code {
	case wxclient.CodeSystemBusy, wxclient.CodeDailyQuota, wxclient.CodeMinuteQuota:
		return false
	}
	return !wxclient.IsTokenError(err)
}

// finish ends a sending broadcast: sent when any recipient was reached,
// failed otherwise (with the first error).
func (s *Service) finish(ctx context.Context, r *Record) error {
	t, err := s.d.Store.BroadcastTally(ctx, r.ID)
	if err != nil {
		return err
	}
	if t.ByState[StatePending] > 0 || t.ByState[StateSending] > 0 {
		return fmt.Errorf("broadcast %d: %d recipients still pending", r.ID, t.ByState[StatePending]+t.ByState[StateSending])
	}
	status, errText := StatusSent, ""
	if t.ByState[StateAccepted]+t.ByState[StateDelivered]+t.ByState[StateUnknown] == 0 {
		status = StatusFailed
	}
	if errText, err = s.firstError(ctx, r.ID); err != nil {
		return err
	}
	if err := s.d.Store.FinishBroadcast(ctx, r.ID, status, errText, s.now()); err != nil {
		return err
	}
	r.Status = status
	s.d.Logger.Info("broadcast finished", "account_id", r.AccountID, "broadcast_id", r.ID, "status", status)
	s.publish(r.AccountID, r.ID)
	return nil
}

// firstError is the first batch's error, for the broadcast's summary.
func (s *Service) firstError(ctx context.Context, id int64) (string, error) {
	batches, err := s.d.Store.Batches(ctx, id)
	if err != nil {
		return "", err
	}
	for _, b := range batches {
		if b.State == StateFailed && b.Error != "" {
			return b.Error, nil
		}
	}
	return "", nil
}

// resolveNews turns a news draft's library articles into a WeChat draft's
// media_id. StartBroadcast stores it with the start, so every batch and
// every resend after a crash carries the same media_id.
func (s *Service) resolveNews(ctx context.Context, acct *account.Account, d Draft) (Draft, error) {
	if d.Kind != KindNews || d.MediaID != "" {
		return d, nil
	}
	if s.d.Drafts == nil {
		return d, errs.Errorf(errs.Unavailable, "news from the library cannot be sent: no draft publisher (无法发送图文库文章：未配置草稿发布)")
	}
	id, err := s.d.Drafts.MediaID(ctx, acct, d.ArticleIDs)
	if err != nil {
		return d, err
	}
	d.MediaID = id
	return d, nil
}
