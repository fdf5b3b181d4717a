package audience_test

import (
	"runtime"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/simulator"
)

// BenchmarkSync100k syncs 100,000 simulated followers into SQLite through
// the real API client and reports the API calls and the heap it peaked at.
// The client runs at 2,000 calls/s here; at the default 50/s the 1,011
// calls alone take about 20 s.
func BenchmarkSync100k(b *testing.B) {
	const n = 100000
	for b.Loop() {
		b.StopTimer()
		e := newSyncEnv(b, n, simulator.Options{})
		runtime.GC()
		b.StartTimer()
		began := time.Now()
		st, err := e.syncer().Run(b.Context())
		if err != nil || st.Profiled != n {
			b.Fatalf("sync: %+v, %v", st, err)
		}
		b.ReportMetric(float64(st.Calls), "api_calls")
		b.ReportMetric(time.Since(began).Seconds(), "s/sync")
	}
}
