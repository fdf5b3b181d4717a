package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/user"
)

// TestBroadcastFlow: an operator composes a text broadcast to all
// followers (the live check counts them and the phone preview shows the
// text), previews it to a test follower (the simulator records the
// preview), sends it now, and watches it become sent live with WeChat's
// MASSSENDJOBFINISH counts. Two recipients then unfollow, and the
// broadcast's page counts them as unfollows within 24 h. Every follower
// got the broadcast exactly once, and composing the next one warns that
// its audience was contacted recently.
func TestBroadcastFlow(t *testing.T) {
	e := newEnv(t)
	e.addUser("chen", "陈主管", user.Operator, e.Acct.ID)
	fans := []string{openID(61), openID(62), openID(63), openID(64)}
	for _, fan := range fans {
		e.follow(fan)
	}
	tester := fans[0]
	text := "本周六晚 8 点烟花秀，欢迎来玩！"

	tab := e.newTab()
	tab.login("chen")
	tab.open("/a/" + e.Acct.AppID + "/broadcasts")
	tab.click("#broadcast-new")
	tab.waitVisible("#broadcast-form")
	tab.typeInto("#bc-title", "周末烟花秀")
	tab.typeInto("#bc-text", text)
	tab.waitText("#broadcast-audience-size", "4")
	tab.waitText("#broadcast-phone .bc-bubble", "烟花秀")
	shoot(tab, "20-broadcast-compose")
	tab.click("#broadcast-save")

	tab.waitVisible("#broadcast-preview-form")
	shoot(tab, "21-broadcast-draft")
	tab.typeInto("#bc-openids", tester)
	tab.click("#broadcast-preview")
	tab.waitVisible("#broadcast-flash")
	eventually(t, "the preview to reach the test follower", func() bool { return countKind(e, tester, simulator.KindPreview) == 1 })

	tab.click("#broadcast-schedule") // the time left empty: now
	tab.waitJS("the broadcast to be sent", `(document.querySelector("#broadcast-live .bc-status") || {}).dataset?.status === "sent"`)
	tab.waitText("#res-sent", "4")
	tab.waitText("#res-total", "4")

	for _, fan := range fans[2:] {
		e.push(e.Acct, simulator.Unsubscribe(fan))
	}
	tab.waitText("#res-unfollows-24h", "2")
	shoot(tab, "22-broadcast-results")

	for _, fan := range fans {
		if n := countKind(e, fan, simulator.KindMass); n != 1 {
			t.Errorf("follower %s received the broadcast %d times, want once", fan, n)
		}
	}
	tab.open("/a/" + e.Acct.AppID + "/broadcasts")
	tab.waitText("#broadcast-rows .bc-unfollows", "2 / 2")
	shoot(tab, "23-broadcast-list")

	// A second broadcast to the two who still follow warns that both just
	// got one from us.
	tab.click("#broadcast-new")
	tab.typeInto("#bc-text", "下周一闭园检修")
	tab.waitText("#broadcast-audience-size", "2")
	tab.waitText("#broadcast-recent", "2")
}

// shoot saves a picture of the page as it is when FANBASE_SCREENSHOTS
// names a directory (scripts/screenshots.sh), like TestScreenshots does.
func shoot(tb *tab, name string) {
	tb.t.Helper()
	if dir := os.Getenv("FANBASE_SCREENSHOTS"); dir != "" {
		tb.settle()
		tb.screenshot(filepath.Join(dir, name+".png"))
	}
}

// countKind is how many messages of a kind (mass, preview, template) the
// follower received from the first account.
func countKind(e *env, openid, kind string) int {
	n := 0
	for _, b := range e.Sim.Broadcasts(e.Acct.AppID, openid) {
		if b.Kind == kind {
			n++
		}
	}
	return n
}

// TestBroadcastScheduleAtPeakHour: the followers talk to the account at
// this hour, so the compose page suggests this hour (tomorrow) as a peak;
// one click puts it in the schedule field, and "save and schedule" queues
// the broadcast for exactly then, in the account's time zone.
func TestBroadcastScheduleAtPeakHour(t *testing.T) {
	e := newEnv(t)
	e.addUser("chen", "陈主管", user.Operator, e.Acct.ID)
	for _, fan := range []string{openID(71), openID(72)} {
		e.follow(fan)
		e.say(fan, "门票多少钱？")
	}
	tab := e.newTab()
	tab.login("chen")
	tab.open("/a/" + e.Acct.AppID + "/broadcasts/new")
	tab.typeInto("#bc-title", "明早开园提醒")
	tab.typeInto("#bc-text", "明天 9 点开园，早到有惊喜")
	tab.waitText("#broadcast-phone .bc-bubble", "早到有惊喜") // the live check has caught up with the typing
	tab.click("#broadcast-check .bc-peak")
	at := eval[string](tab, `document.getElementById("broadcast-at").value`)
	want := eval[string](tab, `document.querySelector("#broadcast-check .bc-peak").dataset.at`)
	if at == "" || at != want {
		t.Fatalf("the peak-hour button set the schedule time to %q, want %q", at, want)
	}
	tab.click("#broadcast-save-schedule")
	tab.waitText("#broadcast-live .bc-status", "已定时") // scheduled
	tab.waitText("#broadcast-scheduled-at", strings.Replace(at, "T", " ", 1))
}
