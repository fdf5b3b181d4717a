package broadcast

import (
	"context"
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/wechat"
)

// ReconcileCursor names the position of the job-event reconciler.
const ReconcileCursor = "broadcast_job_events"

// reconcilePage is how many job events one Reconcile pass reads.
const reconcilePage = 500

// Reconcile stores the results of MASSSENDJOBFINISH and
// TEMPLATESENDJOBFINISH pushes stored since the last pass, then moves its
// cursor. Applying an event twice changes nothing, so a crash between the
// two only repeats work. It returns how many events it read.
func (s *Service) Reconcile(ctx context.Context) (int, error) {
	pos, err := s.d.Store.Cursor(ctx, ReconcileCursor)
	if err != nil {
		return 0, err
	}
	events, err := s.d.Store.JobEvents(ctx, pos, reconcilePage)
	if err != nil || len(events) == 0 {
		return 0, err
	}
	for i := range events {
		if err := s.apply(ctx, &events[i]); err != nil {
			return 0, err
		}
	}
	return len(events), s.d.Store.AdvanceCursor(ctx, ReconcileCursor, events[len(events)-1].ID)
}

// applyLateEvent applies a job's finish push that arrived before its
// msg_id was stored (the reconciler found no batch for it then).
func (s *Service) applyLateEvent(ctx context.Context, accountID, msgID int64) error {
	ev, err := s.d.Store.JobEventByMsgID(ctx, accountID, msgID)
	if err != nil || ev == nil {
		return err
	}
	return s.apply(ctx, ev)
}

// apply stores one job event's result on its batch or template recipient.
func (s *Service) apply(ctx context.Context, ev *JobEvent) error {
	m, err := wechat.Parse(ev.Raw)
	if err != nil {
		s.d.Logger.Warn("broadcast: unreadable job event", "message_id", ev.ID, "error", err.Error())
		return nil
	}
	var id int64
	switch ev.Event {
	case wechat.EventMassSendJobFinish:
		id, err = s.d.Store.FinishMassJob(ctx, ev.AccountID, m.JobMsgID, Batch{JobStatus: m.Status,
			TotalCount: m.TotalCount, FilterCount: m.FilterCount, SentCount: m.SentCount, ErrorCount: m.ErrorCount,
			FinishedAt: ev.ReceivedAt})
	case wechat.EventTemplateSendJob:
		state, errText := templateState(m.Status)
		id, err = s.d.Store.FinishTemplate(ctx, ev.AccountID, m.JobMsgID, state, errText)
	}
	if err != nil {
		return fmt.Errorf("broadcast: apply job event %d: %w", ev.ID, err)
	}
	if id != 0 {
		s.publish(ev.AccountID, id)
	}
	return nil
}

// Results reports what happened to a broadcast. Unfollows are counted on
// read until the 72-hour window is over, then stored once.
func (s *Service) Results(ctx context.Context, accountID, id int64) (Results, error) {
	r, err := s.d.Store.Broadcast(ctx, accountID, id)
	if err != nil {
		return Results{}, err
	}
	t, err := s.d.Store.BroadcastTally(ctx, id)
	if err != nil {
		return Results{}, err
	}
	res := Results{Recipients: r.Recipients, SkippedByCap: t.ByState[StateSkippedCap],
		Accepted: t.ByState[StateAccepted] + t.ByState[StateDelivered], Failed: t.ByState[StateFailed],
		Unknown: t.ByState[StateUnknown], Delivered: t.ByState[StateDelivered],
		Jobs: t.Jobs, JobsFinished: t.JobsFinished, TotalCount: t.TotalCount, FilterCount: t.FilterCount,
		SentCount: t.SentCount, ErrorCount: t.ErrorCount}
	if r.StartedAt == nil {
		return res, nil
	}
	res.Unfollows24h, res.Unfollows72h, err = s.unfollows(ctx, r)
	return res, err
}

func (s *Service) unfollows(ctx context.Context, r *Record) (int, int, error) {
	if r.Unfollows24h != nil && r.Unfollows72h != nil {
		return *r.Unfollows24h, *r.Unfollows72h, nil
	}
	from := *r.StartedAt
	n24, n72, err := s.d.Store.Unfollows(ctx, r.AccountID, r.ID, from, from.Add(24*time.Hour), from.Add(72*time.Hour))
	if err != nil {
		return 0, 0, err
	}
	if s.now().After(from.Add(72 * time.Hour)) {
		if err := s.d.Store.SaveUnfollows(ctx, r.ID, n24, n72); err != nil {
			return 0, 0, err
		}
	}
	return n24, n72, nil
}
