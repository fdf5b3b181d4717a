package analytics

import "time"

// Period is a run of whole local days ending with the day that holds Now.
type Period struct {
	Loc  *time.Location
	Days int       // how many days, today included
	Now  time.Time // the end of the period
}

// First is the period's first date; Last, today.
func (p Period) First() Date { return p.Last() - Date(p.Days-1) }

// Last is the date that holds Now: today.
func (p Period) Last() Date { return DateOf(p.Now, p.Loc) }

// Start is local midnight of the first day.
func (p Period) Start() time.Time { return p.First().Midnight(p.Loc) }

// Dates names the period's days in order.
func (p Period) Dates() []string {
	out := make([]string, p.Days)
	for i := range out {
		out[i] = (p.First() + Date(i)).String()
	}
	return out
}

// index tells which day of the period d is, or -1 outside it.
func (p Period) index(d Date) int {
	i := int(d - p.First())
	if i < 0 || i >= p.Days {
		return -1
	}
	return i
}

// normalize fills in defaults: Asia/Shanghai, 7 days, the current time.
func (p Period) normalize() Period {
	if p.Loc == nil {
		p.Loc = DefaultLocation()
	}
	if p.Days <= 0 {
		p.Days = 7
	}
	if p.Now.IsZero() {
		p.Now = time.Now()
	}
	return p
}

// DefaultLocation is the zone of cross-account reports: Asia/Shanghai, or a
// fixed UTC+8 when the system has no zone database.
func DefaultLocation() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}
