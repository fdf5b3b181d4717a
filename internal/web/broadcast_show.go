package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/broadcast"
)

// broadcastShowData is one broadcast's page: its status and results (live),
// its message on the phone, and for operators the preview, schedule and
// cancel actions with the pre-send check.
type broadcastShowData struct {
	Row         broadcastRow
	Phone       broadcastPhone
	Jobs        []broadcast.Batch   // WeChat's jobs, with each one's MASSSENDJOBFINISH counts
	Check       *broadcastCheckView // while it can still be sent
	LiveURL     string
	Live        bool // keep polling besides the events (sending, or in the unfollow window)
	CanEdit     bool
	Editable    bool
	EditURL     string
	PreviewURL  string
	ScheduleURL string
	CancelURL   string
	ListURL     string
	PreviewIDs  string // the settings' test followers
	OpenIDs     string // typed test followers (kept after an error)
	At          string
	Zone        string
	Flash       string
	Error       string
}

// broadcastDone are the ?done= values an action redirects with; others
// show no notice (rather than a raw catalog key).
var broadcastDone = []string{"previewed", "scheduled", "cancelled"}

// handleBroadcastShow shows one broadcast.
func (h *Handler) handleBroadcastShow(w http.ResponseWriter, r *http.Request, p *Page) error {
	d := &broadcastShowData{}
	if done := r.URL.Query().Get("done"); slices.Contains(broadcastDone, done) {
		d.Flash = p.T("broadcasts.done." + done)
	}
	return h.renderBroadcastShow(w, r, p, d, http.StatusOK)
}

// handleBroadcastLive answers the live part of the page (status, progress,
// results), refreshed on every "broadcast" event.
func (h *Handler) handleBroadcastLive(w http.ResponseWriter, r *http.Request, p *Page) error {
	d := &broadcastShowData{}
	if err := h.loadBroadcastShow(r, p, d); err != nil {
		return err
	}
	return h.partial(w, r, p, "broadcast_show", "broadcast_live", d)
}

// renderBroadcastShow writes the page with status (4xx when it shows a
// refused action).
func (h *Handler) renderBroadcastShow(w http.ResponseWriter, r *http.Request, p *Page, d *broadcastShowData, status int) error {
	if err := h.loadBroadcastShow(r, p, d); err != nil {
		return err
	}
	if d.Editable && d.CanEdit {
		v := h.broadcastCheck(r, p, d.Row.Draft)
		d.Check = &v
		st, err := h.Broadcasts.Settings(r.Context(), p.Account.ID)
		if err != nil {
			return err
		}
		d.PreviewIDs = strings.Join(st.PreviewOpenIDs, ", ")
	}
	p.Title, p.Nav = p.T("broadcasts.show_title"), "broadcasts"
	return h.execute(w, p, "broadcast_show", "layout.html", d, status)
}

// loadBroadcastShow loads the broadcast, its results and its preview.
func (h *Handler) loadBroadcastShow(r *http.Request, p *Page, d *broadcastShowData) error {
	id, err := broadcastID(r, p)
	if err != nil {
		return err
	}
	b, err := h.Broadcasts.Get(r.Context(), p.Account.ID, id)
	if err != nil {
		return err
	}
	tags, segs, err := h.audienceOptions(r.Context(), p.Account.ID)
	if err != nil {
		return err
	}
	if d.Row, err = h.broadcastRow(r, p, b, tags, segs); err != nil {
		return err
	}
	if d.Phone, err = h.broadcastPhone(r, p, b.Draft); err != nil {
		return err
	}
	if d.Row.Results != nil && d.Row.Results.Jobs > 0 {
		if d.Jobs, err = h.Broadcasts.Jobs(r.Context(), p.Account.ID, id); err != nil {
			return err
		}
	}
	h.fillBroadcastLinks(p, d)
	return nil
}

// fillBroadcastLinks sets the page's links and what the viewer may do.
func (h *Handler) fillBroadcastLinks(p *Page, d *broadcastShowData) {
	id := d.Row.ID
	d.CanEdit, d.Editable = p.Can("operator"), broadcastEditable(d.Row.Status)
	d.LiveURL, d.EditURL = p.URL("/broadcasts/%d/live", id), p.URL("/broadcasts/%d/edit", id)
	d.PreviewURL, d.ScheduleURL = p.URL("/broadcasts/%d/preview", id), p.URL("/broadcasts/%d/schedule", id)
	d.CancelURL, d.ListURL = p.URL("/broadcasts/%d/cancel", id), p.URL("/broadcasts")
	d.Zone = p.Location().String()
	if d.At == "" && d.Row.ScheduledAt != nil {
		d.At = d.Row.ScheduledAt.In(p.Location()).Format(scheduleLayout)
	}
	d.Live = d.Row.Status == broadcast.StatusScheduled || d.Row.Status == broadcast.StatusSending ||
		d.Row.StartedAt != nil && p.Now.Sub(*d.Row.StartedAt) < 72*time.Hour
}
