package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/segment"
)

// segmentListData is the list of saved segments, each counted now.
type segmentListData struct {
	Rows    []segmentRow
	CanEdit bool
	NewURL  string
}

type segmentRow struct {
	segment.Segment
	Count   int
	Error   string // the filter no longer counts (e.g. a tag was deleted)
	ShowURL string
}

// handleSegmentList lists the account's segments by name with their
// current counts.
func (h *Handler) handleSegmentList(w http.ResponseWriter, r *http.Request, p *Page) error {
	segs, err := h.Segments.List(r.Context(), p.Account.ID)
	if err != nil {
		return err
	}
	counts, fails, err := h.Segments.CountEach(r.Context(), p.Account.ID, segs)
	if err != nil {
		return err
	}
	d := &segmentListData{CanEdit: p.Can("operator"), NewURL: p.URL("/segments/new")}
	for i, s := range segs {
		row := segmentRow{Segment: s, Count: counts[i], ShowURL: p.URL("/segments/%d", s.ID)}
		if fails[i] != nil {
			row.Error = h.segmentErrText(p, fails[i])
		}
		d.Rows = append(d.Rows, row)
	}
	p.Title, p.Nav = p.T("segments.title"), "segments"
	return h.render(w, r, p, "segment_list", d)
}
