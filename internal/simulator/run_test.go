package simulator_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/simulator"
)

func TestRunBounded(t *testing.T) {
	p, _, r := withResponder(t, simulator.ModeSafe)
	sc := simulator.Scenario{Rate: 400, Count: 60, Concurrency: 4, Followers: 10, Seed: 7, Scenes: []string{"1000", "store_001"}}
	rep, err := p.Run(context.Background(), appid, sc)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sent != 60 || rep.OK != 60 || rep.Failed != 0 || len(r.Pushes()) != 60 {
		t.Fatalf("report %+v; responder saw %d", rep, len(r.Pushes()))
	}
	if rep.Replied == 0 || rep.NoReply == 0 || rep.Replied+rep.NoReply != rep.OK {
		t.Errorf("expected both replies (texts) and no-replies (events): %+v", rep)
	}
	l := rep.Latency
	if l.P50 <= 0 || l.P50 > l.P90 || l.P90 > l.P99 || l.P99 > l.Max {
		t.Errorf("latency percentiles out of order: %+v", l)
	}
	if rep.Throughput <= 0 || rep.Duration <= 0 {
		t.Errorf("throughput %v over %v", rep.Throughput, rep.Duration)
	}
	for _, want := range []string{"pushes 推送 60", "replied 有回复", "p99"} {
		if !strings.Contains(rep.String(), want) {
			t.Errorf("report text lacks %q:\n%s", want, rep)
		}
	}
}

// TestRunFollowersSubscribeFirst checks the story each follower tells: the
// first push of a new follower is a follow, and nobody acts while unfollowed.
func TestRunFollowersSubscribeFirst(t *testing.T) {
	p, _, r := withResponder(t, simulator.ModePlain)
	sc := simulator.Scenario{Count: 200, Concurrency: 1, Followers: 20, Seed: 3,
		Mix: simulator.Mix{Text: 5, Subscribe: 1, Unsubscribe: 2, Click: 1}}
	if _, err := p.Run(context.Background(), appid, sc); err != nil {
		t.Fatal(err)
	}
	following := map[string]bool{}
	for i, push := range r.Pushes() {
		m := push.Message
		switch {
		case m.Event == "subscribe":
			following[m.FromUserName] = true
		case m.Event == "unsubscribe":
			following[m.FromUserName] = false
		case !following[m.FromUserName]:
			t.Fatalf("push %d: %s sent %s/%s without following", i, m.FromUserName, m.MsgType, m.Event)
		}
	}
	subscribed := 0
	for _, f := range following {
		if f {
			subscribed++
		}
	}
	if got := p.State().Accounts[0].Subscribed; got != subscribed {
		t.Errorf("platform counts %d subscribed, the pushes say %d", got, subscribed)
	}
}

func TestRunDuplicates(t *testing.T) {
	p, _, r := withResponder(t, simulator.ModePlain)
	rep, err := p.Run(context.Background(), appid, simulator.Scenario{Count: 10, Dup: 2, Followers: 5, Mix: simulator.Mix{Text: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sent != 30 || rep.Duplicates != 20 {
		t.Fatalf("sent %d, duplicates %d; want 30 and 20", rep.Sent, rep.Duplicates)
	}
	seen := map[string]int{}
	for _, push := range r.Pushes() {
		seen[fmt.Sprint(push.Message.MsgID, push.Message.CreateTime, push.Message.FromUserName, push.Message.Event)]++
	}
	for key, n := range seen {
		if n != 3 {
			t.Errorf("push %s was sent %d times, want 3 identical copies", key, n)
		}
	}
}

func TestRunStops(t *testing.T) {
	p, _, _ := withResponder(t, simulator.ModePlain)
	if _, err := p.Run(context.Background(), appid, simulator.Scenario{Rate: 10}); err == nil {
		t.Error("an unbounded scenario was accepted")
	}
	if _, err := p.Run(context.Background(), "wx_nobody", simulator.Scenario{Count: 1}); err == nil {
		t.Error("a run on an unknown account was accepted")
	}
	rep, err := p.Run(context.Background(), appid, simulator.Scenario{Rate: 50, Duration: 100 * time.Millisecond})
	if err != nil || rep.Sent == 0 || rep.Sent > 50 {
		t.Errorf("duration-bounded run: %v, sent %d", err, rep.Sent)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	rep, err = p.Run(ctx, appid, simulator.Scenario{Rate: 20, Count: 1_000_000})
	if err == nil || rep == nil || !rep.Canceled || rep.Sent >= 1_000_000 {
		t.Errorf("canceled run: %v, %+v", err, rep)
	}
}
