package e2e

import (
	"fmt"
	"testing"

	"github.com/fanbase/fanbase/internal/user"
)

// clusterWith returns the DOM id of the cluster on the page whose members
// include text, waiting for it to show with at least size members.
func (tb *tab) clusterWith(text string, size int) string {
	tb.t.Helper()
	find := fmt.Sprintf(`[...document.querySelectorAll(".cluster")].find(c =>
		Number(c.dataset.size) >= %d && c.innerText.includes(%s))`, size, jsString(text))
	tb.waitJS(fmt.Sprintf("a cluster of %d asking %q", size, text), find)
	return eval[string](tb, find+".id")
}

// answerCluster answers the cluster about text from the clusters page,
// which leads to the bulk job's page.
func (tb *tab) answerCluster(appID, text string, size int, answer string) {
	tb.t.Helper()
	tb.open("/a/" + appID + "/inbox/clusters")
	c := "#" + tb.clusterWith(text, size)
	tb.typeInto(c+" .cluster-answer-text", answer)
	tb.click(c + " .cluster-answer-btn")
	tb.waitVisible("#bulk-progress")
}

// bulkDone is true once the bulk page shows its job finished.
const bulkDone = `document.querySelector("#bulk-progress").dataset.done === "true"`

// waitBulkLive waits for the bulk page to show the job finished without a
// reload: the progress must update live.
func (tb *tab) waitBulkLive() {
	tb.t.Helper()
	tb.waitJS("the bulk page to show the job finished, live (no reload; a reload would show it)", bulkDone)
}

// TestClusterAnswer: several followers ask the same question in different
// words; the clusters page groups them, one answer goes to the whole
// cluster, the bulk page shows it finished, and every follower in it got
// the answer exactly once while the follower asking something else got
// nothing.
func TestClusterAnswer(t *testing.T) {
	e := newEnv(t)
	e.addUser("xiaoli", "小李", user.Agent, e.Acct.ID)
	askers := []string{openID(21), openID(22), openID(23)}
	for i, q := range []string{"优惠券怎么用", "优惠券怎么使用", "怎么用优惠券"} {
		e.follow(askers[i])
		e.say(askers[i], q)
	}
	other := openID(24)
	e.say(other, "请问停车场在哪里？")
	for _, fan := range append(askers, other) {
		e.liveConversation(fan) // the projector has opened every conversation
	}

	tab := e.newTab()
	tab.login("xiaoli")
	answer := "优惠券在结账页「使用优惠」里选择即可，每单限用一张。"
	tab.answerCluster(e.Acct.AppID, "优惠券", 3, answer)
	tab.waitBulkLive()
	if sent := tab.text("#bulk-sent"); sent != "3" {
		t.Errorf("the bulk page says %s sent, want 3", sent)
	}
	if n := tab.count(`#bulk-recipients .bulk-recipient[data-status="sent"]`); n != 3 {
		t.Errorf("the bulk page lists %d recipients as sent, want 3", n)
	}

	for _, fan := range askers {
		eventually(t, "the answer to reach "+fan, func() bool { return len(e.received(e.Acct, fan)) > 0 })
		if got := e.received(e.Acct, fan); len(got) != 1 || got[0] != answer {
			t.Errorf("follower %s received %q, want the answer exactly once", fan, got)
		}
	}
	if got := e.received(e.Acct, other); len(got) != 0 {
		t.Errorf("the parking question's follower received %q from the coupon cluster", got)
	}
}
