package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/fanbase/fanbase/internal/user"
)

// TestTagsPage: an operator reaches the tag page from the follower list,
// creates a tag (at the simulated WeChat first), tags a follower from the
// customer file and syncs tags; the page shows the tag as synced.
func TestTagsPage(t *testing.T) {
	e := newEnv(t)
	e.addUser("chen", "陈主管", user.Operator, e.Acct.ID)
	fan := openID(1)
	e.follow(fan)
	tb := e.newTab()
	tb.login("chen")
	acct := "/a/" + e.Acct.AppID
	tb.open(acct + "/followers")
	tb.click("#followers-tags-link")
	tb.waitVisible("#tag-create")
	tb.typeInto("#tag-name", "门店A")
	tb.click("#tag-create button")
	tb.waitText("#tag-notice", "标签已创建")
	tb.waitText("#tag-table .tag-row", "门店A")
	if n := len(e.Sim.Tags(e.Acct.AppID)); n != 1 {
		t.Fatalf("the simulated WeChat has %d tags, want 1", n)
	}
	tb.open(acct + "/followers/" + fan)
	tb.typeInto("#tag-form input[name=name]", "门店A")
	tb.click("#tag-form button")
	tb.waitText("#follower-tags .tag-list", "门店A")
	tb.open(acct + "/tags")
	tb.click("#tag-sync button")
	tb.waitText("#tag-notice", "已从微信同步 1 个标签")
	tb.waitText("#tag-table .tag-wx-count", "1")
	if dir := os.Getenv("FANBASE_SCREENSHOTS"); dir != "" {
		tb.screenshot(filepath.Join(dir, "15-tags.png"))
	}
	if ex := tb.exceptions(); len(ex) > 0 {
		t.Errorf("JS exceptions: %v", ex)
	}
}
