package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/segment"
	"github.com/fanbase/fanbase/internal/user"
)

// routesSegments registers saved audience segments: anyone on the account
// sees their counts; operators build, change and export them (an export is
// personal data, and so is the sample of matching followers).
func (h *Handler) routesSegments(rt *router) {
	if h.Segments == nil {
		return
	}
	rt.page("GET /a/{appid}/segments", user.Viewer, h.handleSegmentList)
	rt.page("GET /a/{appid}/segments/new", user.Viewer, h.handleSegmentNew)
	rt.page("POST /a/{appid}/segments", user.Operator, h.handleSegmentCreate)
	rt.page("POST /a/{appid}/segments/count", user.Viewer, h.handleSegmentCount)
	rt.page("GET /a/{appid}/segments/{id}", user.Viewer, h.handleSegmentShow)
	rt.page("POST /a/{appid}/segments/{id}", user.Operator, h.handleSegmentUpdate)
	rt.page("POST /a/{appid}/segments/{id}/delete", user.Operator, h.handleSegmentDelete)
	rt.page("GET /a/{appid}/segments/{id}/export", user.Operator, h.handleSegmentExport)
}

// Activity modes of the builder's last-interaction condition.
const (
	segActivityWithin   = "within"
	segActivityInactive = "inactive"
	segActivityRange    = "range"
)

// segmentFilterFromForm reads the builder's fields. Numbers that do not
// parse are kept as an error (the first one), so that the operator sees
// what was wrong; the filter holds whatever did parse.
func segmentFilterFromForm(r *http.Request) (segment.Filter, error) {
	_ = r.ParseForm()
	f := segment.Filter{Status: r.PostFormValue("status"),
		QRScenes: r.PostForm["qr_scenes"], SubscribeScenes: r.PostForm["subscribe_scenes"],
		FollowedFrom: r.PostFormValue("followed_from"), FollowedTo: r.PostFormValue("followed_to")}
	var first error
	keep := func(err error) {
		if first == nil {
			first = err
		}
	}
	for _, l := range []struct {
		dst  *[]int64
		name string
	}{{&f.TagsAny, "tags_any"}, {&f.TagsAll, "tags_all"}, {&f.TagsNone, "tags_none"}} {
		for _, v := range r.PostForm[l.name] {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				keep(errs.Errorf(errs.Invalid, "tag %q is not valid (标签无效)", v))
			}
			*l.dst = append(*l.dst, id)
		}
	}
	keep(segmentActivityFromForm(r, &f))
	var err error
	f.MinInteractions, err = segmentInt(r, "min_interactions")
	keep(err)
	f.MaxInteractions, err = segmentInt(r, "max_interactions")
	keep(err)
	return f, first
}

// segmentActivityFromForm maps the mode select and its days or dates.
func segmentActivityFromForm(r *http.Request, f *segment.Filter) error {
	mode := r.PostFormValue("activity_mode")
	if mode == segActivityRange {
		f.ActiveFrom, f.ActiveTo = r.PostFormValue("active_from"), r.PostFormValue("active_to")
		return nil
	}
	if mode != segActivityWithin && mode != segActivityInactive {
		return nil
	}
	days := 0
	if v := strings.TrimSpace(r.PostFormValue("activity_days")); v != "" {
		var err error
		if days, err = strconv.Atoi(v); err != nil {
			return errs.Errorf(errs.Invalid, "days must be a whole number (天数须为整数)")
		}
	}
	if days == 0 {
		return errs.Errorf(errs.Invalid, "enter the number of days (请填写天数)")
	}
	if mode == segActivityWithin {
		f.ActiveWithinDays = days
	} else {
		f.InactiveDays = days
	}
	return nil
}

// segmentInt reads a number field; empty is nil.
func segmentInt(r *http.Request, name string) (*int64, error) {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return nil, errs.Errorf(errs.Invalid, "the number of interactions must be a whole number (互动次数须为整数)")
	}
	return &n, nil
}

// segmentID reads the {id} of the path; anything but a number is no segment.
func segmentID(r *http.Request, p *Page) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, errs.Errorf(errs.NotFound, "%s", p.T("segments.error.not_found"))
	}
	return id, nil
}

func segmentTarget(id int64) string { return "segment:" + strconv.FormatInt(id, 10) }
