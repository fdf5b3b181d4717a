package autoreply

import (
	"testing"

	"github.com/fanbase/fanbase/internal/wechat"
)

func TestPickRandomIsStable(t *testing.T) {
	r := keywordRule(1, 0, kw("hi", MatchExact))
	r.Pick = PickRandom
	r.Replies = []wechat.Reply{textReply("a"), textReply("b"), textReply("c")}
	welcome := Rule{ID: 2, Trigger: TriggerSubscribe, Pick: PickRandom, Replies: r.Replies}
	e := mustCompile(t, r, welcome)
	now := at(15, 10, 0)
	seen := map[string]int{}
	for i := range 300 {
		m := textMsg("hi")
		first := e.Decide(m, now, cst).Reply
		retry := *m // WeChat's retry: same MsgId, maybe another node and another minute
		if again := e.Decide(&retry, now.Add(3e9), cst).Reply; again.Content != first.Content {
			t.Fatalf("message %d: retry got %q, first %q", i, again.Content, first.Content)
		}
		seen[first.Content]++
	}
	for _, c := range []string{"a", "b", "c"} {
		if seen[c] < 50 {
			t.Fatalf("reply %q picked %d times of 300: %v", c, seen[c], seen)
		}
	}
	events := map[string]bool{}
	for i := range 60 {
		ev := eventMsg(wechat.EventSubscribe, "")
		ev.CreateTime += int64(i)
		a, b := e.Decide(ev, now, cst).Reply, e.Decide(ev, now, cst).Reply
		if a.Content != b.Content {
			t.Fatalf("event %d: %q then %q", i, a.Content, b.Content)
		}
		events[a.Content] = true
	}
	if len(events) != 3 {
		t.Fatalf("welcome replies used: %v", events)
	}
}

func TestPickFirst(t *testing.T) {
	r := keywordRule(1, 0, kw("hi", MatchExact))
	r.Replies = []wechat.Reply{textReply("a"), textReply("b")}
	e := mustCompile(t, r)
	for range 20 {
		if got := e.Decide(textMsg("hi"), at(15, 10, 0), cst).Reply.Content; got != "a" {
			t.Fatalf("first pick gave %q", got)
		}
	}
}
