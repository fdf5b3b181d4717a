package api

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/errs"
)

// broadcastJSON is a broadcast as the API shows it: the draft's fields,
// its status and its times (RFC 3339, UTC; absent until they happen).
type broadcastJSON struct {
	ID int64 `json:"id"`
	broadcast.Draft
	Status      string `json:"status"`
	ScheduledAt string `json:"scheduled_at,omitempty"`
	StartedAt   string `json:"started_at,omitempty"`
	FinishedAt  string `json:"finished_at,omitempty"`
	CreatedBy   int64  `json:"created_by,omitempty"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
	Recipients  int    `json:"recipients"`
	Error       string `json:"error,omitempty"`
}

func toBroadcastJSON(b broadcast.Broadcast) broadcastJSON {
	return broadcastJSON{ID: b.ID, Draft: b.Draft, Status: b.Status, ScheduledAt: stampPtr(b.ScheduledAt),
		StartedAt: stampPtr(b.StartedAt), FinishedAt: stampPtr(b.FinishedAt), CreatedBy: b.CreatedBy,
		CreatedAt: stamp(b.CreatedAt), UpdatedAt: stamp(b.UpdatedAt), Recipients: b.Recipients, Error: b.Error}
}

// stampPtr is stamp of an optional time.
func stampPtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return stamp(*t)
}

var errNoBroadcasts = errs.Errorf(errs.Unavailable, "broadcasts are not available (群发功能不可用)")

// handleBroadcastList lists the account's broadcasts newest first.
func (a *API) handleBroadcastList(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.Broadcasts == nil {
		return errNoBroadcasts
	}
	p, err := parsePage(r, 1)
	if err != nil {
		return err
	}
	var before int64
	if p.Cursor != nil {
		before = p.Cursor[0]
	}
	bs, err := a.Broadcasts.List(r.Context(), c.Account.ID, before, p.Limit+1)
	if err != nil {
		return err
	}
	bs, next := cutPage(bs, p.Limit, func(b broadcast.Broadcast) int64 { return b.ID })
	items := make([]broadcastJSON, 0, len(bs))
	for _, b := range bs {
		items = append(items, toBroadcastJSON(b))
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}

// handleBroadcastGet answers one broadcast.
func (a *API) handleBroadcastGet(w http.ResponseWriter, r *http.Request, c *call) error {
	b, err := a.broadcast(r, c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toBroadcastJSON(b))
	return nil
}

// handleBroadcastCreate stores a new draft (201).
func (a *API) handleBroadcastCreate(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.Broadcasts == nil {
		return errNoBroadcasts
	}
	var d broadcast.Draft
	if err := decodeJSON(r, &d); err != nil {
		return err
	}
	b, err := a.Broadcasts.Create(r.Context(), c.Account.ID, c.User.ID, d)
	if err != nil {
		return err
	}
	a.audit(r, c, "broadcast.create", broadcastTarget(b.ID), broadcastDetail(b.Draft))
	writeJSON(w, http.StatusCreated, toBroadcastJSON(b))
	return nil
}

// handleBroadcastUpdate changes a draft or scheduled broadcast: the fields
// the body names replace the stored ones, the others stay.
func (a *API) handleBroadcastUpdate(w http.ResponseWriter, r *http.Request, c *call) error {
	old, err := a.broadcast(r, c)
	if err != nil {
		return err
	}
	d := old.Draft
	if err := decodeJSON(r, &d); err != nil {
		return err
	}
	b, err := a.Broadcasts.Update(r.Context(), c.Account.ID, old.ID, d)
	if err != nil {
		return err
	}
	a.audit(r, c, "broadcast.update", broadcastTarget(b.ID), broadcastDetail(b.Draft))
	writeJSON(w, http.StatusOK, toBroadcastJSON(b))
	return nil
}

// broadcast loads the {id} broadcast of the call's account.
func (a *API) broadcast(r *http.Request, c *call) (broadcast.Broadcast, error) {
	id, err := a.broadcastID(r)
	if err != nil {
		return broadcast.Broadcast{}, err
	}
	return a.Broadcasts.Get(r.Context(), c.Account.ID, id)
}

// broadcastID reads the {id} of the path for the actions whose service
// call loads the broadcast itself (and answers NotFound for another
// account's), so the handler need not read the row first.
func (a *API) broadcastID(r *http.Request) (int64, error) {
	if a.Broadcasts == nil {
		return 0, errNoBroadcasts
	}
	return pathID(r, "id")
}

// decodeOptionalJSON is decodeJSON for bodies that may be left out
// entirely (an empty body leaves v as it is).
func decodeOptionalJSON(r *http.Request, v any) error {
	if r.Body == nil {
		return nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		return errs.Errorf(errs.Invalid, "read request body: %v (读取请求体失败)", err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return decodeJSON(r, v)
}

// broadcastTarget names a broadcast in the audit log, as the web app does.
func broadcastTarget(id int64) string { return fmt.Sprintf("broadcast:%d", id) }

// broadcastDetail sums a draft up for the audit log.
func broadcastDetail(d broadcast.Draft) string {
	return fmt.Sprintf("title=%q kind=%s audience=%s via API", d.Title, d.Kind, d.Audience.Kind)
}
