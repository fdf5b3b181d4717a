package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/segment"
	"github.com/fanbase/fanbase/internal/user"
)

// segFixture: four followers, three following; two tagged VIP, one of
// them from the poster QR code and chatty.
func segFixture(t *testing.T) (*testApp, int64) {
	app := newTestApp(t)
	app.cfEvent("oA", "subscribe", "qrscene_poster", 1)
	app.cfEvent("oB", "subscribe", "", 2)
	app.cfEvent("oC", "subscribe", "qrscene_poster", 3)
	app.cfEvent("oD", "subscribe", "", 4)
	app.cfEvent("oD", "unsubscribe", "", 5)
	app.cfText("oA", "你好", 1, 10)
	app.cfText("oA", "在吗", 2, 11)
	var vip int64
	for _, o := range []string{"oA", "oB"} {
		tag, err := app.DB.TagFollower(context.Background(), app.Account.ID, o, "VIP会员")
		if err != nil {
			t.Fatal(err)
		}
		vip = tag.ID
	}
	app.addUser("op", user.Operator, app.Account.ID)
	app.addUser("view", user.Viewer, app.Account.ID)
	return app, vip
}

// TestSegmentBuilder: the live count answers each filter (and a refused
// one with its bilingual reason); saving shows the segment with its count,
// the list counts it, and the CSV holds exactly its followers.
func TestSegmentBuilder(t *testing.T) {
	app, vip := segFixture(t)
	op := app.login("op")
	base := "/a/" + app.Account.AppID + "/segments"
	status, body := op.get(base + "/new")
	wantPage(t, "new builder", status, body, http.StatusOK, `id="segment-form"`, "VIP会员", "poster", `data-count="3"`)
	tests := []struct {
		name string
		form url.Values
		want string
	}{
		{"tag", url.Values{"tags_any": {fmt.Sprint(vip)}}, `data-count="2"`},
		{"tag and scene", url.Values{"tags_any": {fmt.Sprint(vip)}, "qr_scenes": {"poster"}}, `data-count="1"`},
		{"any status", url.Values{"status": {"any"}}, `data-count="4"`},
		{"min interactions", url.Values{"min_interactions": {"2"}}, `data-count="1"`},
		{"bad number", url.Values{"min_interactions": {"many"}}, "互动次数须为整数"},
		{"reversed dates", url.Values{"followed_from": {"2024-05-02"}, "followed_to": {"2024-05-01"}}, "关注日期的结束早于开始"},
		{"unknown tag", url.Values{"tags_any": {"999"}}, "标签 999 不存在"},
		{"bad tag", url.Values{"tags_any": {"vip"}}, "标签无效"},
		{"within, no days", url.Values{"activity_mode": {"within"}, "activity_days": {""}}, "请填写天数"},
		{"inactive, zero days", url.Values{"activity_mode": {"inactive"}, "activity_days": {"00"}}, "请填写天数"},
		{"bad days", url.Values{"activity_mode": {"within"}, "activity_days": {"a week"}}, "天数须为整数"},
		{"days of no mode ignored", url.Values{"activity_mode": {""}, "activity_days": {"x"}}, `data-count="3"`},
		{"inactive", url.Values{"activity_mode": {"inactive"}, "activity_days": {"30"}}, `data-count="3"`},
		{"bad max after a bad tag", url.Values{"tags_any": {"x"}, "max_interactions": {"y"}}, "标签无效"},
	}
	for _, tc := range tests {
		status, body, _ := op.htmx("POST", base+"/count", tc.form)
		wantPage(t, tc.name, status, body, http.StatusOK, tc.want)
	}
	status, body = op.post(base, url.Values{"name": {"老会员"}, "tags_any": {fmt.Sprint(vip)}})
	wantPage(t, "create", status, body, http.StatusSeeOther)
	segs, err := segment.NewService(app.DB, nil).List(context.Background(), app.Account.ID)
	if err != nil || len(segs) != 1 {
		t.Fatalf("segments = %+v, %v", segs, err)
	}
	status, body = op.get(fmt.Sprintf("%s/%d", base, segs[0].ID))
	wantPage(t, "show", status, body, http.StatusOK, "老会员", `data-count="2"`, `id="segment-export"`, `data-openid="oA"`)
	status, body = op.post(base, url.Values{"name": {"老会员"}})
	wantPage(t, "duplicate name", status, body, http.StatusBadRequest, "已有同名分组")
	status, body = op.get(base)
	wantPage(t, "list", status, body, http.StatusOK, "老会员", `<td class="num segment-count">2</td>`)
	status, body = op.get(fmt.Sprintf("%s/%d/export", base, segs[0].ID))
	if status != http.StatusOK || !strings.HasPrefix(body, "\ufeff") {
		t.Fatalf("export = %d %.60q", status, body)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][0] != "openid" || rows[1][0] != "oA" || rows[2][0] != "oB" ||
		rows[1][6] != "3" || rows[1][7] != "VIP会员" || rows[1][8] != "poster" {
		t.Errorf("export rows = %q, %v", rows, err)
	}
	exports := func() int {
		es, err := app.DB.ListAudit(context.Background(), user.AuditFilter{AccountID: app.Account.ID, Action: "segment.export"})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			if e.Target != fmt.Sprintf("segment:%d", segs[0].ID) || e.UserName != "op" {
				t.Errorf("export audit = %+v", e)
			}
		}
		return len(es)
	}
	if n := exports(); n != 1 {
		t.Errorf("%d export audit entries, want 1", n)
	}
	if err := app.DB.DeleteTag(context.Background(), app.Account.ID, vip); err != nil {
		t.Fatal(err)
	}
	status, body = op.get(fmt.Sprintf("%s/%d/export", base, segs[0].ID))
	if status != http.StatusBadRequest || strings.HasPrefix(body, "\ufeff") || !strings.Contains(body, "不存在") {
		t.Errorf("export with a deleted tag = %d %.80q, want a 400 page", status, body)
	}
	if n := exports(); n != 1 {
		t.Errorf("a refused export was audited (%d entries)", n)
	}
	status, body = op.get(base)
	wantPage(t, "list with a broken segment", status, body, http.StatusOK,
		`<td class="num segment-count"><span class="err" title="tag `+fmt.Sprint(vip))
}

// TestSegmentPermissions: viewers count but neither see followers nor
// save or export.
func TestSegmentPermissions(t *testing.T) {
	app, vip := segFixture(t)
	view := app.login("view")
	base := "/a/" + app.Account.AppID + "/segments"
	status, body, _ := view.htmx("POST", base+"/count", url.Values{"tags_any": {fmt.Sprint(vip)}})
	wantPage(t, "viewer count", status, body, http.StatusOK, `data-count="2"`)
	if strings.Contains(body, "segment-member") {
		t.Error("a viewer sees matching followers")
	}
	status, _ = view.post(base, url.Values{"name": {"x"}})
	if status != http.StatusForbidden {
		t.Errorf("viewer create = %d, want 403", status)
	}
	status, _ = view.get(base + "/1/export")
	if status != http.StatusForbidden {
		t.Errorf("viewer export = %d, want 403", status)
	}
}
