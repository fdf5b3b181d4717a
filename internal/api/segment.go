package api

import (
	"fmt"
	"net/http"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/segment"
)

// segmentJSON is a saved segment with the number of followers it selects now.
type segmentJSON struct {
	ID        int64          `json:"id"`
	Name      string         `json:"name"`
	Filter    segment.Filter `json:"filter"`
	Count     int            `json:"count"`
	CreatedBy int64          `json:"created_by,omitempty"`
	CreatedAt string         `json:"created_at"`
	UpdatedAt string         `json:"updated_at"`
}

// segmentRequest is the body of a create; on PATCH, fields left out keep
// their value.
type segmentRequest struct {
	Name   *string         `json:"name"`
	Filter *segment.Filter `json:"filter"`
}

var errNoSegments = errs.Errorf(errs.Unavailable, "segments are not available (分组功能不可用)")

// segmentOut adds the live count to a segment.
func (a *API) segmentOut(r *http.Request, c *call, s segment.Segment) (segmentJSON, error) {
	n, err := a.Segments.Count(r.Context(), c.Account.ID, s.Filter)
	if err != nil {
		return segmentJSON{}, err
	}
	return segmentWithCount(s, n), nil
}

// segmentWithCount is s as JSON with n followers.
func segmentWithCount(s segment.Segment, n int) segmentJSON {
	return segmentJSON{ID: s.ID, Name: s.Name, Filter: s.Filter, Count: n, CreatedBy: s.CreatedBy,
		CreatedAt: stamp(s.CreatedAt), UpdatedAt: stamp(s.UpdatedAt)}
}

// handleSegmentList lists the account's segments by name, each counted now.
func (a *API) handleSegmentList(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.Segments == nil {
		return errNoSegments
	}
	segs, err := a.Segments.List(r.Context(), c.Account.ID)
	if err != nil {
		return err
	}
	counts, fails, err := a.Segments.CountEach(r.Context(), c.Account.ID, segs)
	if err != nil {
		return err
	}
	items := make([]segmentJSON, len(segs))
	for i, s := range segs {
		if fails[i] != nil {
			return fails[i]
		}
		items[i] = segmentWithCount(s, counts[i])
	}
	writeJSON(w, http.StatusOK, newList(items, ""))
	return nil
}

// handleSegmentGet answers one segment with its count.
func (a *API) handleSegmentGet(w http.ResponseWriter, r *http.Request, c *call) error {
	s, err := a.segment(r, c)
	if err != nil {
		return err
	}
	out, err := a.segmentOut(r, c, s)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// handleSegmentCreate saves a new segment (201).
func (a *API) handleSegmentCreate(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.Segments == nil {
		return errNoSegments
	}
	var req segmentRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	s := segment.Segment{AccountID: c.Account.ID, CreatedBy: c.User.ID}
	req.apply(&s)
	if err := a.Segments.Create(r.Context(), &s); err != nil {
		return err
	}
	a.audit(r, c, "segment.create", segmentTarget(s.ID), fmt.Sprintf("name=%q via API", s.Name))
	out, err := a.segmentOut(r, c, s)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

// handleSegmentUpdate renames a segment and/or replaces its filter.
func (a *API) handleSegmentUpdate(w http.ResponseWriter, r *http.Request, c *call) error {
	s, err := a.segment(r, c)
	if err != nil {
		return err
	}
	var req segmentRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	req.apply(&s)
	if err := a.Segments.Update(r.Context(), &s); err != nil {
		return err
	}
	a.audit(r, c, "segment.update", segmentTarget(s.ID), fmt.Sprintf("name=%q via API", s.Name))
	out, err := a.segmentOut(r, c, s)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// handleSegmentDelete removes a segment and answers it as it was.
func (a *API) handleSegmentDelete(w http.ResponseWriter, r *http.Request, c *call) error {
	s, err := a.segment(r, c)
	if err != nil {
		return err
	}
	if err := a.Segments.Delete(r.Context(), c.Account.ID, s.ID); err != nil {
		return err
	}
	a.audit(r, c, "segment.delete", segmentTarget(s.ID), fmt.Sprintf("name=%q via API", s.Name))
	writeJSON(w, http.StatusOK, segmentWithCount(s, 0))
	return nil
}

// handleSegmentCount counts the followers a filter (the body) selects now,
// without saving anything.
func (a *API) handleSegmentCount(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.Segments == nil {
		return errNoSegments
	}
	var f segment.Filter
	if err := decodeJSON(r, &f); err != nil {
		return err
	}
	n, err := a.Segments.Count(r.Context(), c.Account.ID, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"count": n, "filter": f})
	return nil
}

// handleSegmentExport streams the segment's followers as CSV (UTF-8 with a
// BOM). Personal data leaves the system, so the export is audited before
// its first byte; a filter that no longer holds is answered as JSON.
func (a *API) handleSegmentExport(w http.ResponseWriter, r *http.Request, c *call) error {
	s, err := a.segment(r, c)
	if err != nil {
		return err
	}
	started := false
	n, err := a.Segments.Export(r.Context(), c.Account.ID, s.Filter, w, func() {
		started = true
		a.audit(r, c, "segment.export", segmentTarget(s.ID), fmt.Sprintf("name=%q via API", s.Name))
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", segment.ExportDisposition(c.Account.AppID, s.ID, s.Name))
	})
	switch {
	case err != nil && !started:
		return err // e.g. a filter naming a deleted tag: a 400, not a broken file
	case err != nil:
		a.log.Error("segment export cut short", "segment_id", s.ID, "rows", n, "error", err.Error())
	}
	return nil
}

// segment loads the {id} segment of the call's account.
func (a *API) segment(r *http.Request, c *call) (segment.Segment, error) {
	if a.Segments == nil {
		return segment.Segment{}, errNoSegments
	}
	id, err := pathID(r, "id")
	if err != nil {
		return segment.Segment{}, err
	}
	return a.Segments.Get(r.Context(), c.Account.ID, id)
}

func (req segmentRequest) apply(s *segment.Segment) {
	if req.Name != nil {
		s.Name = *req.Name
	}
	if req.Filter != nil {
		s.Filter = *req.Filter
	}
}

func segmentTarget(id int64) string { return fmt.Sprintf("segment:%d", id) }
