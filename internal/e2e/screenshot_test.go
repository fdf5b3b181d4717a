package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// shot is one main page of the tour: where it is, what shows it is ready,
// and what to do on it before the picture.
type shot struct {
	name  string        // file name, without .png
	path  string        // "" when act navigates itself
	ready string        // CSS selector visible once the page shows its content
	act   func(tb *tab) // optional steps on the page before the picture
}

// TestScreenshots tours the main pages as the owner after a seeded day:
// each must answer 200, show its content and throw no JS exception. With
// FANBASE_SCREENSHOTS=dir it saves a full-page PNG of each into dir
// (scripts/screenshots.sh writes docs/screenshots/).
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("FANBASE_SCREENSHOTS")
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatalf("screenshot directory: %v", err)
		}
	}
	e := newEnv(t)
	s := seedDay(e)
	acct := "/a/" + e.Acct.AppID

	anon := e.newTab()
	e.capture(t, anon, dir, shot{name: "01-login", path: "/login", ready: "#login-form"})

	owner := e.newTab()
	owner.login(s.Owner.Login)
	for _, sh := range []shot{
		{name: "02-home", path: "/", ready: "main .card"},
		{name: "03-dashboard", path: acct, ready: "main .card"},
		{name: "04-inbox-queue", path: acct + "/inbox", ready: "#queue .queue-row"},
		{name: "05-conversation", path: fmt.Sprintf("%s/inbox/%d", acct, s.HistoryConv), ready: "#timeline .timeline-item"},
		{name: "06-customer-file", path: acct + "/followers/" + s.History, ready: "#profile", act: annotate},
		// before the bulk answer, which would make the owner the day's busiest agent
		{name: "13-agent-performance", path: acct + "/agents", ready: "main .card"},
		{name: "07-search", path: acct + "/search?q=" + url.QueryEscape("门票"), ready: "#search-results .search-hit"},
		{name: "08-clusters", path: acct + "/inbox/clusters", ready: ".cluster"},
		{name: "09-bulk-result", ready: "#bulk-progress[data-done=true]", act: func(tb *tab) {
			tb.answerCluster(e.Acct.AppID, "优惠券", 3, "优惠券在结账页「使用优惠」里选择即可，每单限用一张。")
			tb.reloadUntil("the bulk job to finish", bulkDone) // the tour pictures the result; TestClusterAnswer checks it is live
		}},
		{name: "10-remediation-preview", path: acct + "/remediation", ready: "#remedy-preview", act: previewRemedy(e)},
		{name: "11-rules-list", path: acct + "/rules", ready: "main .card"},
		{name: "12-rules-diff", path: acct + "/rules/diff", ready: "main .card"},
		{name: "14-conversation-en", path: fmt.Sprintf("%s/inbox/%d", acct, s.HistoryConv), ready: "html[lang=en] #timeline", act: func(tb *tab) {
			tb.click("#lang-switch")
		}},
	} {
		t.Run(sh.name, func(t *testing.T) { e.capture(t, owner, dir, sh) })
	}
}

// capture opens one page of the tour, checks it and saves its picture.
func (e *env) capture(t *testing.T, tb *tab, dir string, sh shot) {
	t.Helper()
	tb.t = t
	defer func() { tb.t = e.t }()
	if sh.path != "" {
		if got := tb.status(sh.path); got != http.StatusOK {
			tb.fail("%s answered %d, want 200", sh.path, got)
		}
	}
	if sh.act != nil {
		sh.act(tb)
	}
	tb.waitVisible(sh.ready)
	tb.settle()
	if ex := tb.exceptions(); len(ex) > 0 {
		t.Errorf("JS exceptions on %s: %v", sh.name, ex)
	}
	tb.drainConsole()
	if dir != "" {
		tb.screenshot(filepath.Join(dir, sh.name+".png"))
	}
}

// settle waits until charts have drawn and fonts have loaded, so that a
// picture shows the finished page.
func (tb *tab) settle() {
	tb.t.Helper()
	tb.waitJS("charts and fonts to finish", `document.fonts.status === "loaded" &&
		[...document.querySelectorAll(".chart")].every(c => c.children.length > 0)`)
}

// previewRemedy asks the remediation page who received rule 2 of
// version 1 (the wrong ticket price) in the last four days, and drafts
// the correction.
func previewRemedy(e *env) func(tb *tab) {
	return func(tb *tab) {
		tb.t.Helper()
		tb.waitVisible("#remedy-form")
		tb.do(
			chromedp.SetValue(chromedp.CSS("#remedy-rule"), "2:1"),
			chromedp.SetValue(chromedp.CSS("#remedy-from"), localMinute(e.Acct, time.Now().Add(-96*time.Hour))),
		)
		tb.click("#remedy-preview-btn")
		tb.waitVisible("#remedy-preview")
		tb.typeInto("#remedy-correction", "更正：门票价格为成人 ¥128、儿童 ¥64，此前回复有误，抱歉！")
	}
}

// annotate tags the follower and leaves a feedback note through the
// customer file's own forms.
func annotate(tb *tab) {
	tb.t.Helper()
	for _, tag := range []string{"带宠物", "回头客"} {
		tb.typeInto("#tag-form input[name=name]", tag)
		tb.click("#tag-form button")
		tb.waitText("#follower-tags .tag-list", tag)
	}
	tb.typeInto("#note-form textarea", "希望园区增设宠物饮水点，已转给运营。")
	tb.do(chromedp.SetValue(chromedp.CSS("#note-form select"), "feedback"))
	tb.click("#note-form button")
	tb.waitText("#notes-block .note-list", "宠物饮水点")
}
