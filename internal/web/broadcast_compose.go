package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/errs"
)

// thenSchedule is the submit button that saves and schedules in one go.
const thenSchedule = "schedule"

// handleBroadcastNew shows an empty compose form: a text to all followers.
func (h *Handler) handleBroadcastNew(w http.ResponseWriter, r *http.Request, p *Page) error {
	d := &broadcastFormData{Form: broadcast.Draft{Kind: broadcast.KindText, Audience: broadcast.Audience{Kind: broadcast.AudienceAll}}}
	return h.renderBroadcastForm(w, r, p, d, http.StatusOK)
}

// handleBroadcastCreate stores a new draft, schedules it when asked, and
// goes on to its page; a refused draft comes back with the reason.
func (h *Handler) handleBroadcastCreate(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := r.ParseForm(); err != nil {
		return errs.Errorf(errs.Invalid, "bad form (表单无效): %v", err)
	}
	d := &broadcastFormData{Form: draftFromForm(r), At: r.PostFormValue("at")}
	b, err := h.Broadcasts.Create(r.Context(), p.Account.ID, p.User.ID, d.Form)
	if err != nil {
		return h.refuseBroadcastForm(w, r, p, d, err)
	}
	h.audit(r, p, "broadcast.create", broadcastTarget(b.ID), broadcastDetail(b.Draft))
	return h.afterBroadcastSave(w, r, p, d, b.ID)
}

// handleBroadcastEdit shows the compose form of a draft or scheduled
// broadcast; the others can no longer change, so their page is shown.
func (h *Handler) handleBroadcastEdit(w http.ResponseWriter, r *http.Request, p *Page) error {
	id, err := broadcastID(r, p)
	if err != nil {
		return err
	}
	b, err := h.Broadcasts.Get(r.Context(), p.Account.ID, id)
	if err != nil {
		return err
	}
	if !broadcastEditable(b.Status) {
		h.redirect(w, r, p.URL("/broadcasts/%d", id))
		return nil
	}
	d := &broadcastFormData{ID: id, Form: b.Draft}
	if b.ScheduledAt != nil {
		d.At = b.ScheduledAt.In(p.Location()).Format(scheduleLayout)
	}
	return h.renderBroadcastForm(w, r, p, d, http.StatusOK)
}

// handleBroadcastUpdate saves the changed draft (and schedules it when
// asked).
func (h *Handler) handleBroadcastUpdate(w http.ResponseWriter, r *http.Request, p *Page) error {
	id, err := broadcastID(r, p)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return errs.Errorf(errs.Invalid, "bad form (表单无效): %v", err)
	}
	d := &broadcastFormData{ID: id, Form: draftFromForm(r), At: r.PostFormValue("at")}
	b, err := h.Broadcasts.Update(r.Context(), p.Account.ID, id, d.Form)
	if err != nil {
		return h.refuseBroadcastForm(w, r, p, d, err)
	}
	h.audit(r, p, "broadcast.update", broadcastTarget(id), broadcastDetail(b.Draft))
	return h.afterBroadcastSave(w, r, p, d, id)
}

// afterBroadcastSave schedules the saved broadcast when the form asked
// for it, then shows its page; a refused schedule keeps the form open
// (now editing the saved draft) with the reason.
func (h *Handler) afterBroadcastSave(w http.ResponseWriter, r *http.Request, p *Page, d *broadcastFormData, id int64) error {
	if r.PostFormValue("then") != thenSchedule {
		h.redirect(w, r, p.URL("/broadcasts/%d", id))
		return nil
	}
	d.ID = id
	at, err := parseScheduleAt(p, d.At)
	if err == nil {
		err = h.Broadcasts.Schedule(r.Context(), p.Account.ID, id, at)
	}
	if err != nil {
		return h.refuseBroadcastForm(w, r, p, d, err)
	}
	h.audit(r, p, "broadcast.schedule", broadcastTarget(id), scheduleDetail(p, at))
	h.redirect(w, r, p.URL("/broadcasts/%d?done=scheduled", id))
	return nil
}

// refuseBroadcastForm shows the form again with why it was refused;
// internal errors go to the error page.
func (h *Handler) refuseBroadcastForm(w http.ResponseWriter, r *http.Request, p *Page, d *broadcastFormData, err error) error {
	if !userFacing(err) {
		return err
	}
	d.Error = errText(p, err)
	return h.renderBroadcastForm(w, r, p, d, errs.HTTPStatus(errs.CodeOf(err)))
}

// renderBroadcastForm writes the compose page with status.
func (h *Handler) renderBroadcastForm(w http.ResponseWriter, r *http.Request, p *Page, d *broadcastFormData, status int) error {
	if err := h.fillBroadcastForm(r, p, d); err != nil {
		return err
	}
	d.Action = p.URL("/broadcasts")
	p.Title, p.Nav = p.T("broadcasts.new_title"), "broadcasts"
	if d.ID != 0 {
		d.Action, d.BackURL = p.URL("/broadcasts/%d/edit", d.ID), p.URL("/broadcasts/%d", d.ID)
		p.Title = p.T("broadcasts.edit_title")
	}
	return h.execute(w, p, "broadcast_compose", "layout.html", d, status)
}

// broadcastEditable reports whether a broadcast in status may still change.
func broadcastEditable(status string) bool {
	return status == broadcast.StatusDraft || status == broadcast.StatusScheduled
}

// broadcastDetail sums a draft up for the audit log.
func broadcastDetail(d broadcast.Draft) string {
	return fmt.Sprintf("title=%q kind=%s audience=%s tag=%d segment=%d", d.Title, d.Kind, d.Audience.Kind,
		d.Audience.TagID, d.Audience.SegmentID)
}

// scheduleDetail says when a broadcast was scheduled for, in the account's zone.
func scheduleDetail(p *Page, at time.Time) string {
	if at.IsZero() {
		return "at=now"
	}
	return "at=" + at.In(p.Location()).Format("2006-01-02 15:04 MST")
}
