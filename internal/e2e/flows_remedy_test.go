package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/user"
)

// wrongPrice is what rule 2 of testRules (version 1) answers.
const wrongPrice = "门票：成人 ¥108，儿童 ¥54。"

// TestRemediation: version 1 of the ticket rule told followers a wrong
// price. The operator picks that rule version on the remediation page,
// previews who received it (three within the reply window, one whose
// question is three days old outside it), sends a correction, and the
// correction reaches exactly the three within the window, once each.
func TestRemediation(t *testing.T) {
	e := newEnv(t)
	e.addUser("chen", "陈主管", user.Operator, e.Acct.ID)
	within := []string{openID(41), openID(42), openID(43)}
	for _, fan := range within {
		e.follow(fan)
		if got := e.say(fan, "门票多少钱？"); got != wrongPrice {
			t.Fatalf("rule 2 v1 answered %q, want %q", got, wrongPrice)
		}
	}
	late := openID(44)
	e.storeOldAnswered(e.Acct, late, "门票多少钱", wrongPrice, 2, 1, 72*time.Hour)
	e.saveRules(e.Acct, rulesV2) // the fix for new questions; the old answers stay wrong

	tab := e.newTab()
	tab.login("chen")
	tab.open("/a/" + e.Acct.AppID + "/remediation")
	tab.waitVisible("#remedy-form")
	tab.do(
		chromedp.SetValue(chromedp.CSS("#remedy-rule"), "2:1"),
		chromedp.SetValue(chromedp.CSS("#remedy-from"), localMinute(e.Acct, time.Now().Add(-96*time.Hour))),
	)
	tab.click("#remedy-preview-btn")
	tab.waitVisible("#remedy-preview")
	for id, want := range map[string]string{"#remedy-within": "3", "#remedy-outside": "1", "#remedy-total": "4"} {
		if got := tab.text(id); got != want {
			t.Errorf("%s = %s, want %s", id, got, want)
		}
	}
	if n := tab.count(`.remedy-row[data-openid="` + late + `"]`); n != 1 {
		t.Errorf("the preview lists the follower outside the window %d times, want once", n)
	}

	correction := "更正：门票价格为成人 ¥128、儿童 ¥64，此前回复有误，抱歉！"
	tab.typeInto("#remedy-correction", correction)
	tab.click("#remedy-send-btn")
	tab.waitVisible("#bulk-progress")
	tab.waitBulkLive()

	for _, fan := range within {
		eventually(t, "the correction to reach "+fan, func() bool { return len(e.received(e.Acct, fan)) > 0 })
		if got := e.received(e.Acct, fan); len(got) != 1 || got[0] != correction {
			t.Errorf("follower %s received %q, want the correction exactly once", fan, got)
		}
	}
	if got := e.received(e.Acct, late); len(got) != 0 {
		t.Errorf("the follower outside the window received %q", got)
	}
}

// localMinute formats t for an <input type="datetime-local"> in the
// account's time zone, which the remediation form reads times in.
func localMinute(a *account.Account, t time.Time) string {
	return t.In(a.Location()).Format("2006-01-02T15:04")
}
