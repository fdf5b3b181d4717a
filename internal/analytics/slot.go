package analytics

import "time"

// Slot is a quarter hour since the Unix epoch (UTC). The projector groups
// new rows by slot before it files them under local days and hours: every
// time zone's hours begin on a slot, so the filing is exact in any zone.
type Slot int64

// SlotLength is how long one Slot lasts.
const SlotLength = 15 * time.Minute

// SlotOf returns the slot that contains t.
func SlotOf(t time.Time) Slot {
	ms, per := t.UnixMilli(), SlotLength.Milliseconds()
	s := ms / per
	if ms%per < 0 {
		s-- // floor, for times before 1970
	}
	return Slot(s)
}

// Start returns the instant the slot begins.
func (s Slot) Start() time.Time {
	return time.UnixMilli(int64(s) * SlotLength.Milliseconds()).UTC()
}

// Date is a calendar day, numbered in days since 1970-01-01. Rollups file
// counts under the account's local Date.
type Date int64

// DateLayout is how dates are written in reports and chart labels.
const DateLayout = "2006-01-02"

// DateOf returns the calendar day t falls on in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Local files t under its local date and hour of day in loc.
func Local(t time.Time, loc *time.Location) (Date, int) {
	return DateOf(t, loc), t.In(loc).Hour()
}

// Midnight returns the instant the day begins in loc.
func (d Date) Midnight(loc *time.Location) time.Time {
	y, m, day := time.Unix(int64(d)*86400, 0).UTC().Date()
	return time.Date(y, m, day, 0, 0, 0, 0, loc)
}

func (d Date) String() string { return time.Unix(int64(d)*86400, 0).UTC().Format(DateLayout) }
