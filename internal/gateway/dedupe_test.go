package gateway_test

import (
	"bytes"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/gateway"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/wechat"
)

// TestRetriesStoredOnce is architecture invariant 2: WeChat's retries of a
// push (the identical request, sent again) are stored once, and every
// answer carries the byte-identical plaintext reply, in whatever order
// they arrive.
func TestRetriesStoredOnce(t *testing.T) {
	h := newHarness(t, setup{})
	sa, a := h.addAccount("wx_dedupe", simulator.ModeSafe, true)
	h.saveRules(standardRules(a.ID))
	now := time.Now()
	sec := now.Unix()
	tests := []struct {
		name       string
		concurrent bool
		xml        []byte
		key        string
		want       string
	}{
		{"message, sequential", false, textXML(sa, "o_dup", "门票？", 9001, sec), "m:9001", ticketsText},
		{"message, concurrent", true, textXML(sa, "o_dup", "门票？", 9002, sec), "m:9002", ticketsText},
		{"event, sequential", false, eventXML(sa, "o_dup", "subscribe", "qrscene_store_001", sec),
			"e:o_dup:" + itoa(sec) + ":subscribe:qrscene_store_001", storeQRText},
		{"event, concurrent", true, eventXML(sa, "o_dup2", "subscribe", "", sec),
			"e:o_dup2:" + itoa(sec) + ":subscribe:", welcomeText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := safeCallback(t, sa, sa.AppID, tt.xml, now)
			before := h.outcomes()
			answers := h.postTimes(c, 4, tt.concurrent)
			first := openReply(t, sa, answers[0])
			if rm, err := wechat.ParseReply(first); err != nil || rm.Reply.Content != tt.want {
				t.Fatalf("reply %s (%v), want %q", first, err, tt.want)
			}
			for i, body := range answers[1:] {
				if got := openReply(t, sa, body); !bytes.Equal(got, first) {
					t.Errorf("answer %d differs from the first:\n%s\n%s", i+2, got, first)
				}
			}
			d := outcomeDelta(before, h.outcomes())
			if d[gateway.OutcomeNew] != 1 || d[gateway.OutcomeDuplicate] != 3 {
				t.Errorf("outcomes %v, want 1 new and 3 duplicate", d)
			}
			m := h.message(a, tt.key)
			if rs := h.replies(m.ID); len(rs) != 1 || !bytes.Equal(rs[0].Body, first) {
				t.Errorf("%d replies stored; want 1, the one answered", len(rs))
			}
		})
	}
	if c := h.counts(a); c.Messages != 2 || c.Events != 2 || c.Replies != 4 {
		t.Errorf("counts %+v, want 2 messages, 2 events, 4 replies", c)
	}
}

// postTimes sends the same callback n times and returns the answers, in
// the order sent (sequential) or in no order (concurrent). Every answer
// must be 200.
func (h *harness) postTimes(c callback, n int, concurrent bool) [][]byte {
	h.t.Helper()
	answers := make([][]byte, n)
	statuses := make([]int, n)
	send := func(i int) { statuses[i], answers[i] = h.post(c) }
	if concurrent {
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { send(i) })
		}
		wg.Wait()
	} else {
		for i := range n {
			send(i)
		}
	}
	for i, s := range statuses {
		if s != http.StatusOK {
			h.t.Fatalf("attempt %d: status %d (%s)", i+1, s, answers[i])
		}
	}
	return answers
}

