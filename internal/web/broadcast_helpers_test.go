package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/live"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/user"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// fakeMass stands in for WeChat's mass-send API in the page tests: it
// records the previews and accepts every send.
type fakeMass struct {
	mu       sync.Mutex
	previews []string // openids previews went to
	next     int64
}

func (f *fakeMass) SendAll(context.Context, int64, wxclient.MassContent, string) (wxclient.MassResult, error) {
	return f.result(), nil
}

func (f *fakeMass) SendMass(context.Context, []string, wxclient.MassContent, string) (wxclient.MassResult, error) {
	return f.result(), nil
}

func (f *fakeMass) Preview(_ context.Context, openID, _ string, _ wxclient.MassContent) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.previews = append(f.previews, openID)
	return 1, nil
}

func (f *fakeMass) SendTemplate(context.Context, wxclient.TemplateMessage) (int64, error) {
	return f.result().MsgID, nil
}
func (f *fakeMass) CreateTag(context.Context, string) (int64, error)    { return 100, nil }
func (f *fakeMass) ListTags(context.Context) ([]wxclient.WxTag, error)  { return nil, nil }
func (f *fakeMass) DeleteTag(context.Context, int64) error              { return nil }
func (f *fakeMass) TagFollowers(context.Context, int64, []string) error { return nil }
func (f *fakeMass) sentPreviews() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.previews...)
}
func (f *fakeMass) result() wxclient.MassResult {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next++
	return wxclient.MassResult{MsgID: f.next}
}

// testMass is the fake WeChat every test app's broadcast service talks to.
var testMass = map[*sqlstore.DB]*fakeMass{}
var testMassMu sync.Mutex

// testBroadcasts builds the broadcast service of a test app.
func testBroadcasts(db *sqlstore.DB, hub *live.Hub) *broadcast.Service {
	f := &fakeMass{}
	testMassMu.Lock()
	testMass[db] = f
	testMassMu.Unlock()
	var st any = db // the store gains the broadcast tables while others build them
	store, ok := st.(broadcast.Store)
	if !ok {
		return nil
	}
	tags, _ := st.(broadcast.Tags)
	return broadcast.NewService(broadcast.Deps{Store: store, Tags: tags, Live: hub, Logger: slog.New(slog.DiscardHandler),
		API: func(*account.Account) broadcast.WeChat { return f }})
}

// mass is the fake WeChat behind the app's broadcast service.
func (a *testApp) mass() *fakeMass {
	testMassMu.Lock()
	defer testMassMu.Unlock()
	return testMass[a.DB]
}

// textDraft is a compose form for a text broadcast to everyone.
func textDraft(title, text string) url.Values {
	return url.Values{"title": {title}, "kind": {"text"}, "text": {text}, "audience": {"all"}, "then": {"draft"}}
}

// composeBroadcast saves a draft through the form and returns its page's path.
func composeBroadcast(t *testing.T, app *testApp, c *client, form url.Values) string {
	t.Helper()
	form.Set("csrf", c.csrf)
	var hdr http.Header
	status, body := c.doHeader("POST", app.path("/broadcasts"), form, nil, &hdr)
	if status != http.StatusSeeOther {
		t.Fatalf("create broadcast: status %d; %s", status, alertOf(body))
	}
	return hdr.Get("Location")
}

// broadcastAudited reports whether the audit log holds an entry action.
func broadcastAudited(t *testing.T, app *testApp, action string) bool {
	t.Helper()
	entries, err := app.DB.ListAudit(context.Background(), user.AuditFilter{AccountID: app.Account.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Action == action {
			return true
		}
	}
	return false
}

// alertOf is the error alert of a page, for failure messages.
func alertOf(body string) string {
	i := strings.Index(body, `id="broadcast-error"`)
	if i < 0 {
		return "(no error alert)"
	}
	return body[i:min(len(body), i+300)]
}
