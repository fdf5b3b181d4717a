package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/fanbase/fanbase/internal/errs"
)

// handleBroadcastPreview sends the broadcast to test followers: the typed
// openids, else the settings' ones. It uses no quota.
func (h *Handler) handleBroadcastPreview(w http.ResponseWriter, r *http.Request, p *Page) error {
	id, err := broadcastID(r, p)
	if err != nil {
		return err
	}
	typed := r.PostFormValue("openids")
	ids := splitOpenIDs(typed)
	if err := h.Broadcasts.Preview(r.Context(), p.Account.ID, id, ids); err != nil {
		return h.refuseBroadcastAction(w, r, p, &broadcastShowData{OpenIDs: typed}, err)
	}
	h.audit(r, p, "broadcast.preview", broadcastTarget(id), previewDetail(ids))
	h.redirect(w, r, p.URL("/broadcasts/%d?done=previewed", id))
	return nil
}

// handleBroadcastSchedule queues the broadcast for the chosen time, or for
// now with the "send now" button; refused when the check blocks it.
func (h *Handler) handleBroadcastSchedule(w http.ResponseWriter, r *http.Request, p *Page) error {
	id, err := broadcastID(r, p)
	if err != nil {
		return err
	}
	raw := r.PostFormValue("at")
	if r.PostFormValue("now") != "" {
		raw = ""
	}
	at, err := parseScheduleAt(p, raw)
	if err == nil {
		err = h.Broadcasts.Schedule(r.Context(), p.Account.ID, id, at)
	}
	if err != nil {
		return h.refuseBroadcastAction(w, r, p, &broadcastShowData{At: r.PostFormValue("at")}, err)
	}
	h.audit(r, p, "broadcast.schedule", broadcastTarget(id), scheduleDetail(p, at))
	h.redirect(w, r, p.URL("/broadcasts/%d?done=scheduled", id))
	return nil
}

// handleBroadcastCancel stops a broadcast that has not started sending.
func (h *Handler) handleBroadcastCancel(w http.ResponseWriter, r *http.Request, p *Page) error {
	id, err := broadcastID(r, p)
	if err != nil {
		return err
	}
	if err := h.Broadcasts.Cancel(r.Context(), p.Account.ID, id); err != nil {
		return h.refuseBroadcastAction(w, r, p, &broadcastShowData{}, err)
	}
	h.audit(r, p, "broadcast.cancel", broadcastTarget(id), "")
	h.redirect(w, r, p.URL("/broadcasts/%d?done=cancelled", id))
	return nil
}

// refuseBroadcastAction shows the broadcast's page again with why the
// action was refused (a missing broadcast or an internal error is the
// error page).
func (h *Handler) refuseBroadcastAction(w http.ResponseWriter, r *http.Request, p *Page, d *broadcastShowData, err error) error {
	if !userFacing(err) || errs.Is(err, errs.NotFound) {
		return err
	}
	d.Error = errText(p, err)
	return h.renderBroadcastShow(w, r, p, d, errs.HTTPStatus(errs.CodeOf(err)))
}

// previewDetail names the test followers in the audit log.
func previewDetail(ids []string) string {
	if len(ids) == 0 {
		return "to=settings"
	}
	return fmt.Sprintf("to=%s", strings.Join(ids, ","))
}
