package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/segment"
)

// handleSegmentExport downloads a saved segment's followers as CSV (UTF-8
// with a BOM, streamed page by page). It is audited: personal data leaves.
func (h *Handler) handleSegmentExport(w http.ResponseWriter, r *http.Request, p *Page) error {
	id, err := segmentID(r, p)
	if err != nil {
		return err
	}
	seg, err := h.Segments.Get(r.Context(), p.Account.ID, id)
	if err != nil {
		return err
	}
	if _, err := h.Segments.Count(r.Context(), p.Account.ID, seg.Filter); err != nil {
		return err // a filter that no longer holds gets an error page, not a broken file
	}
	h.audit(r, p, "segment.export", segmentTarget(id), seg.Name)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", segment.ExportDisposition(p.Account.AppID, seg.ID, seg.Name))
	n, err := h.Segments.Export(r.Context(), p.Account.ID, seg.Filter, w)
	if err != nil {
		h.Logger.Error("segment export cut short", "segment_id", id, "rows", n, "error", err.Error())
	}
	return nil
}
