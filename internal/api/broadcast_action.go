package api

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/errs"
)

// previewRequest names the test followers of a preview; none means the
// settings' preview openids.
type previewRequest struct {
	OpenIDs []string `json:"openids"`
}

// scheduleRequest is when to send: an RFC 3339 time, or left out for now.
type scheduleRequest struct {
	At string `json:"at"`
}

// broadcastCheckJSON is a pre-send check as the API shows it, with the reason it
// is blocked as text.
type broadcastCheckJSON struct {
	broadcast.Check
	Reason string `json:"reason,omitempty"`
}

// handleBroadcastPreview sends the broadcast to test followers (no quota).
func (a *API) handleBroadcastPreview(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := a.broadcastID(r)
	if err != nil {
		return err
	}
	var req previewRequest
	if err := decodeOptionalJSON(r, &req); err != nil {
		return err
	}
	if err := a.Broadcasts.Preview(r.Context(), c.Account.ID, id, req.OpenIDs); err != nil {
		return err
	}
	to := "settings"
	if len(req.OpenIDs) > 0 {
		to = strings.Join(req.OpenIDs, ",")
	}
	a.audit(r, c, "broadcast.preview", broadcastTarget(id), "to="+to+" via API")
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "previewed": true})
	return nil
}

// handleBroadcastSchedule queues the broadcast for "at" (now when left
// out) and answers it as it now is; refused while the check blocks it.
func (a *API) handleBroadcastSchedule(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := a.broadcastID(r)
	if err != nil {
		return err
	}
	var req scheduleRequest
	if err := decodeOptionalJSON(r, &req); err != nil {
		return err
	}
	at, err := parseScheduleTime(req.At)
	if err != nil {
		return err
	}
	if err := a.Broadcasts.Schedule(r.Context(), c.Account.ID, id, at); err != nil {
		return err
	}
	detail := "at=now via API"
	if !at.IsZero() {
		detail = "at=" + stamp(at) + " via API"
	}
	a.audit(r, c, "broadcast.schedule", broadcastTarget(id), detail)
	return a.answerBroadcast(w, r, c, id)
}

// handleBroadcastCancel stops a broadcast before sending starts.
func (a *API) handleBroadcastCancel(w http.ResponseWriter, r *http.Request, c *call) error {
	b, err := a.broadcast(r, c)
	if err != nil {
		return err
	}
	if err := a.Broadcasts.Cancel(r.Context(), c.Account.ID, b.ID); err != nil {
		return err
	}
	a.audit(r, c, "broadcast.cancel", broadcastTarget(b.ID), "via API")
	return a.answerBroadcast(w, r, c, b.ID)
}

// handleBroadcastResults answers what happened to a broadcast.
func (a *API) handleBroadcastResults(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := a.broadcastID(r)
	if err != nil {
		return err
	}
	res, err := a.Broadcasts.Results(r.Context(), c.Account.ID, id)
	if err != nil {
		return err
	}
	batches, err := a.Broadcasts.Jobs(r.Context(), c.Account.ID, id)
	if err != nil {
		return err
	}
	out := broadcastResultsJSON{Results: res, JobList: make([]broadcastJobJSON, 0, len(batches))}
	for _, j := range batches {
		out.JobList = append(out.JobList, broadcastJobJSON{Batch: j.Batch, Size: j.Size, State: j.State, MsgID: j.MsgID,
			Status: j.JobStatus, Error: j.Error, TotalCount: j.TotalCount, FilterCount: j.FilterCount, SentCount: j.SentCount,
			ErrorCount: j.ErrorCount, SentAt: stamp(j.SentAt), FinishedAt: stamp(j.FinishedAt)})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// broadcastResultsJSON is a broadcast's results with each WeChat job's
// own MASSSENDJOBFINISH counts beside the sums.
type broadcastResultsJSON struct {
	broadcast.Results
	JobList []broadcastJobJSON `json:"job_list"`
}

// broadcastJobJSON is one mass-send call (a batch of recipients).
type broadcastJobJSON struct {
	Batch       int    `json:"batch"`
	Size        int    `json:"size"`
	State       string `json:"state"`
	MsgID       int64  `json:"msg_id,omitempty"`
	Status      string `json:"status,omitempty"` // MASSSENDJOBFINISH Status, once finished
	Error       string `json:"error,omitempty"`
	TotalCount  int    `json:"total_count"`
	FilterCount int    `json:"filter_count"`
	SentCount   int    `json:"sent_count"`
	ErrorCount  int    `json:"error_count"`
	SentAt      string `json:"sent_at,omitempty"`
	FinishedAt  string `json:"finished_at,omitempty"`
}

// handleBroadcastCheck tells what sending a draft now would do: audience
// size, quota, recent contact, the daily cap, peak hours.
func (a *API) handleBroadcastCheck(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.Broadcasts == nil {
		return errNoBroadcasts
	}
	var d broadcast.Draft
	if err := decodeJSON(r, &d); err != nil {
		return err
	}
	chk, err := a.Broadcasts.Check(r.Context(), c.Account.ID, d)
	if err != nil {
		return err
	}
	out := broadcastCheckJSON{Check: chk}
	if chk.PeakHours == nil {
		out.PeakHours = []int{}
	}
	if chk.Blocked && chk.Reason != nil {
		out.Reason = chk.Reason.Error()
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// answerBroadcast writes the broadcast as it is now.
func (a *API) answerBroadcast(w http.ResponseWriter, r *http.Request, c *call, id int64) error {
	b, err := a.Broadcasts.Get(r.Context(), c.Account.ID, id)
	if err != nil {
		return fmt.Errorf("reload broadcast %d: %w", id, err)
	}
	writeJSON(w, http.StatusOK, toBroadcastJSON(b))
	return nil
}

// parseScheduleTime reads an RFC 3339 time; "" is now (the zero time).
func parseScheduleTime(s string) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, errs.Errorf(errs.Invalid,
			"at must be an RFC 3339 time such as 2024-05-01T20:00:00+08:00, or left out to send now (at 须为 RFC 3339 时间，省略则立即发送)")
	}
	return t, nil
}
