package segment

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/fanbase/fanbase/internal/errs"
)

// Follow states a Filter selects.
const (
	StatusSubscribed   = "subscribed"   // following now (the default)
	StatusUnsubscribed = "unsubscribed" // known, but no longer following
	StatusAny          = "any"          // both
)

// Limits on a filter, far above what an operator clicks together but low
// enough that a hostile request cannot build a huge statement.
const (
	MaxListItems  = 50   // tags or scenes in one list
	MaxSceneBytes = 128  // one scene value
	MaxDays       = 3650 // "within N days" and "not within N days"
	DateLayout    = "2006-01-02"
)

// Filter selects followers. Its zero value selects everyone following
// now. Dates are days (YYYY-MM-DD) in the account's time zone, both ends
// inclusive; relative day counts are resolved when the filter is used, so a
// saved segment keeps moving with time. It is stored as JSON.
type Filter struct {
	Status string `json:"status,omitempty"` // subscribed (default) | unsubscribed | any

	TagsAny  []int64 `json:"tags_any,omitempty"`  // has at least one of these tags
	TagsAll  []int64 `json:"tags_all,omitempty"`  // has every one of these tags
	TagsNone []int64 `json:"tags_none,omitempty"` // has none of these tags

	QRScenes        []string `json:"qr_scenes,omitempty"`        // source channel: the QR code's scene
	SubscribeScenes []string `json:"subscribe_scenes,omitempty"` // how they followed (ADD_SCENE_…)

	FollowedFrom string `json:"followed_from,omitempty"` // subscribed_at on or after this day
	FollowedTo   string `json:"followed_to,omitempty"`   // subscribed_at on or before this day

	// Last interaction: at most one of the three forms.
	ActiveWithinDays int    `json:"active_within_days,omitempty"` // interacted in the last N days
	InactiveDays     int    `json:"inactive_days,omitempty"`      // not in the last N days (or never)
	ActiveFrom       string `json:"active_from,omitempty"`        // last interaction on or after this day
	ActiveTo         string `json:"active_to,omitempty"`          // last interaction on or before this day

	MinInteractions *int64 `json:"min_interactions,omitempty"`
	MaxInteractions *int64 `json:"max_interactions,omitempty"`
}

// Criteria is a Filter resolved against a clock and a time zone: absolute,
// half-open time ranges the store can put straight into SQL. Zero times
// leave a range open.
type Criteria struct {
	AccountID int64
	Status    string // never "": subscribed, unsubscribed or any

	TagsAny, TagsAll, TagsNone []int64
	QRScenes, SubscribeScenes  []string

	SubscribedFrom, SubscribedBefore time.Time
	InteractedFrom, InteractedBefore time.Time
	NotInteractedSince               time.Time // last interaction before it, or none

	MinInteractions, MaxInteractions *int64
}

// Normalize trims, sorts and deduplicates the lists and checks every field,
// returning a bilingual errs.Invalid for the first problem.
func (f *Filter) Normalize() error {
	f.Status = strings.TrimSpace(f.Status)
	if f.Status == "" {
		f.Status = StatusSubscribed
	}
	if f.Status != StatusSubscribed && f.Status != StatusUnsubscribed && f.Status != StatusAny {
		return errs.Errorf(errs.Invalid, "unknown follow status %q (关注状态无效)", f.Status)
	}
	for _, l := range []*[]int64{&f.TagsAny, &f.TagsAll, &f.TagsNone} {
		if err := normalizeIDs(l); err != nil {
			return err
		}
	}
	for _, l := range []*[]string{&f.QRScenes, &f.SubscribeScenes} {
		if err := normalizeScenes(l); err != nil {
			return err
		}
	}
	if err := f.checkTagOverlap(); err != nil {
		return err
	}
	if err := f.checkDates(); err != nil {
		return err
	}
	return f.checkActivity()
}

func normalizeIDs(l *[]int64) error {
	if len(*l) > MaxListItems {
		return errs.Errorf(errs.Invalid, "at most %d tags per condition (每个条件最多 %d 个标签)", MaxListItems, MaxListItems)
	}
	for _, id := range *l {
		if id <= 0 {
			return errs.Errorf(errs.Invalid, "tag id %d is not valid (标签编号无效)", id)
		}
	}
	slices.Sort(*l)
	*l = slices.Compact(*l)
	if len(*l) == 0 {
		*l = nil
	}
	return nil
}

func normalizeScenes(l *[]string) error {
	if len(*l) > MaxListItems {
		return errs.Errorf(errs.Invalid, "at most %d source channels per condition (每个条件最多 %d 个来源渠道)", MaxListItems, MaxListItems)
	}
	out := (*l)[:0]
	for _, s := range *l {
		s = strings.TrimSpace(s)
		switch {
		case s == "":
			continue
		case len(s) > MaxSceneBytes || !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl):
			return errs.Errorf(errs.Invalid, "source channel %q is not valid (来源渠道无效)", s)
		}
		out = append(out, s)
	}
	slices.Sort(out)
	*l = slices.Compact(out)
	if len(*l) == 0 {
		*l = nil
	}
	return nil
}

