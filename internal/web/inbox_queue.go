package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/inbox"
)

// inboxQueueData is the queue page: the agent's presence and the queue panel.
type inboxQueueData struct {
	Queue    *queueView
	Presence *presenceView
}

// handleInboxQueue shows the live queue; ?part=queue answers the panel
// alone, which the page reloads on every live event.
func (h *Handler) handleInboxQueue(w http.ResponseWriter, r *http.Request, p *Page) error {
	q := r.URL.Query()
	v, err := h.buildQueue(r.Context(), p, tabOf(q.Get("tab")), q.Get("after"), 0, false)
	if err != nil {
		return err
	}
	if q.Get("part") == "queue" {
		return h.partial(w, r, p, "inbox_queue", "inbox_queue_panel", v)
	}
	if err := h.Desk.Heartbeat(r.Context(), p.User.ID, p.Account.ID); err != nil {
		return err // opening the inbox counts as being here
	}
	pres, err := h.presenceOf(r, p)
	if err != nil {
		return err
	}
	p.Title, p.Nav = p.T("inbox.title"), "inbox"
	return h.render(w, r, p, "inbox_queue", inboxQueueData{Queue: v, Presence: pres})
}

// presenceView is the agent's online/away toggle.
type presenceView struct {
	Status   string
	Label    string
	Online   bool
	SetURL   string
	BeatURL  string
	Statuses []presenceChoice
}

type presenceChoice struct {
	Value, Label string
	Active       bool
}

func (h *Handler) presenceOf(r *http.Request, p *Page) (*presenceView, error) {
	pr, err := h.Desk.Presence(r.Context(), p.User.ID, p.Account.ID)
	if err != nil {
		return nil, err
	}
	v := &presenceView{Status: string(pr.Status), Label: p.T("inbox.presence." + string(pr.Status)),
		Online: pr.Status == inbox.Online, SetURL: p.URL("/presence"), BeatURL: p.URL("/presence/heartbeat")}
	for _, s := range []inbox.PresenceStatus{inbox.Online, inbox.Away} {
		v.Statuses = append(v.Statuses, presenceChoice{Value: string(s), Label: p.T("inbox.presence." + string(s)), Active: s == pr.Status})
	}
	return v, nil
}
