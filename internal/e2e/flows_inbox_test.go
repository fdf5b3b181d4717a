package e2e

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/user"
)

// eventually polls cond until it holds or waitTimeout passes: for facts
// outside the browser (what the simulator received).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", waitTimeout, what)
		}
		time.Sleep(100 * time.Millisecond) // polling interval, not an assertion
	}
}

// mark tags the current document so a later check can tell that the page
// was updated in place, not reloaded.
func (tb *tab) mark() {
	tb.t.Helper()
	eval[bool](tb, "window.__e2eMark = true")
}

// marked reports whether the document is still the one mark tagged.
func (tb *tab) marked() bool {
	tb.t.Helper()
	return eval[bool](tb, "window.__e2eMark === true")
}

// inbox opens the account's queue as an agent who is away, so that
// auto-assignment leaves new conversations for a manual claim.
func (tb *tab) inbox(appID string) {
	tb.t.Helper()
	tb.open("/a/" + appID + "/inbox")
	tb.waitVisible("#queue")
	tb.click("#presence-away")
	tb.waitVisible("#presence.presence-away")
	tb.waitLive()
}

// waitLive waits until the page's live connection (SSE) is open, so that
// what happens next reaches it.
func (tb *tab) waitLive() {
	tb.t.Helper()
	tb.waitJS("the live connection to open", `document.querySelector("#live-status.on")`)
}

// waitQueueRow waits for a row of the queue showing text.
func (tb *tab) waitQueueRow(text string) {
	tb.t.Helper()
	tb.waitText("#queue .queue-row", text)
}

// TestInboxLiveClaimReply: a follower's message appears in the open queue
// without a reload; the agent claims it, opens it, replies, and the reply
// reaches the follower through the customer-service API.
func TestInboxLiveClaimReply(t *testing.T) {
	e := newEnv(t)
	e.addUser("xiaoli", "小李", user.Agent, e.Acct.ID)
	tab := e.newTab()
	tab.login("xiaoli")
	tab.inbox(e.Acct.AppID)
	tab.mark()

	fan := openID(1)
	question := "你好，请问可以带宠物入园吗？"
	if got := e.say(fan, question); got != "" {
		t.Fatalf("the rules answered %q; the question must go to the desk", got)
	}
	tab.waitQueueRow("可以带宠物入园")
	if !tab.marked() {
		t.Fatal("the queue page reloaded to show the message; it must update live")
	}

	tab.click("#queue .queue-row .claim-btn")
	// Claiming opens the conversation (or at least shows the new assignee).
	tab.waitJS("the claim to show 小李 as the assignee", `(document.querySelector("#conv-assignee") || {}).innerText?.includes("小李") ||
		[...document.querySelectorAll("#queue .queue-row .q-assignee")].some(e => e.innerText.includes("小李"))`)
	if tab.count("#composer") == 0 {
		tab.click("#queue .queue-row .q-name")
	}
	tab.waitVisible("#composer")
	tab.waitText("#timeline", question)
	answer := "可以的，小型宠物牵绳即可入园，大型犬暂不接待。"
	tab.typeInto("#composer-text", answer)
	tab.click("#send-btn")
	tab.waitText("#timeline", answer)

	eventually(t, "the follower to receive the agent's reply", func() bool {
		return slices.Contains(e.received(e.Acct, fan), answer)
	})
	if got := e.received(e.Acct, fan); len(got) != 1 {
		t.Errorf("the follower received %d messages %q, want exactly the reply", len(got), got)
	}
	if v := eval[string](tab, `document.querySelector("#composer-text").value`); strings.TrimSpace(v) != "" {
		t.Errorf("the composer still holds %q after sending", v)
	}
}
