package gateway_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/simulator"
)

// BenchmarkPush measures the whole hot path of a safe-mode push, from the
// request to the encrypted answer, on a real SQLite file: verify, decrypt,
// parse, decide, group commit (fsync included), encrypt. Run it with -cpu
// to see batching at work: throughput should grow with concurrency.
func BenchmarkPush(b *testing.B) {
	h := newHarness(b, setup{})
	sa, a := h.addAccount("wx_bench", simulator.ModeSafe, true)
	h.saveRules(standardRules(a.ID))
	srv := handler(h.gw)
	var msgID atomic.Int64
	b.SetParallelism(8) // WeChat pushes concurrently; let batches form
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			id := msgID.Add(1)
			c := safeCallback(b, sa, sa.AppID, textXML(sa, "o_bench", "门票多少钱", id, time.Now().Unix()), time.Now())
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, c.url(""), bytes.NewReader(c.body)))
			if rec.Code != http.StatusOK {
				b.Errorf("status %d: %s", rec.Code, rec.Body)
			}
		}
	})
	b.StopTimer()
	sizes, _ := h.batches.snapshot()
	if len(sizes) > 0 {
		b.ReportMetric(float64(b.N)/float64(len(sizes)), "pushes/commit")
	}
}
