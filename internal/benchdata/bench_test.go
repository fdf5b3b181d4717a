package benchdata_test

import (
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/benchdata"
)

func TestReportQuantiles(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	tests := []struct {
		name     string
		lat      []time.Duration
		p50, p95 float64
	}{
		{"one", []time.Duration{ms(7)}, 7, 7},
		{"unsorted", []time.Duration{ms(3), ms(1), ms(2)}, 2, 3},
		{"hundred", hundred(), 51, 95},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testing.Benchmark(func(b *testing.B) { benchdata.ReportQuantiles(b, tt.lat) })
			if r.Extra["p50-ms"] != tt.p50 || r.Extra["p95-ms"] != tt.p95 {
				t.Errorf("p50-ms %v, p95-ms %v; want %v, %v", r.Extra["p50-ms"], r.Extra["p95-ms"], tt.p50, tt.p95)
			}
		})
	}
}

// hundred is 100ms down to 1ms.
func hundred() []time.Duration {
	var lat []time.Duration
	for i := 100; i > 0; i-- {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	return lat
}
