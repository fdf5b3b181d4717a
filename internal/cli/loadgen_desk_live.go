package cli

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/app"
	"github.com/fanbase/fanbase/internal/simulator"
)

// probeEvery is how often a probe follower sends a message whose live
// update is timed, on top of the background load.
const probeEvery = 50 * time.Millisecond

// liveClock pairs each probe's send time with when its "message" event
// reached an SSE subscriber.
type liveClock struct {
	mu      sync.Mutex
	sent    map[string]time.Time
	arrived map[string]time.Time
	// convs is when each conversation's first "conversation" event came:
	// the queue redraws on it, after the desk's projector opened it.
	convs map[string]time.Time
}

func (b *deskBench) measureLive(ctx context.Context, m *app.Main, c *benchHTTP, acct *account.Account) error {
	p := simulator.New(simulator.Options{Retries: -1})
	err := p.AddAccount(simulator.Account{AppID: acct.AppID, Token: acct.Token, OriginalID: "gh_bench",
		Mode: simulator.ModePlain, Type: string(acct.Type), CallbackURL: m.URL + "/wx/" + acct.AppID})
	if err != nil {
		return err
	}
	clock := &liveClock{sent: map[string]time.Time{}, arrived: map[string]time.Time{}, convs: map[string]time.Time{}}
	streamCtx, stopStream := context.WithCancel(ctx)
	defer stopStream()
	ready := make(chan error, 1)
	go clock.follow(streamCtx, c, m.URL+"/a/"+acct.AppID+"/events", ready)
	if err := <-ready; err != nil {
		return err
	}
	loadDone := make(chan *simulator.Report, 1)
	go func() {
		rep, _ := p.Run(ctx, acct.AppID, simulator.Scenario{Rate: b.liveRate, Duration: b.liveFor, Concurrency: 128, Followers: 20000, Seed: 7})
		loadDone <- rep
	}()
	clock.probe(ctx, p, acct.AppID, b.liveFor)
	rep := <-loadDone
	time.Sleep(2 * time.Second) // let the last events arrive before counting
	stopStream()
	if err := clock.report(b, rep); err != nil {
		return err
	}
	return clock.reportQueue(ctx, b, m, acct.ID)
}

// reportQueue times each probe's conversation event: the queue's redraw.
func (l *liveClock) reportQueue(ctx context.Context, b *deskBench, m *app.Main, accountID int64) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	var took []time.Duration
	missing := 0
	for openID, sent := range l.sent {
		c, err := m.Desk.LiveConversation(ctx, accountID, openID)
		if err != nil {
			missing++
			continue
		}
		at, ok := l.convs[fmt.Sprint(c.ID)]
		if !ok {
			missing++
			continue
		}
		took = append(took, at.Sub(sent))
	}
	if len(took) == 0 {
		return fmt.Errorf("no probe's conversation event arrived (%d probes)", len(l.sent))
	}
	fmt.Fprintf(b.out, "%-18s %8s %8s %8s %8s  (ms from callback sent to the queue's conversation event; %d missing)\n",
		"queue update", "p50", "p95", "p99", "max", missing)
	printQuantiles(b.out, "queue update", took)
	return nil
}

// follow reads the event stream and notes when each probe's event arrives.
func (l *liveClock) follow(ctx context.Context, c *benchHTTP, u string, ready chan<- error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	req.AddCookie(&http.Cookie{Name: "fanbase_session", Value: c.cookie})
	resp, err := (&http.Client{}).Do(req)
	if err != nil {
		ready <- fmt.Errorf("event stream: %w", err)
		return
	}
	defer resp.Body.Close()
	ready <- nil
	sc := bufio.NewScanner(resp.Body)
	event := ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			event = line[len("event: "):]
		case strings.HasPrefix(line, "data: probe_") && event == "message":
			l.note(l.arrived, line[6:])
		case strings.HasPrefix(line, "data: ") && event == "conversation":
			l.note(l.convs, line[6:])
		}
	}
}

func (l *liveClock) note(seen map[string]time.Time, key string) {
	l.mu.Lock()
	if _, ok := seen[key]; !ok {
		seen[key] = time.Now()
	}
	l.mu.Unlock()
}

// probe sends one timed message every probeEvery for d.
func (l *liveClock) probe(ctx context.Context, p *simulator.Platform, appID string, d time.Duration) {
	var wg sync.WaitGroup
	tick := time.NewTicker(probeEvery)
	defer tick.Stop()
	end := time.After(d)
	for n := 0; ; n++ {
		select {
		case <-ctx.Done():
			wg.Wait()
			return
		case <-end:
			wg.Wait()
			return
		case <-tick.C:
		}
		openID := fmt.Sprintf("probe_%06d", n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.mu.Lock()
			l.sent[openID] = time.Now()
			l.mu.Unlock()
			_, _ = p.Push(ctx, appID, simulator.TextMessage(openID, "探针消息，请人工回复 probe", p.NextMsgID()))
		}()
	}
}

func (l *liveClock) report(b *deskBench, rep *simulator.Report) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	var took []time.Duration
	missing := 0
	for id, sent := range l.sent {
		at, ok := l.arrived[id]
		if !ok {
			missing++
			continue
		}
		took = append(took, at.Sub(sent))
	}
	if rep != nil {
		fmt.Fprintf(b.out, "\nbackground load: %d callbacks in %s = %.0f/s, %d failed\n",
			rep.Sent, rep.Duration.Round(time.Millisecond), rep.Throughput, rep.Failed)
	}
	if len(took) == 0 {
		return fmt.Errorf("no probe's live update arrived (%d probes)", len(l.sent))
	}
	fmt.Fprintf(b.out, "%-18s %8s %8s %8s %8s  (ms from callback sent to SSE event; %d probes, %d missing)\n",
		"live update", "p50", "p95", "p99", "max", len(l.sent), missing)
	printQuantiles(b.out, "live update", took)
	return nil
}