// TestDuplicateMsgIDDifferentContent: WeChat's MsgId is the identity of a
// message; a second push under the same MsgId is a retry whatever it says,
// so the first version is kept and answered again.
func TestDuplicateMsgIDDifferentContent(t *testing.T) {
	h := newHarness(t, setup{})
	sa, a := h.addAccount("wx_dup_content", simulator.ModeSafe, true)
	h.saveRules(standardRules(a.ID))
	now := time.Now().Unix()
	_, firstBody := h.post(safeCallback(t, sa, sa.AppID, textXML(sa, "o_1", "你好", 9100, now), time.Now()))
	status, secondBody := h.post(safeCallback(t, sa, sa.AppID, textXML(sa, "o_1", "门票", 9100, now+1), time.Now()))
	if status != http.StatusOK {
		t.Fatalf("second push: status %d", status)
	}
	first, second := openReply(t, sa, firstBody), openReply(t, sa, secondBody)
	if !bytes.Equal(first, second) {
		t.Errorf("second push got another reply:\n%s\nwant the first's:\n%s", second, first)
	}
	if rm, _ := wechat.ParseReply(first); rm == nil || rm.Reply.Content != defaultText {
		t.Errorf("first reply %s, want the default rule's", first)
	}
	if m := h.message(a, "m:9100"); m.Content != "你好" {
		t.Errorf("stored content %q, want the first push's", m.Content)
	}
	if c := h.counts(a); c.Messages != 1 || c.Replies != 1 {
		t.Errorf("counts %+v, want 1 message and 1 reply", c)
	}
}

// TestEventDedupeKey: events carry no MsgId; FromUserName + CreateTime +
// Event + EventKey tell them apart, so different events of one user in one
// second are all kept while a repeated one is not.
func TestEventDedupeKey(t *testing.T) {
	h := newHarness(t, setup{})
	sa, a := h.addAccount("wx_events", simulator.ModePlain, true)
	sec := time.Now().Unix()
	pushes := []struct {
		xml []byte
		new bool
	}{
		{eventXML(sa, "o_ev", "subscribe", "", sec), true},
		{eventXML(sa, "o_ev", "CLICK", "MENU_A", sec), true},
		{eventXML(sa, "o_ev", "CLICK", "MENU_B", sec), true},
		{eventXML(sa, "o_ev", "VIEW", "MENU_A", sec), true},
		{eventXML(sa, "o_ev", "CLICK", "MENU_A", sec), false},
		{eventXML(sa, "o_ev", "CLICK", "MENU_A", sec+1), true},
		{eventXML(sa, "o_other", "CLICK", "MENU_A", sec), true},
		{eventXML(sa, "o_ev", "subscribe", "", sec), false},
	}
	wantEvents := int64(0)
	for i, p := range pushes {
		before := h.outcomes()
		if status, body := h.post(plainCallback(sa, p.xml, time.Now())); status != http.StatusOK {
			t.Fatalf("push %d: status %d (%s)", i+1, status, body)
		}
		want := gateway.OutcomeDuplicate
		if p.new {
			want, wantEvents = gateway.OutcomeNew, wantEvents+1
		}
		assertOneOutcome(t, before, h.outcomes(), want)
	}
	if c := h.counts(a); c.Events != wantEvents || c.Messages != 0 {
		t.Errorf("counts %+v, want %d events", c, wantEvents)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestDedupeIsPerAccount: MsgIds are unique per account, not across
// accounts; the same MsgId pushed to two accounts is two messages.
func TestDedupeIsPerAccount(t *testing.T) {
	h := newHarness(t, setup{})
	one, a1 := h.addAccount("wx_per_account_1", simulator.ModePlain, true)
	two, a2 := h.addAccount("wx_per_account_2", simulator.ModeSafe, true)
	sec := time.Now().Unix()
	for _, c := range []callback{
		plainCallback(one, textXML(one, "o_same", "hi", 9500, sec), time.Now()),
		safeCallback(t, two, two.AppID, textXML(two, "o_same", "hi", 9500, sec), time.Now()),
		plainCallback(one, eventXML(one, "o_same", "subscribe", "", sec), time.Now()),
		safeCallback(t, two, two.AppID, eventXML(two, "o_same", "subscribe", "", sec), time.Now()),
	} {
		before := h.outcomes()
		if status, body := h.post(c); status != http.StatusOK {
			t.Fatalf("status %d (%s)", status, body)
		}
		assertOneOutcome(t, before, h.outcomes(), gateway.OutcomeNew)
	}
	for _, a := range []*account.Account{a1, a2} {
		if c := h.counts(a); c.Messages != 1 || c.Events != 1 || c.Followers != 1 {
			t.Errorf("account %s: counts %+v, want 1 message, 1 event, 1 follower", a.AppID, c)
		}
	}
}
