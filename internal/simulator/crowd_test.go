package simulator

import (
	"fmt"
	"testing"
	"time"
)

func TestCrowdReproducible(t *testing.T) {
	p := New(Options{})
	if err := p.AddAccount(Account{AppID: "wx_crowd", Mode: ModePlain}); err != nil {
		t.Fatal(err)
	}
	sc := Scenario{Followers: 30, Seed: 42, MenuKeys: []string{"A", "B"}, Scenes: []string{"9"}}
	a, b := newCrowd(p, "wx_crowd", sc), newCrowd(p, "wx_crowd", sc)
	kinds := map[string]int{}
	for i := range 500 {
		ma, mb := a.next(), b.next()
		if fmt.Sprintf("%+v", *ma) != fmt.Sprintf("%+v", *mb) {
			t.Fatalf("push %d differs with the same seed:\n%+v\n%+v", i, ma, mb)
		}
		kinds[ma.MsgType+"/"+ma.Event]++
		if ma.Event == "subscribe" && ma.EventKey != "qrscene_9" {
			t.Fatalf("follow without the scenario's scene: %+v", ma)
		}
		if ma.Event == "CLICK" && ma.EventKey != "A" && ma.EventKey != "B" {
			t.Fatalf("click with a key outside MenuKeys: %+v", ma)
		}
	}
	for _, k := range []string{"text/", "event/subscribe", "event/unsubscribe", "event/CLICK", "event/SCAN", "location/"} {
		if kinds[k] == 0 {
			t.Errorf("the default mix never produced %s in 500 pushes: %v", k, kinds)
		}
	}
	if a.subs.len()+a.outs.len() != sc.Followers {
		t.Errorf("pool lost members: %d + %d", a.subs.len(), a.outs.len())
	}
}

func TestIndexSet(t *testing.T) {
	s := newIndexSet(5)
	for _, i := range []int{0, 3, 4, 3} {
		s.add(i)
	}
	s.remove(3)
	s.remove(1)
	if s.len() != 2 || s.pos[3] != -1 || s.items[s.pos[4]] != 4 || s.items[s.pos[0]] != 0 {
		t.Errorf("set state items=%v pos=%v", s.items, s.pos)
	}
}

func TestPercentiles(t *testing.T) {
	lat := make([]int, 100)
	for i := range lat {
		lat[i] = 100 - i
	}
	var ds []time.Duration
	for _, v := range lat {
		ds = append(ds, time.Duration(v))
	}
	l := percentiles(ds)
	if l.P50 != 50 || l.P90 != 90 || l.P99 != 99 || l.Max != 100 {
		t.Errorf("nearest-rank percentiles of 1..100: %+v", l)
	}
	if (percentiles(nil) != Latency{}) {
		t.Error("empty input must give zero latencies")
	}
}
