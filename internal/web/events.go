package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/fanbase/fanbase/internal/live"
)

// sseHeartbeat keeps proxies from closing an idle stream.
const sseHeartbeat = 20 * time.Second

// handleEvents streams the account's live events as Server-Sent Events.
// htmx's SSE extension turns each into a trigger ("sse:conversation").
func (h *Handler) handleEvents(w http.ResponseWriter, r *http.Request, p *Page) error {
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // the server's write timeout would end the stream
	events, cancel := h.Live.Subscribe(p.Account.ID)
	defer cancel()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")
	fmt.Fprint(w, ": connected\n\n")
	if err := rc.Flush(); err != nil {
		return nil
	}
	tick := time.NewTicker(sseHeartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return nil
		case <-h.streamsDone:
			return nil
		case <-tick.C:
			fmt.Fprint(w, ": ping\n\n")
		case e := <-events:
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.Kind, e.Data)
			drain(w, events) // one flush for a burst keeps a busy stream from lagging
		}
		if err := rc.Flush(); err != nil {
			return nil // the browser went away
		}
	}
}

// drain writes the events already waiting, without blocking.
func drain(w http.ResponseWriter, events <-chan live.Event) {
	for {
		select {
		case e := <-events:
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.Kind, e.Data)
		default:
			return
		}
	}
}
