package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/fanbase/fanbase/internal/broadcast"
)

// broadcastsPerPage is how many broadcasts one page of the list shows.
const broadcastsPerPage = 20

// broadcastListData is the list page: a page of broadcasts with their
// results, and the links on.
type broadcastListData struct {
	Rows     []broadcastRow
	RowsURL  string // the live refresh of this page's rows
	NextURL  string
	FirstURL string
	CanEdit  bool
	IsAdmin  bool
}

// broadcastRow is one broadcast in the list (and the head of its page).
type broadcastRow struct {
	broadcast.Broadcast
	Audience string
	Badge    string
	When     time.Time // started, else scheduled; zero for an unscheduled draft
	Results  *broadcast.Results
	ShowURL  string
}

// handleBroadcastList lists the account's broadcasts newest first
// (?before= pages on); the rows refresh on every "broadcast" event.
func (h *Handler) handleBroadcastList(w http.ResponseWriter, r *http.Request, p *Page) error {
	d, err := h.broadcastList(r, p)
	if err != nil {
		return err
	}
	p.Title, p.Nav = p.T("broadcasts.title"), "broadcasts"
	return h.render(w, r, p, "broadcast_list", d)
}

// handleBroadcastRows answers the live refresh of the list's rows.
func (h *Handler) handleBroadcastRows(w http.ResponseWriter, r *http.Request, p *Page) error {
	d, err := h.broadcastList(r, p)
	if err != nil {
		return err
	}
	return h.partial(w, r, p, "broadcast_list", "broadcast_rows", d)
}

// broadcastList loads one page of the list.
func (h *Handler) broadcastList(r *http.Request, p *Page) (*broadcastListData, error) {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	bs, err := h.Broadcasts.List(r.Context(), p.Account.ID, before, broadcastsPerPage+1)
	if err != nil {
		return nil, err
	}
	d := &broadcastListData{CanEdit: p.Can("operator"), IsAdmin: p.Can("admin"), RowsURL: p.URL("/broadcasts/rows")}
	if before != 0 {
		d.RowsURL += "?before=" + strconv.FormatInt(before, 10)
		d.FirstURL = p.URL("/broadcasts")
	}
	if len(bs) > broadcastsPerPage {
		bs = bs[:broadcastsPerPage]
		d.NextURL = p.URL("/broadcasts?before=%d", bs[len(bs)-1].ID)
	}
	tags, segs, err := h.audienceOptions(r.Context(), p.Account.ID)
	if err != nil {
		return nil, err
	}
	for _, b := range bs {
		row, err := h.broadcastRow(r, p, b, tags, segs)
		if err != nil {
			return nil, err
		}
		d.Rows = append(d.Rows, row)
	}
	return d, nil
}

// broadcastRow adds what a person reads to a broadcast: its audience by
// name, its badge, its time and (once sending started) its results.
func (h *Handler) broadcastRow(r *http.Request, p *Page, b broadcast.Broadcast, tags, segs []audienceOption) (broadcastRow, error) {
	row := broadcastRow{Broadcast: b, Audience: audienceLabel(p, b.Audience, tags, segs), Badge: broadcastStatusBadge(b.Status),
		ShowURL: p.URL("/broadcasts/%d", b.ID)}
	switch {
	case b.StartedAt != nil:
		row.When = *b.StartedAt
	case b.ScheduledAt != nil:
		row.When = *b.ScheduledAt
	}
	if b.StartedAt == nil && b.Status != broadcast.StatusSending && b.Status != broadcast.StatusSent {
		return row, nil
	}
	res, err := h.Broadcasts.Results(r.Context(), p.Account.ID, b.ID)
	if err != nil {
		return row, err
	}
	row.Results = &res
	return row, nil
}