// checkTagOverlap refuses a tag both required and excluded: the segment
// would always be empty, which is never what the operator meant.
func (f *Filter) checkTagOverlap() error {
	for _, id := range f.TagsNone {
		if slices.Contains(f.TagsAny, id) || slices.Contains(f.TagsAll, id) {
			return errs.Errorf(errs.Invalid, "tag %d is both required and excluded (同一标签不能既包含又排除)", id)
		}
	}
	return nil
}

func (f *Filter) checkDates() error {
	for _, d := range []struct {
		v        *string
		what, zh string
	}{
		{&f.FollowedFrom, "follow date (from)", "关注日期（起）"},
		{&f.FollowedTo, "follow date (to)", "关注日期（止）"},
		{&f.ActiveFrom, "last interaction date (from)", "最近互动日期（起）"},
		{&f.ActiveTo, "last interaction date (to)", "最近互动日期（止）"},
	} {
		*d.v = strings.TrimSpace(*d.v)
		if _, err := parseDay(*d.v, time.UTC); err != nil {
			return errs.Errorf(errs.Invalid, "the %s must be a date like 2024-05-01 (%s须为 2024-05-01 格式的日期)", d.what, d.zh)
		}
	}
	if f.FollowedFrom != "" && f.FollowedTo != "" && f.FollowedFrom > f.FollowedTo {
		return errs.Errorf(errs.Invalid, "the follow date range ends before it starts (关注日期的结束早于开始)")
	}
	if f.ActiveFrom != "" && f.ActiveTo != "" && f.ActiveFrom > f.ActiveTo {
		return errs.Errorf(errs.Invalid, "the last interaction range ends before it starts (最近互动日期的结束早于开始)")
	}
	return nil
}

func (f *Filter) checkActivity() error {
	forms := 0
	if f.ActiveWithinDays != 0 {
		forms++
	}
	if f.InactiveDays != 0 {
		forms++
	}
	if f.ActiveFrom != "" || f.ActiveTo != "" {
		forms++
	}
	switch {
	case forms > 1:
		return errs.Errorf(errs.Invalid, "choose one kind of last-interaction condition (最近互动条件只能选择一种)")
	case f.ActiveWithinDays < 0 || f.ActiveWithinDays > MaxDays || f.InactiveDays < 0 || f.InactiveDays > MaxDays:
		return errs.Errorf(errs.Invalid, "days must be between 1 and %d (天数须在 1 到 %d 之间)", MaxDays, MaxDays)
	case f.MinInteractions != nil && *f.MinInteractions < 0, f.MaxInteractions != nil && *f.MaxInteractions < 0:
		return errs.Errorf(errs.Invalid, "the number of interactions cannot be negative (互动次数不能为负数)")
	case f.MinInteractions != nil && f.MaxInteractions != nil && *f.MinInteractions > *f.MaxInteractions:
		return errs.Errorf(errs.Invalid, "the minimum number of interactions is above the maximum (互动次数下限大于上限)")
	}
	return nil
}

// parseDay reads a YYYY-MM-DD day as its midnight in loc; "" is the zero time.
func parseDay(s string, loc *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.ParseInLocation(DateLayout, s, loc)
}

// Resolve turns a normalized filter into absolute criteria for the
// account, with relative days counted back from now and dates read in loc.
func (f Filter) Resolve(accountID int64, now time.Time, loc *time.Location) Criteria {
	c := Criteria{
		AccountID: accountID, Status: f.Status,
		TagsAny: f.TagsAny, TagsAll: f.TagsAll, TagsNone: f.TagsNone,
		QRScenes: f.QRScenes, SubscribeScenes: f.SubscribeScenes,
		MinInteractions: f.MinInteractions, MaxInteractions: f.MaxInteractions,
	}
	if c.Status == "" {
		c.Status = StatusSubscribed
	}
	c.SubscribedFrom, c.SubscribedBefore = dayRange(f.FollowedFrom, f.FollowedTo, loc)
	c.InteractedFrom, c.InteractedBefore = dayRange(f.ActiveFrom, f.ActiveTo, loc)
	day := 24 * time.Hour
	if f.ActiveWithinDays > 0 {
		c.InteractedFrom = now.Add(-time.Duration(f.ActiveWithinDays) * day)
	}
	if f.InactiveDays > 0 {
		c.NotInteractedSince = now.Add(-time.Duration(f.InactiveDays) * day)
	}
	return c
}

// dayRange turns inclusive days into a half-open [from, before) range.
func dayRange(from, to string, loc *time.Location) (time.Time, time.Time) {
	start, _ := parseDay(from, loc)
	end, _ := parseDay(to, loc)
	if !end.IsZero() {
		end = end.AddDate(0, 0, 1)
	}
	return start, end
}
