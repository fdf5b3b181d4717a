package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/segment"
)

// handleSegmentExport downloads a saved segment's followers as CSV (UTF-8
// with a BOM, streamed page by page). It is audited before the first byte:
// personal data leaves. A filter that no longer holds gets an error page,
// not a broken file.
func (h *Handler) handleSegmentExport(w http.ResponseWriter, r *http.Request, p *Page) error {
	id, err := segmentID(r, p)
	if err != nil {
		return err
	}
	seg, err := h.Segments.Get(r.Context(), p.Account.ID, id)
	if err != nil {
		return err
	}
	started := false
	n, err := h.Segments.Export(r.Context(), p.Account.ID, seg.Filter, w, func() {
		started = true
		h.audit(r, p, "segment.export", segmentTarget(id), seg.Name)
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", segment.ExportDisposition(p.Account.AppID, seg.ID, seg.Name))
	})
	switch {
	case err != nil && !started:
		return err
	case err != nil:
		h.Logger.Error("segment export cut short", "segment_id", id, "rows", n, "error", err.Error())
	}
	return nil
}
