package e2e

import (
	"context"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fanbase/fanbase/internal/segment"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/user"
)

// TestSegmentBuildCountExport: five followers arrive through the simulated
// WeChat, two from the poster QR code; three are tagged 会员 and two of
// those ask a question. The operator builds "会员 from the poster with at
// least two interactions" in the builder, sees each live count equal what
// the store counts, saves the segment, and downloads its CSV: exactly the
// matching follower, with a BOM and the Chinese tag intact.
func TestSegmentBuildCountExport(t *testing.T) {
	e := newEnv(t)
	e.addUser("li", "李运营", user.Operator, e.Acct.ID)
	fans := []string{openID(61), openID(62), openID(63), openID(64), openID(65)}
	for i, fan := range fans {
		scene := ""
		if i < 2 {
			scene = "poster"
		}
		e.push(e.Acct, simulator.Subscribe(fan, scene))
	}
	e.say(fans[0], "门票多少钱？")
	e.say(fans[2], "门票多少钱？")
	var vip int64
	for _, fan := range fans[:3] {
		tag, err := e.M.Store.TagFollower(t.Context(), e.Acct.ID, fan, "会员")
		if err != nil {
			t.Fatal(err)
		}
		vip = tag.ID
	}
	segs := segment.NewService(e.M.Store, nil)
	want := func(f segment.Filter) string {
		n, err := segs.Count(t.Context(), e.Acct.ID, f)
		if err != nil {
			t.Fatal(err)
		}
		return strconv.Itoa(n)
	}
	tab := e.newTab()
	tab.login("li")
	tab.open("/a/" + e.Acct.AppID + "/segments")
	tab.click("#segment-new")
	tab.waitVisible("#segment-form")
	waitCount := func(what, n string) {
		t.Helper()
		tab.waitJS(what+" = "+n, `document.querySelector("#segment-count")?.dataset.count === `+jsString(n))
	}
	waitCount("everyone following", want(segment.Filter{}))

	tab.click(`tr[data-tag="会员"] input[name="tags_any"]`)
	waitCount("会员", want(segment.Filter{TagsAny: []int64{vip}}))
	tab.click(`#segment-qr-scenes input[value="poster"]`)
	waitCount("会员 from the poster", want(segment.Filter{TagsAny: []int64{vip}, QRScenes: []string{"poster"}}))
	tab.typeInto("#segment-min", "2")
	final := segment.Filter{TagsAny: []int64{vip}, QRScenes: []string{"poster"}, MinInteractions: segPtr(int64(2))}
	if got := want(final); got != "1" {
		t.Fatalf("the store counts %s followers for the final filter, want 1", got)
	}
	waitCount("with two interactions", "1")
	if n := tab.count(`.segment-member[data-openid="` + fans[0] + `"]`); n != 1 {
		t.Errorf("the sample shows the matching follower %d times, want once", n)
	}

	tab.typeInto("#segment-name", "海报会员")
	tab.click("#segment-save")
	tab.waitVisible("#segment-export")
	waitCount("the saved segment", "1")
	csvText := fetchText(tab, `document.querySelector("#segment-export").href`)
	checkSegmentCSV(t, csvText, fans[0])

	tab.open("/a/" + e.Acct.AppID + "/segments")
	tab.waitVisible("#segment-table")
	if got := tab.text(`tr[data-name="海报会员"] .segment-count`); got != "1" {
		t.Errorf("the list counts %q followers in the saved segment, want 1", got)
	}
}

// fetchText downloads a URL (a JS expression) with the page's session and
// returns the body as sent, byte order mark included.
func fetchText(tb *tab, urlExpr string) string {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, waitTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		"fetch("+urlExpr+").then(r => r.ok ? r.arrayBuffer() : Promise.reject('status ' + r.status))"+
			".then(b => new TextDecoder('utf-8', {ignoreBOM: true}).decode(b))", chromedp.EvalAwaitPromise))
	if err != nil {
		tb.fail("fetch %s: %v", urlExpr, err)
	}
	return v
}

func checkSegmentCSV(t *testing.T, text, openID string) {
	t.Helper()
	if !strings.HasPrefix(text, "\ufeff") {
		t.Errorf("the CSV does not start with a byte order mark: %.40q", text)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(text, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	header := strings.Join(rows[0], ",")
	if header != "openid,nickname,remark,subscribed,subscribed_at,last_interaction,interactions,tags,qr_scene" {
		t.Errorf("header = %s", header)
	}
	if len(rows) != 2 || rows[1][0] != openID || rows[1][3] != "1" || rows[1][6] != "2" ||
		rows[1][7] != "会员" || rows[1][8] != "poster" {
		t.Errorf("rows = %q, want one row for %s (following, 2 interactions, 会员, poster)", rows[1:], openID)
	}
}

func segPtr[T any](v T) *T { return &v }
