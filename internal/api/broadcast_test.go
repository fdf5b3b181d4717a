package api

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

const broadcasts = "/api/v1/accounts/{a}/broadcasts"

const textBody = `{"title":"周末活动","kind":"text","text":"周六晚上 8 点烟花秀","audience":{"kind":"all"}}`

// fakeWeChat accepts every mass send and records previews.
type fakeWeChat struct {
	mu       sync.Mutex
	previews []string
	next     int64
}

func (f *fakeWeChat) SendAll(context.Context, int64, wxclient.MassContent, string) (wxclient.MassResult, error) {
	return f.result(), nil
}

func (f *fakeWeChat) SendMass(context.Context, []string, wxclient.MassContent, string) (wxclient.MassResult, error) {
	return f.result(), nil
}

func (f *fakeWeChat) Preview(_ context.Context, openID, _ string, _ wxclient.MassContent) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.previews = append(f.previews, openID)
	return 1, nil
}

func (f *fakeWeChat) SendTemplate(context.Context, wxclient.TemplateMessage) (int64, error) {
	return f.result().MsgID, nil
}

func (f *fakeWeChat) CreateTag(context.Context, string) (int64, error)   { return 100, nil }
func (f *fakeWeChat) ListTags(context.Context) ([]wxclient.WxTag, error) { return nil, nil }
func (f *fakeWeChat) DeleteTag(context.Context, int64) error             { return nil }
func (f *fakeWeChat) TagFollowers(context.Context, int64, []string) error {
	return nil
}

func (f *fakeWeChat) result() wxclient.MassResult {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next++
	return wxclient.MassResult{MsgID: f.next}
}

// fakeWeChats maps a harness's store to the fake WeChat behind its
// broadcast service, so scenarios can check what was sent.
var fakeWeChats sync.Map

// previewsOf lists the openids the harness's fake WeChat got previews for.
func previewsOf(h *harness) []string {
	f, ok := fakeWeChats.Load(h.db)
	if !ok {
		return nil
	}
	wx := f.(*fakeWeChat)
	wx.mu.Lock()
	defer wx.mu.Unlock()
	return append([]string(nil), wx.previews...)
}

// testBroadcasts builds the broadcast service on the harness's store (nil
// while the store does not keep broadcasts).
func testBroadcasts(db *sqlstore.DB, now func() time.Time) *broadcast.Service {
	var st any = db
	store, ok := st.(broadcast.Store)
	if !ok {
		return nil
	}
	tags, _ := st.(broadcast.Tags)
	wx := &fakeWeChat{}
	fakeWeChats.Store(db, wx)
	return broadcast.NewService(broadcast.Deps{Store: store, Tags: tags, Now: now, Logger: quiet,
		API: func(*account.Account) broadcast.WeChat { return wx }})
}

// seedBroadcasts stores two drafts on account a (ids 1 and 2) and one on
// account b (id 3).
func seedBroadcasts(h *harness) {
	h.t.Helper()
	for i, acct := range []int64{h.a.ID, h.a.ID, h.b.ID} {
		d := broadcast.Draft{Title: []string{"第一次", "第二次", "别人的"}[i], Kind: broadcast.KindText, Text: "你好",
			Audience: broadcast.Audience{Kind: broadcast.AudienceAll}}
		if _, err := h.api.Broadcasts.Create(h.t.Context(), acct, 0, d); err != nil {
			h.t.Fatalf("seed broadcast: %v", err)
		}
	}
}

// scheduleLater schedules broadcast 1 two days from now.
func scheduleLater(h *harness) {
	h.t.Helper()
	seedBroadcasts(h)
	if err := h.api.Broadcasts.Schedule(h.t.Context(), h.a.ID, 1, h.now.Add(48*time.Hour)); err != nil {
		h.t.Fatalf("schedule: %v", err)
	}
}

