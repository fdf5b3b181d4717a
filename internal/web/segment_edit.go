package web

import (
	"context"
	"net/http"
	"slices"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/segment"
)

// segmentEditData is the builder: the filter's fields with the values the
// account has to choose from, the live result, and the save form.
type segmentEditData struct {
	Seg      segment.Segment // ID 0: a new segment
	Options  segment.Options
	Result   segmentResult
	Activity string // "", within, inactive, range
	Days     int
	CanEdit  bool
	SaveURL  string
	CountURL string
	Error    string
}

// Checked tells the template whether id is in a tag list of the filter.
func (d *segmentEditData) Checked(list string, id int64) bool {
	switch list {
	case "any":
		return slices.Contains(d.Seg.Filter.TagsAny, id)
	case "all":
		return slices.Contains(d.Seg.Filter.TagsAll, id)
	}
	return slices.Contains(d.Seg.Filter.TagsNone, id)
}

// Scene tells the template whether v is a chosen scene value.
func (d *segmentEditData) Scene(qr bool, v string) bool {
	if qr {
		return slices.Contains(d.Seg.Filter.QRScenes, v)
	}
	return slices.Contains(d.Seg.Filter.SubscribeScenes, v)
}

// handleSegmentNew shows an empty builder (everyone following).
func (h *Handler) handleSegmentNew(w http.ResponseWriter, r *http.Request, p *Page) error {
	d := &segmentEditData{Seg: segment.Segment{Filter: segment.Filter{Status: segment.StatusSubscribed}}}
	return h.renderSegmentEdit(w, r, p, d, http.StatusOK)
}

// handleSegmentShow shows a saved segment in the builder.
func (h *Handler) handleSegmentShow(w http.ResponseWriter, r *http.Request, p *Page) error {
	id, err := segmentID(r, p)
	if err != nil {
		return err
	}
	seg, err := h.Segments.Get(r.Context(), p.Account.ID, id)
	if err != nil {
		return err
	}
	return h.renderSegmentEdit(w, r, p, &segmentEditData{Seg: seg}, http.StatusOK)
}

// handleSegmentCreate saves the builder's filter under a name.
func (h *Handler) handleSegmentCreate(w http.ResponseWriter, r *http.Request, p *Page) error {
	seg := segment.Segment{AccountID: p.Account.ID, Name: r.PostFormValue("name"), CreatedBy: p.User.ID}
	return h.saveSegment(w, r, p, &seg, "segment.create", h.Segments.Create)
}

// handleSegmentUpdate renames a segment and replaces its filter.
func (h *Handler) handleSegmentUpdate(w http.ResponseWriter, r *http.Request, p *Page) error {
	id, err := segmentID(r, p)
	if err != nil {
		return err
	}
	seg := segment.Segment{ID: id, AccountID: p.Account.ID, Name: r.PostFormValue("name")}
	return h.saveSegment(w, r, p, &seg, "segment.update", h.Segments.Update)
}

// saveSegment reads the builder's filter into seg and stores it with save;
// a refused segment shows the builder again with what was typed.
func (h *Handler) saveSegment(w http.ResponseWriter, r *http.Request, p *Page, seg *segment.Segment, action string,
	save func(context.Context, *segment.Segment) error) error {
	f, err := segmentFilterFromForm(r)
	seg.Filter = f
	if err == nil {
		err = save(r.Context(), seg)
	}
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
		return h.renderSegmentEdit(w, r, p, &segmentEditData{Seg: *seg, Error: err.Error()}, http.StatusBadRequest)
	}
	if err != nil {
		return err
	}
	h.audit(r, p, action, segmentTarget(seg.ID), seg.Name)
	h.redirect(w, r, p.URL("/segments/%d", seg.ID))
	return nil
}

// handleSegmentDelete removes a segment and returns to the list.
func (h *Handler) handleSegmentDelete(w http.ResponseWriter, r *http.Request, p *Page) error {
	id, err := segmentID(r, p)
	if err != nil {
		return err
	}
	seg, err := h.Segments.Get(r.Context(), p.Account.ID, id)
	if err != nil {
		return err
	}
	if err := h.Segments.Delete(r.Context(), p.Account.ID, id); err != nil {
		return err
	}
	h.audit(r, p, "segment.delete", segmentTarget(id), seg.Name)
	h.redirect(w, r, p.URL("/segments"))
	return nil
}

// renderSegmentEdit fills in the options and the live result and writes
// the builder with status (400 when it shows a refused form again).
func (h *Handler) renderSegmentEdit(w http.ResponseWriter, r *http.Request, p *Page, d *segmentEditData, status int) error {
	opts, err := h.Segments.Options(r.Context(), p.Account.ID)
	if err != nil {
		return err
	}
	f := d.Seg.Filter
	d.Options, d.CanEdit = opts, p.Can("operator")
	d.CountURL, d.SaveURL = p.URL("/segments/count"), p.URL("/segments")
	if d.Seg.ID != 0 {
		d.SaveURL = p.URL("/segments/%d", d.Seg.ID)
	}
	switch {
	case f.ActiveWithinDays > 0:
		d.Activity, d.Days = segActivityWithin, f.ActiveWithinDays
	case f.InactiveDays > 0:
		d.Activity, d.Days = segActivityInactive, f.InactiveDays
	case f.ActiveFrom != "" || f.ActiveTo != "":
		d.Activity = segActivityRange
	}
	if d.Error == "" {
		d.Result = h.segmentResult(r, p, f)
	}
	p.Title, p.Nav = p.T("segments.title"), "segments"
	if d.Seg.ID != 0 {
		p.Title = d.Seg.Name + " · " + p.T("segments.title")
	}
	return h.execute(w, p, "segment_edit", "layout.html", d, status)
}

// segmentResult is the live part of the builder: the count, a sample of
// matching followers for those who may see them, or why the filter fails.
type segmentResult struct {
	Count   int
	Sample  []segment.Member
	Error   string
	Sampled bool // the viewer may see the sample
}

// segmentResult counts f and, for operators, reads the first matches.
func (h *Handler) segmentResult(r *http.Request, p *Page, f segment.Filter) segmentResult {
	res := segmentResult{Sampled: p.Can("operator")}
	sample := 0
	if res.Sampled {
		sample = segmentSampleSize
	}
	var err error
	if res.Count, res.Sample, err = h.Segments.Preview(r.Context(), p.Account.ID, f, sample); err != nil {
		return segmentResult{Error: h.segmentErrText(p, err)}
	}
	return res
}

// segmentSampleSize is how many matching followers the builder shows.
const segmentSampleSize = 20

// segmentErrText shows an errs error's bilingual message; anything else is logged
// and shown as a generic failure.
func (h *Handler) segmentErrText(p *Page, err error) string {
	if code := errs.CodeOf(err); code == errs.Invalid || code == errs.NotFound {
		return err.Error()
	}
	h.Logger.Error("count segment", "account_id", p.Account.ID, "error", err.Error())
	return p.T("segments.error.count")
}

// handleSegmentCount answers the builder's live result (htmx, on every
// change of the filter, debounced in the page).
func (h *Handler) handleSegmentCount(w http.ResponseWriter, r *http.Request, p *Page) error {
	f, err := segmentFilterFromForm(r)
	res := segmentResult{}
	if err != nil {
		res.Error = err.Error()
	} else {
		res = h.segmentResult(r, p, f)
	}
	return h.partial(w, r, p, "segment_edit", "segment_result", &segmentEditData{Result: res})
}
