package analytics

import (
	"slices"
	"time"
)

// Queue is the service desk right now.
type Queue struct {
	Open       int64 // live conversations
	Unassigned int64 // of which nobody owns
	Waiting    int64 // of which wait for an answer
	OldestWait time.Duration
	MedianWait time.Duration
}

// queueOf sums the open counts and waits of the accounts keep accepts.
func queueOf(open []OpenCount, waiting []Waiting, now time.Time, keep func(int64) bool) Queue {
	var q Queue
	for _, o := range open {
		if !keep(o.AccountID) {
			continue
		}
		q.Open += o.Open
		q.Waiting += o.Waiting
		if o.AssigneeID == 0 {
			q.Unassigned += o.Open
		}
	}
	var waits []time.Duration
	for _, w := range waiting {
		if keep(w.AccountID) {
			waits = append(waits, max(0, now.Sub(w.Since)))
		}
	}
	if len(waits) > 0 {
		slices.Sort(waits)
		q.OldestWait = waits[len(waits)-1]
		q.MedianWait = Percentile(waits, 50)
	}
	return q
}

// Percentile returns the p-th percentile (0 < p ≤ 100) of sorted values by
// the nearest-rank method: the smallest value with at least p% of the
// values at or below it. It is always one of the values, so a median of
// response times is a response time someone actually got. Zero when empty.
func Percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 · n)
	return sorted[min(max(rank, 1), len(sorted))-1]
}