// sendFirst sends broadcast 1 now (to account a's followers).
func sendFirst(h *harness) {
	h.t.Helper()
	seedBroadcasts(h)
	if err := h.api.Broadcasts.Schedule(h.t.Context(), h.a.ID, 1, time.Time{}); err != nil {
		h.t.Fatalf("schedule: %v", err)
	}
	if err := h.api.Broadcasts.Run(h.t.Context(), h.a.ID, 1); err != nil {
		h.t.Fatalf("send: %v", err)
	}
}

func TestBroadcastScenarios(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "create", method: "POST", path: broadcasts, as: "token:operator", body: textBody, status: 201,
			want: map[string]any{"id": present, "title": "周末活动", "kind": "text", "status": "draft", "audience.kind": "all",
				"created_at": present, "scheduled_at": absent}, audit: "broadcast.create"},
		{name: "create with the session", method: "POST", path: broadcasts, as: "session:operator", body: textBody, status: 201},
		{name: "agent may not create", method: "POST", path: broadcasts, as: "token:agent", body: textBody, status: 403},
		{name: "unknown kind", method: "POST", path: broadcasts, as: "token:operator", status: 400,
			body: `{"title":"t","kind":"video","audience":{"kind":"all"}}`, want: map[string]any{"error.code": "invalid"}},
		{name: "unknown field", method: "POST", path: broadcasts, as: "token:operator", status: 400,
			body: `{"title":"t","kind":"text","text":"x","to":"all"}`},
		{name: "list newest first", method: "GET", path: broadcasts, as: "token:viewer", setup: seedBroadcasts, status: 200,
			want: map[string]any{"#items": 2, "items.0.id": 2, "items.1.title": "第一次", "next": absent}},
		{name: "list paged", method: "GET", path: broadcasts + "?limit=1", as: "token:viewer", setup: seedBroadcasts, status: 200,
			want: map[string]any{"#items": 1, "items.0.id": 2, "next": encodeCursor(2)}},
		{name: "get", method: "GET", path: broadcasts + "/1", as: "token:viewer", setup: seedBroadcasts, status: 200,
			want: map[string]any{"id": 1, "title": "第一次", "text": "你好", "status": "draft"}},
		{name: "another account's broadcast", method: "GET", path: broadcasts + "/3", as: "token:owner", setup: seedBroadcasts,
			status: 404, want: map[string]any{"error.code": "not_found"}},
		{name: "outsider", method: "GET", path: broadcasts, as: "token:outsider", status: 403},
		{name: "patch keeps what the body leaves out", method: "PATCH", path: broadcasts + "/1", as: "token:operator",
			setup: seedBroadcasts, body: `{"title":"改过的"}`, status: 200,
			want: map[string]any{"id": 1, "title": "改过的", "text": "你好", "kind": "text"}, audit: "broadcast.update"},
		{name: "viewer may not patch", method: "PATCH", path: broadcasts + "/1", as: "token:viewer", setup: seedBroadcasts,
			body: `{"title":"x"}`, status: 403},
	})
}

