package web

import (
	"fmt"
	"html/template"
	"strconv"
	"time"
	"unicode/utf8"
)

// dashboardFuncs are the template functions of the dashboards.
func dashboardFuncs() template.FuncMap {
	return template.FuncMap{
		"num":       groupDigits,
		"signed":    signed,
		"int64":     func(n int) int64 { return int64(n) },
		"waitTone":  waitLevel,
		"waitText":  waitText,
		"durText":   durText,
		"peakLabel": peakLabel,
		"initial":   initial,
	}
}

// groupDigits writes n with thousands separators: 1234567 → "1,234,567".
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3+1)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// signed writes a change with its sign: "+12", "-3", "0".
func signed(n int64) string {
	if n > 0 {
		return "+" + groupDigits(n)
	}
	return groupDigits(n)
}

// waitText is a waiting time, or "none waiting" when nobody waits.
func waitText(p *Page, waiting int64, d time.Duration) string {
	if waiting == 0 {
		return p.T("dash.none_waiting")
	}
	return p.Dur(d)
}

// durText is a response time over n responses, "—" when there were none.
func durText(p *Page, n int, d time.Duration) string {
	if n == 0 {
		return "—"
	}
	return p.Dur(d)
}

// peakLabel names an hour of day as a span, "20:00–21:00"; -1 is "—".
func peakLabel(_ *Page, hour int) string {
	if hour < 0 {
		return "—"
	}
	return fmt.Sprintf("%02d:00–%02d:00", hour, (hour+1)%24)
}

// initial is the first letter of a name, for avatars.
func initial(name string) string {
	r, _ := utf8.DecodeRuneInString(name)
	if r == utf8.RuneError {
		return "?"
	}
	return string(r)
}
