package autoreply

import (
	"fmt"
	"time"
)

// hoursSpec is a parsed Hours: minutes of the day and a bit set of weekdays.
type hoursSpec struct {
	days     uint8 // bit d set for weekday d (1 = Monday … 7 = Sunday); 0 = every day
	from, to int   // minutes since midnight; to may be 1440 ("24:00")
	outside  bool
}

// parseHours checks h and returns its compiled form, or problems in
// English (Chinese) for the operator.
func parseHours(h *Hours) (*hoursSpec, []string) {
	var probs []string
	spec := &hoursSpec{outside: h.Outside}
	from, okFrom := parseClock(h.From, false)
	to, okTo := parseClock(h.To, true)
	if !okFrom {
		probs = append(probs, fmt.Sprintf("hours: bad from time %q, want HH:MM such as \"09:00\" (生效时间的开始时间 %q 无效，应为 HH:MM，例如 \"09:00\")", h.From, h.From))
	}
	if !okTo {
		probs = append(probs, fmt.Sprintf("hours: bad to time %q, want HH:MM such as \"18:00\" (生效时间的结束时间 %q 无效，应为 HH:MM，例如 \"18:00\")", h.To, h.To))
	}
	if okFrom && okTo && from == to%1440 {
		probs = append(probs, fmt.Sprintf("hours: from and to are the same time %q (生效时间的开始和结束不能相同)", h.From))
	}
	for _, d := range h.Days {
		if d < 1 || d > 7 {
			probs = append(probs, fmt.Sprintf("hours: day %d is not 1 (Monday) to 7 (Sunday) (星期 %d 无效，应为 1（周一）到 7（周日）)", d, d))
			continue
		}
		spec.days |= 1 << d
	}
	spec.from, spec.to = from, to
	return spec, probs
}

// parseClock reads "HH:MM"; "24:00" is allowed only as an end time.
func parseClock(s string, end bool) (int, bool) {
	if len(s) != 5 || s[2] != ':' || !isDigits(s[:2]) || !isDigits(s[3:]) {
		return 0, false
	}
	h := int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[3]-'0')*10 + int(s[4]-'0')
	if h == 24 && m == 0 && end {
		return 1440, true
	}
	if h > 23 || m > 59 {
		return 0, false
	}
	return h*60 + m, true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// holds reports whether the rule may answer at the clock's time.
func (h *hoursSpec) holds(c *clock) bool {
	minute, day := c.get()
	return h.within(minute, day) != h.outside
}

// within reports whether minute of weekday day falls inside the window. A
// window that spans midnight belongs to the day it starts on: Friday
// 22:00–02:00 covers Saturday 01:00.
func (h *hoursSpec) within(minute, day int) bool {
	if h.from < h.to {
		return minute >= h.from && minute < h.to && h.onDay(day)
	}
	if minute >= h.from {
		return h.onDay(day)
	}
	if minute < h.to {
		return h.onDay(prevDay(day))
	}
	return false
}

// prevDay is the weekday before day (Sunday 7 before Monday 1).
func prevDay(day int) int {
	if day == 1 {
		return 7
	}
	return day - 1
}

func (h *hoursSpec) onDay(day int) bool {
	return h.days == 0 || h.days&(1<<day) != 0
}

// clock is the time of one decision in the account's zone, worked out only
// if some candidate rule has hours.
type clock struct {
	now         time.Time
	loc         *time.Location
	ready       bool
	minute, day int
}

func (c *clock) get() (minute, day int) {
	if !c.ready {
		t := c.now
		if c.loc != nil {
			t = t.In(c.loc)
		}
		hh, mm, _ := t.Clock()
		c.minute, c.day = hh*60+mm, int(t.Weekday())
		if c.day == 0 {
			c.day = 7
		}
		c.ready = true
	}
	return c.minute, c.day
}
