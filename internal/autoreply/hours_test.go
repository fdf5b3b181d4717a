package autoreply

import (
	"strings"
	"testing"
	"time"
)

func TestHoursHolds(t *testing.T) {
	// 2025-01-15 is a Wednesday (3); the 17th a Friday (5), the 18th a Saturday, the 19th a Sunday, the 20th a Monday.
	tests := []struct {
		name  string
		hours Hours
		now   time.Time
		want  bool
	}{
		{"inside", Hours{From: "09:00", To: "18:00"}, at(15, 9, 0), true},
		{"to is exclusive", Hours{From: "09:00", To: "18:00"}, at(15, 18, 0), false},
		{"before", Hours{From: "09:00", To: "18:00"}, at(15, 8, 59), false},
		{"outside inverts", Hours{From: "09:00", To: "18:00", Outside: true}, at(15, 20, 0), true},
		{"outside inverts inside", Hours{From: "09:00", To: "18:00", Outside: true}, at(15, 12, 0), false},
		{"to 24:00", Hours{From: "20:00", To: "24:00"}, at(15, 23, 59), true},
		{"weekday listed", Hours{Days: []int{1, 2, 3, 4, 5}, From: "09:00", To: "18:00"}, at(15, 10, 0), true},
		{"weekend not listed", Hours{Days: []int{1, 2, 3, 4, 5}, From: "09:00", To: "18:00"}, at(18, 10, 0), false},
		{"sunday is 7", Hours{Days: []int{7}, From: "09:00", To: "18:00"}, at(19, 10, 0), true},
		{"over midnight, evening", Hours{From: "22:00", To: "02:00"}, at(15, 23, 0), true},
		{"over midnight, early morning", Hours{From: "22:00", To: "02:00"}, at(15, 1, 59), true},
		{"over midnight, ends", Hours{From: "22:00", To: "02:00"}, at(15, 2, 0), false},
		{"over midnight, afternoon", Hours{From: "22:00", To: "02:00"}, at(15, 15, 0), false},
		{"friday night, friday", Hours{Days: []int{5}, From: "22:00", To: "02:00"}, at(17, 23, 0), true},
		{"friday night, saturday morning", Hours{Days: []int{5}, From: "22:00", To: "02:00"}, at(18, 1, 0), true},
		{"friday night, saturday evening", Hours{Days: []int{5}, From: "22:00", To: "02:00"}, at(18, 23, 0), false},
		{"friday night, friday morning", Hours{Days: []int{5}, From: "22:00", To: "02:00"}, at(17, 1, 0), false},
		{"sunday night, monday morning", Hours{Days: []int{7}, From: "22:00", To: "02:00"}, at(20, 1, 0), true},
		{"outside over midnight", Hours{From: "22:00", To: "06:00", Outside: true}, at(15, 3, 0), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec, probs := parseHours(&tt.hours)
			if len(probs) > 0 {
				t.Fatalf("problems: %v", probs)
			}
			c := clock{now: tt.now, loc: cst}
			if got := spec.holds(&c); got != tt.want {
				t.Fatalf("holds = %t, want %t", got, tt.want)
			}
		})
	}
}

func TestHoursInvalid(t *testing.T) {
	tests := []struct {
		hours Hours
		want  string
	}{
		{Hours{From: "9:00", To: "18:00"}, "bad from time \"9:00\""},
		{Hours{From: "09:00", To: "18:60"}, "bad to time"},
		{Hours{From: "24:00", To: "02:00"}, "bad from time"},
		{Hours{From: "09:00", To: "25:00"}, "bad to time"},
		{Hours{From: "", To: "18:00"}, "开始时间"},
		{Hours{From: "09:00", To: "09:00"}, "same time"},
		{Hours{From: "00:00", To: "24:00"}, "same time"},
		{Hours{Days: []int{0}, From: "09:00", To: "18:00"}, "day 0"},
		{Hours{Days: []int{8}, From: "09:00", To: "18:00"}, "星期 8"},
		{Hours{From: "０9:00", To: "18:00"}, "bad from time"},
	}
	for _, tt := range tests {
		_, probs := parseHours(&tt.hours)
		if len(probs) == 0 || !strings.Contains(strings.Join(probs, "\n"), tt.want) {
			t.Errorf("%+v: problems %q, want one containing %q", tt.hours, probs, tt.want)
		}
	}
}
