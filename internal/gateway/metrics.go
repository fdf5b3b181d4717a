package gateway

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Outcomes of a callback, the label of fanbase_callbacks_total.
const (
	OutcomeNew            = "new"
	OutcomeDuplicate      = "duplicate"
	OutcomeVerified       = "verified" // GET URL verification answered
	OutcomeBadSignature   = "bad_signature"
	OutcomeStaleTimestamp = "stale_timestamp"
	OutcomeMalformed      = "malformed"
	OutcomeDecryptFailed  = "decrypt_failed"
	OutcomeTooLarge       = "too_large"
	OutcomeUnknownAccount = "unknown_account"
	OutcomeStoreFailed    = "store_failed"
	OutcomeBadMethod      = "bad_method"
)

// Metrics are the gateway's Prometheus series. The names are used by
// outside checks: keep them.
type Metrics struct {
	callbacks *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	batch     prometheus.Histogram
	commit    prometheus.Histogram
	replies   *prometheus.CounterVec
}

// NewMetrics registers the gateway's series with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		callbacks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fanbase_callbacks_total",
			Help: "WeChat callbacks handled, by outcome.",
		}, []string{"outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "fanbase_callback_duration_seconds",
			Help:    "Time from receiving a callback to answering it.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .02, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"outcome"}),
		batch: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "fanbase_commit_batch_size",
			Help:    "Pushes committed per group-commit transaction.",
			Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128, 256, 512},
		}),
		commit: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "fanbase_commit_duration_seconds",
			Help:    "Time one group-commit transaction took.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .02, .05, .1, .25, .5, 1},
		}),
		replies: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fanbase_replies_total",
			Help: "Automatic replies sent, by account and rule (rule 0: none matched).",
		}, []string{"appid", "rule"}),
	}
	for _, o := range []string{OutcomeNew, OutcomeDuplicate, OutcomeVerified, OutcomeBadSignature, OutcomeStaleTimestamp,
		OutcomeMalformed, OutcomeDecryptFailed, OutcomeTooLarge, OutcomeUnknownAccount, OutcomeStoreFailed, OutcomeBadMethod} {
		m.callbacks.WithLabelValues(o)
	}
	reg.MustRegister(m.callbacks, m.latency, m.batch, m.commit, m.replies)
	return m
}

func (m *Metrics) observeCallback(outcome string, took time.Duration) {
	m.callbacks.WithLabelValues(outcome).Inc()
	m.latency.WithLabelValues(outcome).Observe(took.Seconds())
}

// ObserveBatch records one group commit; pass it as WriterOptions.Observe.
func (m *Metrics) ObserveBatch(size int, took time.Duration, err error) {
	m.batch.Observe(float64(size))
	m.commit.Observe(took.Seconds())
}

func (m *Metrics) observeReply(appID string, ruleID int64) {
	m.replies.WithLabelValues(appID, strconv.FormatInt(ruleID, 10)).Inc()
}
