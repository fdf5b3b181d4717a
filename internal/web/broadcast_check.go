package web

import (
	"net/http"
	"time"

	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/errs"
)

// broadcastCheckView is the check panel: what sending the draft now would
// do, and the phone preview swapped in beside it (out of band).
type broadcastCheckView struct {
	Check  broadcast.Check
	Error  string // the check itself failed
	Reason string // why sending is blocked
	Quota  string
	Peaks  []peakTime
	Phone  broadcastPhone
	OOB    bool // also swap the phone preview (the compose page's live check)
}

// peakTime is a suggested send time: the next time a peak hour comes round.
type peakTime struct {
	Label string // "今天 20:00"
	At    string // datetime-local value for the schedule field
}

// handleBroadcastCheck answers the compose form's live check (htmx, on
// change, debounced): the check panel and the phone preview of the draft
// as typed, saved or not.
func (h *Handler) handleBroadcastCheck(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := r.ParseForm(); err != nil {
		return errs.Errorf(errs.Invalid, "bad form (表单无效): %v", err)
	}
	d := draftFromForm(r)
	v := h.broadcastCheck(r, p, d)
	v.OOB = true
	phone, err := h.broadcastPhone(r, p, d)
	if err != nil {
		return err
	}
	v.Phone = phone
	return h.partial(w, r, p, "broadcast_compose", "broadcast_check_response", v)
}

// broadcastCheck runs the service's check of d; a check that fails (an
// unknown segment, say) is shown in the panel, not as a failed page.
func (h *Handler) broadcastCheck(r *http.Request, p *Page, d broadcast.Draft) broadcastCheckView {
	c, err := h.Broadcasts.Check(r.Context(), p.Account.ID, d)
	if err != nil {
		if !userFacing(err) {
			h.log.Error("broadcast check", "account_id", p.Account.ID, "error", err.Error())
		}
		return broadcastCheckView{Error: errText(p, err)}
	}
	return checkView(p, c)
}

// checkView turns a check into what the panel says.
func checkView(p *Page, c broadcast.Check) broadcastCheckView {
	v := broadcastCheckView{Check: c, Peaks: peakTimes(p, c.PeakHours)}
	if c.QuotaPeriod != "" {
		v.Quota = p.T("broadcasts.check.quota", p.T("broadcasts.check.period."+c.QuotaPeriod), c.QuotaUsed, c.QuotaLimit)
	}
	if c.Blocked && c.Reason != nil {
		v.Reason = errText(p, c.Reason)
	}
	return v
}

// peakTimes turns peak hours into the next time each comes round in the
// account's zone (later today, else tomorrow), best first.
func peakTimes(p *Page, hours []int) []peakTime {
	now := p.Now.In(p.Location())
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	var out []peakTime
	for _, hr := range hours {
		if hr < 0 || hr > 23 {
			continue
		}
		t, day := today.Add(time.Duration(hr)*time.Hour), "broadcasts.check.today"
		if !t.After(now) {
			t, day = today.AddDate(0, 0, 1).Add(time.Duration(hr)*time.Hour), "broadcasts.check.tomorrow"
		}
		out = append(out, peakTime{Label: p.T(day, t.Format("15:04")), At: t.Format(scheduleLayout)})
	}
	return out
}
