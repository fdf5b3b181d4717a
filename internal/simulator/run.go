package simulator

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/fanbase/fanbase/internal/wechat"
)

// Scenario describes a crowd of virtual followers for Run. It must be
// bounded by Count, Duration or both (whichever comes first).
type Scenario struct {
	Rate        float64       // pushes per second; 0 = as fast as Concurrency workers go
	Count       int           // distinct pushes to make (duplicates not counted); 0 = no count limit
	Duration    time.Duration // stop starting new pushes after this long; 0 = no time limit
	Concurrency int           // pushes in flight at most; default 8
	Mix         Mix           // what followers do; zero = DefaultMix
	MenuKeys    []string      // keys for CLICK events; default a few samples
	Scenes      []string      // QR scenes for follows and scans; none = follows come from search
	Dup         int           // send each push this many extra times, like WeChat's retries
	DupShare    float64       // share of pushes (0..1] that get the Dup copies; 0 means all of them
	Followers   int           // pool size; default 100; new followers subscribe first
	Seed        int64         // makes the sequence of actions reproducible
	// OnResult, when set, sees every push that got an answer (the load
	// tool logs what was acknowledged). It runs on the worker goroutines.
	OnResult func(m *wechat.Message, res *PushResult) `json:"-"`
}

func (sc Scenario) withDefaults() (Scenario, error) {
	switch {
	case sc.Count <= 0 && sc.Duration <= 0:
		return sc, fmt.Errorf("simulator: scenario needs a Count or a Duration (需要指定数量或时长)")
	case sc.DupShare < 0 || sc.DupShare > 1:
		return sc, fmt.Errorf("simulator: DupShare must be between 0 and 1 (重发比例须在 0 到 1 之间)")
	case sc.Rate < 0 || sc.Dup < 0 || sc.Concurrency < 0 || sc.Followers < 0:
		return sc, fmt.Errorf("simulator: scenario rate, dup, concurrency and followers cannot be negative (参数不能为负数)")
	}
	if sc.Concurrency == 0 {
		sc.Concurrency = 8
	}
	if sc.Followers == 0 {
		sc.Followers = 100
	}
	return sc, nil
}

// Run lets a crowd of virtual followers push to the account's callback URL
// and reports what happened. It stops at the scenario's Count or Duration,
// waits for pushes in flight, and stops early when ctx ends: then the
// report covers what was done and the error says why it stopped.
func (p *Platform) Run(ctx context.Context, appid string, sc Scenario) (*Report, error) {
	sc, err := sc.withDefaults()
	if err != nil {
		return nil, err
	}
	if _, err := p.lookup(appid); err != nil {
		return nil, err
	}
	c := newCrowd(p, appid, sc)
	rec := newRecorder()
	jobs := make(chan *wechat.Message)
	var wg sync.WaitGroup
	for range sc.Concurrency {
		wg.Go(func() { p.work(ctx, appid, sc, jobs, rec) })
	}
	start := time.Now()
	dispatch(ctx, sc, c, jobs, start)
	close(jobs)
	wg.Wait()
	rep := rec.report(appid, sc, time.Since(start))
	if ctx.Err() != nil {
		rep.Canceled = true
		return rep, fmt.Errorf("simulator: run stopped early: %w", ctx.Err())
	}
	return rep, nil
}

// dispatch hands pushes to the workers at the scenario's rate until the
// count, the duration or ctx ends it.
func dispatch(ctx context.Context, sc Scenario, c *crowd, jobs chan<- *wechat.Message, start time.Time) {
	var stop <-chan time.Time
	if sc.Duration > 0 {
		t := time.NewTimer(sc.Duration)
		defer t.Stop()
		stop = t.C
	}
	for i := 0; sc.Count <= 0 || i < sc.Count; i++ {
		if sc.Rate > 0 && !waitUntil(ctx, stop, start.Add(time.Duration(float64(i)/sc.Rate*float64(time.Second)))) {
			return
		}
		select {
		case jobs <- c.next():
		case <-ctx.Done():
			return
		case <-stop:
			return
		}
	}
}

// waitUntil sleeps until at; false when ctx or stop ended the run first.
func waitUntil(ctx context.Context, stop <-chan time.Time, at time.Time) bool {
	d := time.Until(at)
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-stop:
		return false
	}
}

// work pushes each job, plus Dup identical copies for the scenario's share
// of them, and records the outcomes.
func (p *Platform) work(ctx context.Context, appid string, sc Scenario, jobs <-chan *wechat.Message, rec *recorder) {
	for m := range jobs {
		dup := sc.Dup
		if sc.DupShare > 0 && rand.Float64() >= sc.DupShare {
			dup = 0
		}
		for n := 0; n <= dup && ctx.Err() == nil; n++ {
			res, err := p.Push(ctx, appid, m)
			if err != nil && ctx.Err() == nil {
				rec.failed(n > 0)
			}
			if err != nil {
				break
			}
			rec.add(res, n > 0)
			if sc.OnResult != nil {
				sc.OnResult(m, res)
			}
		}
	}
}
