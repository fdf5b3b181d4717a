package api

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience/tagging"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/simulator/simtest"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

const tagsPath = "/api/v1/accounts/{a}/tags"

// simTags points the API's tag service at a simulator holding account a,
// followers f000…f119 and "gone" (unsubscribed), and one tag "VIP" (local
// id 1) on f000 and f001.
func simTags(h *harness) *simulator.Platform {
	h.t.Helper()
	sim, srv := simtest.NewServer(h.t, simulator.Options{Logger: quiet})
	simtest.MustAdd(h.t, sim, simulator.Account{AppID: h.a.AppID, Secret: h.a.Secret, Token: "tok123",
		Mode: simulator.ModePlain, Type: simulator.TypeService, OriginalID: "gh_apitags"})
	for i := range 120 {
		mustSim(h, sim.AddFollower(h.a.AppID, simulator.Follower{OpenID: fmt.Sprintf("f%03d", i), Subscribed: true}))
	}
	mustSim(h, sim.AddFollower(h.a.AppID, simulator.Follower{OpenID: "gone"}))
	client := wxclient.New(wxclient.Options{BaseURL: srv.URL, RatePerSecond: -1, Logger: quiet})
	h.api.Tags = tagging.New(h.db, func(a *account.Account) tagging.API {
		return client.Account(wxclient.Credentials{AppID: a.AppID, Secret: a.Secret, BaseURL: srv.URL})
	}, quiet)
	vip, err := h.api.Tags.Create(h.t.Context(), h.a, "VIP")
	mustSim(h, err)
	_, err = h.api.Tags.Apply(h.t.Context(), h.a, vip.ID, []string{"f000", "f001"}, true)
	mustSim(h, err)
	return sim
}

func mustSim(h *harness, err error) {
	h.t.Helper()
	if err != nil {
		h.t.Fatal(err)
	}
}

func openIDsJSON(from, to int, extra ...string) string {
	var ids []string
	for i := from; i < to; i++ {
		ids = append(ids, fmt.Sprintf("f%03d", i))
	}
	b, _ := json.Marshal(map[string]any{"openids": append(ids, extra...)})
	return string(b)
}

func TestTagScenarios(t *testing.T) {
	setup := func(h *harness) { simTags(h) }
	runScenarios(t, []scenario{
		{name: "list", method: "GET", path: tagsPath, as: "token:viewer", setup: setup, status: 200,
			want: map[string]any{"#items": 1, "items.0.name": "VIP", "items.0.synced": true, "items.0.wx_tag_id": present,
				"items.0.known": 2, "items.0.wx_count": 2, "items.0.wx_count_at": present}},
		{name: "create", method: "POST", path: tagsPath, as: "token:operator", setup: setup, body: `{"name":"老客户"}`, status: 201,
			want: map[string]any{"id": present, "name": "老客户", "synced": true}, audit: "tag.create"},
		{name: "create duplicate", method: "POST", path: tagsPath, as: "token:operator", setup: setup, body: `{"name":"VIP"}`, status: 409,
			want: map[string]any{"error.code": "conflict"}},
		{name: "create too long", method: "POST", path: tagsPath, as: "token:operator", setup: setup,
			body: `{"name":"` + strings.Repeat("长", 11) + `"}`, status: 400, want: map[string]any{"error.code": "invalid"}},
		{name: "viewer may not create", method: "POST", path: tagsPath, as: "token:viewer", setup: setup, body: `{"name":"x"}`, status: 403},
		{name: "rename", method: "PATCH", path: tagsPath + "/1", as: "token:operator", setup: setup, body: `{"name":"贵宾"}`, status: 200,
			want: map[string]any{"id": 1, "name": "贵宾", "known": 2}, audit: "tag.rename"},
		{name: "rename unknown", method: "PATCH", path: tagsPath + "/99", as: "token:operator", setup: setup, body: `{"name":"x"}`, status: 404},
		{name: "delete", method: "DELETE", path: tagsPath + "/1", as: "token:operator", setup: setup, status: 200,
			want: map[string]any{"id": 1, "name": "VIP"}, audit: "tag.delete",
			check: func(t *testing.T, h *harness) {
				if tags, _ := h.db.Tags(t.Context(), h.a.ID); len(tags) != 0 {
					t.Errorf("tags left: %+v", tags)
				}
			}},
		{name: "tag followers", method: "POST", path: tagsPath + "/1/followers", as: "token:operator", setup: setup,
			body: openIDsJSON(0, 120, "gone", "nobody"), status: 200,
			want: map[string]any{"requested": 122, "accepted": 120, "#rejected": 2, "rejected.0.openid": "gone",
				"rejected.0.errcode": 43004, "rejected.1.errcode": 40003, "error": absent},
			audit: "tag.followers.add", check: checkTagMembers(120)},
		{name: "untag followers", method: "DELETE", path: tagsPath + "/1/followers", as: "token:operator", setup: setup,
			body: openIDsJSON(0, 1), status: 200, want: map[string]any{"requested": 1, "accepted": 1, "#rejected": 0},
			audit: "tag.followers.remove", check: checkTagMembers(1)},
		{name: "empty openids", method: "POST", path: tagsPath + "/1/followers", as: "token:operator", setup: setup,
			body: `{"openids":[]}`, status: 400},
		{name: "too many openids", method: "POST", path: tagsPath + "/1/followers", as: "token:operator", setup: setup,
			body: openIDsJSON(0, 10001), status: 400, want: map[string]any{"error.code": "invalid"}},
		{name: "another account's tag", method: "POST", path: "/api/v1/accounts/{b}/tags/1/followers", as: "token:owner",
			setup: setup, body: openIDsJSON(0, 1), status: 404},
		{name: "without the service", method: "GET", path: tagsPath, as: "token:viewer", status: 503},
	})
}

// checkTagMembers checks the local members of tag 1 equal WeChat's.
func checkTagMembers(want int) func(t *testing.T, h *harness) {
	return func(t *testing.T, h *harness) {
		ids, err := h.db.TagFollowerIDs(t.Context(), h.a.ID, 1, "", 1000)
		if err != nil || len(ids) != want {
			t.Fatalf("local members = %d, %v; want %d", len(ids), err, want)
		}
		if slices.Contains(ids, "gone") || slices.Contains(ids, "nobody") {
			t.Errorf("refused followers stored: %v", ids)
		}
	}
}
