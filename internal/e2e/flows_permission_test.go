package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fanbase/fanbase/internal/user"
)

// status navigates to a path and returns the HTTP status of the document.
func (tb *tab) status(path string) int64 {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, waitTimeout)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(tb.base+path))
	if err != nil {
		tb.fail("open %s: %v", path, err)
	}
	return resp.Status
}

// TestForeignAccountForbidden: an agent of account A who opens account B's
// inbox by URL gets the 403 page, not B's conversations; A's inbox opens.
func TestForeignAccountForbidden(t *testing.T) {
	e := newEnv(t)
	other := e.addAccount("wxe2e0000000000002", "另一个公众号", e.Acct.APIBase)
	e.addUser("agent-a", "小张", user.Agent, e.Acct.ID)
	tab := e.newTab()
	tab.login("agent-a")

	if got := tab.status("/a/" + other.AppID + "/inbox"); got != http.StatusForbidden {
		t.Fatalf("account B's inbox answered %d to an agent of A, want 403", got)
	}
	tab.waitVisible("#error-message")
	if s := tab.text(".error-status"); !strings.Contains(s, "403") {
		t.Errorf("the error page says %q, want it to name 403", s)
	}
	if body := eval[string](tab, "document.body.innerText"); strings.Contains(body, other.Name) {
		t.Errorf("the 403 page shows account B's name %q", other.Name)
	}
	if got := tab.status("/a/" + e.Acct.AppID + "/inbox"); got != http.StatusOK {
		t.Errorf("the agent's own inbox answered %d, want 200", got)
	}
}
