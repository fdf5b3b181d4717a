package api

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

// Paging limits for list endpoints.
const (
	defaultLimit = 50
	maxLimit     = 200
)

// list is the shape of every list answer: a page of items and, when more
// follow, the cursor to pass back for the next page.
type list[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

// newList makes a list that encodes as [] rather than null when empty.
func newList[T any](items []T, next string) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, Next: next}
}

// page is the keyset paging a list request asks for: at most Limit items
// after the position Cursor names (nil: from the start).
type page struct {
	Limit  int
	Cursor []int64
}

// parsePage reads ?limit= and ?cursor=; keys is how many numbers the
// endpoint's cursors hold.
func parsePage(r *http.Request, keys int) (page, error) {
	p := page{Limit: defaultLimit}
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			return p, errs.Errorf(errs.Invalid, "limit must be a number from 1 to %d (limit 须为 1–%d)", maxLimit, maxLimit)
		}
		p.Limit = n
	}
	if s := r.URL.Query().Get("cursor"); s != "" {
		c, err := decodeCursor(s, keys)
		if err != nil {
			return p, err
		}
		p.Cursor = c
	}
	return p, nil
}

// cutPage trims items fetched with limit+1 to limit and, when the extra one
// was there, returns the cursor of the last item kept.
func cutPage[T any](items []T, limit int, id func(T) int64) ([]T, string) {
	if len(items) <= limit {
		return items, ""
	}
	items = items[:limit]
	return items, encodeCursor(id(items[limit-1]))
}

// encodeCursor packs a keyset position into an opaque, URL-safe string.
func encodeCursor(keys ...int64) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = strconv.FormatInt(k, 10)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(strings.Join(parts, ".")))
}

var errCursor = errs.Errorf(errs.Invalid, "cursor is not one this endpoint returned (cursor 无效)")

func decodeCursor(s string, keys int) ([]int64, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, errCursor
	}
	parts := strings.Split(string(raw), ".")
	if len(parts) != keys {
		return nil, errCursor
	}
	out := make([]int64, keys)
	for i, p := range parts {
		if out[i], err = strconv.ParseInt(p, 10, 64); err != nil {
			return nil, errCursor
		}
	}
	return out, nil
}

// stamp formats a time as RFC 3339 in UTC; the zero time is "" (and so
// omitted from JSON by omitempty).
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// timeRange reads ?from= and ?to=: RFC 3339 times, or dates (2006-01-02)
// in the account's time zone, where a "to" date includes that whole day.
// Zero values mean unbounded; the range is [from, to).
func timeRange(r *http.Request, loc *time.Location) (from, to time.Time, err error) {
	if from, err = parseTime(r, "from", loc, false); err != nil {
		return
	}
	if to, err = parseTime(r, "to", loc, true); err != nil {
		return
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		err = errs.Errorf(errs.Invalid, "from must be before to (起始时间须早于结束时间)")
	}
	return
}

func parseTime(r *http.Request, name string, loc *time.Location, end bool) (time.Time, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return time.Time{}, nil
	}
	// An unescaped "+08:00" arrives as " 08:00": take it as it was meant.
	if t, err := time.Parse(time.RFC3339Nano, strings.Replace(s, " ", "+", 1)); err == nil {
		return t, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		return time.Time{}, errs.Errorf(errs.Invalid,
			"%s must be an RFC 3339 time (2024-05-01T08:00:00Z) or a date (2024-05-01) (%s 须为 RFC 3339 时间或日期)", name, name)
	}
	if end {
		d = d.AddDate(0, 0, 1)
	}
	return d, nil
}

// int64Param reads an optional positive integer query parameter (0: absent).
func int64Param(r *http.Request, name string) (int64, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 {
		return 0, errs.Errorf(errs.Invalid, "%s must be a positive whole number (%s 须为正整数)", name, name)
	}
	return n, nil
}

// pathID reads the {id} path value.
func pathID(r *http.Request, name string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n < 1 {
		return 0, errs.Errorf(errs.NotFound, "%s %q not found (未找到)", name, r.PathValue(name))
	}
	return n, nil
}