func TestBroadcastActionScenarios(t *testing.T) {
	later := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
	runScenarios(t, []scenario{
		{name: "check", method: "POST", path: broadcasts + "/check", as: "token:operator", body: textBody, status: 200,
			want: map[string]any{"audience_size": present, "quota_limit": present, "quota_period": present, "blocked": false,
				"peak_hours": present, "recently_contacted": present, "over_cap": present}},
		{name: "check needs operator", method: "POST", path: broadcasts + "/check", as: "token:viewer", body: textBody, status: 403},
		{name: "preview to typed followers", method: "POST", path: broadcasts + "/1/preview", as: "token:operator",
			setup: seedBroadcasts, body: `{"openids":["oTest1"]}`, status: 200,
			want: map[string]any{"id": 1, "previewed": true}, audit: "broadcast.preview",
			check: func(t *testing.T, h *harness) {
				if got := previewsOf(h); len(got) != 1 || got[0] != "oTest1" {
					t.Errorf("previews went to %v, want [oTest1]", got)
				}
			}},
		{name: "schedule later", method: "POST", path: broadcasts + "/1/schedule", as: "token:operator", setup: seedBroadcasts,
			body: `{"at":"` + later + `"}`, status: 200, want: map[string]any{"id": 1, "status": "scheduled", "scheduled_at": present},
			audit: "broadcast.schedule"},
		{name: "schedule at a bad time", method: "POST", path: broadcasts + "/1/schedule", as: "token:operator",
			setup: seedBroadcasts, body: `{"at":"tomorrow"}`, status: 400, want: map[string]any{"error.code": "invalid"}},
		{name: "schedule another account's", method: "POST", path: broadcasts + "/3/schedule", as: "token:owner",
			setup: seedBroadcasts, status: 404, want: map[string]any{"error.code": "not_found"}},
		{name: "preview another account's", method: "POST", path: broadcasts + "/3/preview", as: "token:owner",
			setup: seedBroadcasts, body: `{"openids":["oTest1"]}`, status: 404, want: map[string]any{"error.code": "not_found"},
			check: func(t *testing.T, h *harness) {
				if got := previewsOf(h); len(got) != 0 {
					t.Errorf("another account's broadcast was previewed to %v", got)
				}
			}},
		{name: "results of another account's", method: "GET", path: broadcasts + "/3/results", as: "token:owner",
			setup: seedBroadcasts, status: 404, want: map[string]any{"error.code": "not_found"}},
		{name: "cancel", method: "POST", path: broadcasts + "/1/cancel", as: "token:operator", setup: scheduleLater, status: 200,
			want: map[string]any{"id": 1, "status": "cancelled"}, audit: "broadcast.cancel"},
		{name: "results", method: "GET", path: broadcasts + "/1/results", as: "token:viewer", setup: seedBroadcasts, status: 200,
			want: map[string]any{"recipients": 0, "sent_count": 0, "unfollows_24h": 0, "unfollows_72h": 0, "#job_list": 0}},
		{name: "results after sending", method: "GET", path: broadcasts + "/1/results", as: "token:viewer", setup: sendFirst, status: 200,
			want: map[string]any{"recipients": present, "accepted": present, "jobs": 1, "#job_list": 1, "job_list.0.state": "accepted",
				"job_list.0.msg_id": present}},
		{name: "a sent broadcast cannot be cancelled", method: "POST", path: broadcasts + "/1/cancel", as: "token:operator",
			setup: sendFirst, status: 409, want: map[string]any{"error.code": "conflict"}},
		{name: "settings", method: "GET", path: broadcasts + "/settings", as: "token:operator", status: 200,
			want: map[string]any{"daily_cap": present, "recent_hours": present, "preview_openids": present}},
		{name: "viewer may not read settings", method: "GET", path: broadcasts + "/settings", as: "token:viewer", status: 403},
		{name: "save settings", method: "PUT", path: broadcasts + "/settings", as: "token:owner", status: 200,
			body: `{"daily_cap":3,"recent_hours":48,"preview_openids":["oTest1","oTest2"]}`,
			want: map[string]any{"daily_cap": 3, "recent_hours": 48, "#preview_openids": 2}, audit: "broadcast.settings"},
		{name: "operator may not save settings", method: "PUT", path: broadcasts + "/settings", as: "token:operator",
			body: `{"daily_cap":3,"recent_hours":48}`, status: 403},
	})
}

func TestBroadcastsUnavailableWithoutTheService(t *testing.T) {
	h := newHarness(t)
	d := h.deps()
	d.Broadcasts = nil
	h.api = New(d)
	h.mux = http.NewServeMux()
	h.api.Register(h.mux)
	w := h.request("GET", "/api/v1/accounts/"+h.a.AppID+"/broadcasts", "token:viewer", "", "")
	if w.Code != http.StatusServiceUnavailable {
		t.Fatalf("without the service = %d, want 503: %s", w.Code, w.Body.String())
	}
}
