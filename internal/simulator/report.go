package simulator

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
)

// KindPush counts pushes the simulator could not even make (e.g. encoding).
const KindPush = "push"

// Report is what a Run did, for the load tool and the demo.
type Report struct {
	AppID          string         `json:"appid"`
	Scenario       Scenario       `json:"scenario"`
	Sent           int            `json:"sent"`       // Push calls, duplicates included
	Duplicates     int            `json:"duplicates"` // of Sent, the extra copies (Scenario.Dup)
	Attempts       int            `json:"attempts"`   // HTTP requests, WeChat's retries included
	OK             int            `json:"ok"`         // Replied + NoReply
	Replied        int            `json:"replied"`
	NoReply        int            `json:"no_reply"`
	Failed         int            `json:"failed"`          // the follower saw 该公众号暂时无法提供服务
	Errors         map[string]int `json:"errors"`          // Failed by kind
	ProtocolErrors int            `json:"protocol_errors"` // of Failed, answers WeChat could not accept
	Latency        Latency        `json:"latency"`
	Duration       time.Duration  `json:"duration"`
	Throughput     float64        `json:"throughput"` // Sent per second
	Canceled       bool           `json:"canceled"`   // stopped by the caller's context
}

// Latency summarises push latencies (first send to final answer).
type Latency struct {
	P50, P90, P99, Max time.Duration
}

// recorder collects outcomes from the workers.
type recorder struct {
	mu  sync.Mutex
	rep Report
	lat []time.Duration
}

func newRecorder() *recorder {
	return &recorder{rep: Report{Errors: map[string]int{}}}
}

func (r *recorder) add(res *PushResult, dup bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.count(dup)
	r.rep.Attempts += res.Attempts
	r.lat = append(r.lat, res.Latency)
	switch pe := asPushError(res.Err); {
	case pe != nil:
		r.rep.Failed++
		r.rep.Errors[pe.Kind]++
		if pe.Protocol() {
			r.rep.ProtocolErrors++
		}
	case res.Reply != nil:
		r.rep.OK++
		r.rep.Replied++
	default:
		r.rep.OK++
		r.rep.NoReply++
	}
}

// failed records a push that could not be made at all.
func (r *recorder) failed(dup bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.count(dup)
	r.rep.Failed++
	r.rep.Errors[KindPush]++
}

func (r *recorder) count(dup bool) {
	r.rep.Sent++
	if dup {
		r.rep.Duplicates++
	}
}

func (r *recorder) report(appid string, sc Scenario, d time.Duration) *Report {
	r.mu.Lock()
	defer r.mu.Unlock()
	rep := r.rep
	rep.Errors = maps.Clone(r.rep.Errors)
	rep.AppID, rep.Scenario, rep.Duration = appid, sc, d
	if d > 0 {
		rep.Throughput = float64(rep.Sent) / d.Seconds()
	}
	rep.Latency = percentiles(r.lat)
	return &rep
}

// percentiles uses the nearest-rank method.
func percentiles(lat []time.Duration) Latency {
	if len(lat) == 0 {
		return Latency{}
	}
	s := slices.Clone(lat)
	slices.Sort(s)
	rank := func(p float64) time.Duration {
		i := int(p*float64(len(s)) + 0.999999999)
		return s[min(max(i, 1), len(s))-1]
	}
	return Latency{P50: rank(0.50), P90: rank(0.90), P99: rank(0.99), Max: s[len(s)-1]}
}

// String is a short summary with Chinese glosses, for terminals and logs.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "pushes 推送 %d (duplicates 重复 %d, HTTP attempts 请求 %d) to %s in %s, %.1f/s",
		r.Sent, r.Duplicates, r.Attempts, r.AppID, roundDur(r.Duration), r.Throughput)
	if r.Canceled {
		b.WriteString(", stopped early 提前停止")
	}
	fmt.Fprintf(&b, "\nok 成功 %d: replied 有回复 %d, no reply 无回复 %d", r.OK, r.Replied, r.NoReply)
	fmt.Fprintf(&b, "\nfailed 失败 %d: protocol errors 协议错误 %d", r.Failed, r.ProtocolErrors)
	for _, k := range slices.Sorted(maps.Keys(r.Errors)) {
		fmt.Fprintf(&b, ", %s %d", k, r.Errors[k])
	}
	l := r.Latency
	fmt.Fprintf(&b, "\nlatency 延迟 p50 %s, p90 %s, p99 %s, max %s",
		roundDur(l.P50), roundDur(l.P90), roundDur(l.P99), roundDur(l.Max))
	return b.String()
}

func roundDur(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(10 * time.Microsecond)
}
