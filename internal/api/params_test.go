package api

import (
	"net/http/httptest"
	"slices"
	"testing"
	"time"
)

// FuzzCursor: any cursor a caller sends is either refused as invalid or
// decodes to keys that encode back to the same cursor.
func FuzzCursor(f *testing.F) {
	f.Add("MTIz", 1)
	f.Add(encodeCursor(5, 7), 2)
	f.Add("", 1)
	f.Add("LTE", 1)
	f.Fuzz(func(t *testing.T, s string, keys int) {
		if keys < 1 || keys > 4 {
			return
		}
		got, err := decodeCursor(s, keys)
		if err != nil {
			if err != errCursor {
				t.Fatalf("decodeCursor(%q) error %v, want errCursor", s, err)
			}
			return
		}
		if len(got) != keys {
			t.Fatalf("decodeCursor(%q, %d) = %v", s, keys, got)
		}
		again, err := decodeCursor(encodeCursor(got...), keys)
		if err != nil || !slices.Equal(again, got) {
			t.Fatalf("round trip of %v = %v, %v", got, again, err)
		}
	})
}

func TestTimeRange(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	tests := []struct {
		query    string
		from, to string // RFC 3339 in UTC; "" for zero
		bad      bool
	}{
		{query: ""},
		{query: "from=2024-05-01T08:00:00Z&to=2024-05-02T08:00:00+08:00", from: "2024-05-01T08:00:00Z", to: "2024-05-02T00:00:00Z"},
		{query: "from=2024-05-01&to=2024-05-01", from: "2024-04-30T16:00:00Z", to: "2024-05-01T16:00:00Z"},
		{query: "from=2024-05-02&to=2024-05-01", bad: true},
		{query: "from=yesterday", bad: true},
		{query: "to=2024-13-01", bad: true},
	}
	for _, tc := range tests {
		r := httptest.NewRequest("GET", "/x?"+tc.query, nil)
		from, to, err := timeRange(r, shanghai)
		if tc.bad {
			if err == nil {
				t.Errorf("timeRange(%s) = %v, %v; want an error", tc.query, from, to)
			}
			continue
		}
		if err != nil || stamp(from) != tc.from || stamp(to) != tc.to {
			t.Errorf("timeRange(%s) = %q, %q, %v; want %q, %q", tc.query, stamp(from), stamp(to), err, tc.from, tc.to)
		}
	}
}
