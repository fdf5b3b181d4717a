package search

import (
	"strconv"
	"strings"

	"github.com/fanbase/fanbase/internal/errs"
)

// done marks a list of the cursor that has no more hits.
const done = -1

// Cursor is where the next page resumes in each list: the id of the last
// message and reply shown (0: not started, -1: finished).
type Cursor struct {
	Messages int64
	Replies  int64
}

// String encodes the cursor for a URL: "<messages>.<replies>".
func (c Cursor) String() string {
	return strconv.FormatInt(c.Messages, 10) + "." + strconv.FormatInt(c.Replies, 10)
}

// ParseCursor reads a cursor from a URL; "" is the first page.
func ParseCursor(s string) (Cursor, error) {
	if s == "" {
		return Cursor{}, nil
	}
	a, b, ok := strings.Cut(s, ".")
	m, err1 := strconv.ParseInt(a, 10, 64)
	r, err2 := strconv.ParseInt(b, 10, 64)
	if !ok || err1 != nil || err2 != nil || m < done || r < done {
		return Cursor{}, errs.Errorf(errs.Invalid, "invalid page cursor %q (分页参数无效)", s)
	}
	return Cursor{Messages: m, Replies: r}, nil
}
