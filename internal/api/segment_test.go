package api

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/segment"
)

const segments = "/api/v1/accounts/{a}/segments"

// seedSegment saves segment 1 of account a: the followers from the
// "spring" QR code (fan1 only).
func seedSegment(h *harness) {
	h.t.Helper()
	s := &segment.Segment{AccountID: h.a.ID, Name: "春季扫码", Filter: segment.Filter{QRScenes: []string{"spring"}}}
	if err := segment.NewService(h.db, nil).Create(h.t.Context(), s); err != nil {
		h.t.Fatalf("seed segment: %v", err)
	}
}

func TestSegmentScenarios(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "create", method: "POST", path: segments, as: "token:operator", status: 201,
			body: `{"name":"春季扫码","filter":{"qr_scenes":["spring"," spring "]}}`,
			want: map[string]any{"id": present, "name": "春季扫码", "count": 1, "filter.status": "subscribed",
				"#filter.qr_scenes": 1, "created_at": present}, audit: "segment.create"},
		{name: "viewer may not create", method: "POST", path: segments, as: "token:viewer", status: 403,
			body: `{"name":"x","filter":{}}`},
		{name: "duplicate name", method: "POST", path: segments, as: "token:operator", setup: seedSegment, status: 409,
			body: `{"name":"春季扫码","filter":{}}`, want: map[string]any{"error.code": "conflict"}},
		{name: "bad filter", method: "POST", path: segments, as: "token:operator", status: 400,
			body: `{"name":"x","filter":{"active_within_days":7,"inactive_days":30}}`,
			want: map[string]any{"error.message": "choose one kind of last-interaction condition (最近互动条件只能选择一种)"}},
		{name: "misspelt field", method: "POST", path: segments + "/count", as: "token:viewer", status: 400,
			body: `{"tag_any":[1]}`},
		{name: "count", method: "POST", path: segments + "/count", as: "token:viewer", status: 200,
			body: `{"status":"any"}`, want: map[string]any{"count": 4, "filter.status": "any"}},
		{name: "count by interactions", method: "POST", path: segments + "/count", as: "token:viewer", status: 200,
			body: `{"min_interactions":3}`, want: map[string]any{"count": 1}},
		{name: "list", method: "GET", path: segments, as: "token:viewer", setup: seedSegment, status: 200,
			want: map[string]any{"#items": 1, "items.0.name": "春季扫码", "items.0.count": 1}},
		{name: "rename", method: "PATCH", path: segments + "/1", as: "token:operator", setup: seedSegment, status: 200,
			body: `{"name":"扫码粉丝"}`, want: map[string]any{"name": "扫码粉丝", "count": 1, "#filter.qr_scenes": 1},
			audit: "segment.update"},
		{name: "another account's segment", method: "GET", path: "/api/v1/accounts/{b}/segments/1", as: "token:owner",
			setup: seedSegment, status: 404},
		{name: "delete", method: "DELETE", path: segments + "/1", as: "token:operator", setup: seedSegment, status: 200,
			want: map[string]any{"name": "春季扫码"}, audit: "segment.delete"},
		{name: "viewer may not export", method: "GET", path: segments + "/1/export", as: "token:viewer", setup: seedSegment,
			status: 403},
	})
}

// TestSegmentExport: the CSV is UTF-8 with a BOM, one row per follower,
// and the export is audited.
func TestSegmentExport(t *testing.T) {
	h := newHarness(t)
	seedSegment(h)
	w := h.request("GET", "/api/v1/accounts/"+h.a.AppID+"/segments/1/export", "token:operator", "", "")
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.Contains(w.Header().Get("Content-Disposition"), "attachment") {
		t.Fatalf("export = %d %v", w.Code, w.Header())
	}
	body := w.Body.String()
	if !strings.HasPrefix(body, "\ufeff") {
		t.Errorf("no byte order mark: %.30q", body)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][0] != fan1 || rows[1][8] != "spring" {
		t.Errorf("rows = %q, %v", rows, err)
	}
	if !h.audited(h.a.ID, "segment.export") {
		t.Error("the export is not in the audit log")
	}
}

// TestSegmentExportRefused: a saved filter that no longer holds (its tag
// was deleted) is answered as a JSON error, with no CSV headers and no
// audit entry for an export that did not happen.
func TestSegmentExportRefused(t *testing.T) {
	h := newHarness(t)
	tag, err := h.db.CreateTag(t.Context(), h.a.ID, "临时", 0)
	if err != nil {
		t.Fatal(err)
	}
	s := &segment.Segment{AccountID: h.a.ID, Name: "临时标签", Filter: segment.Filter{TagsAny: []int64{tag.ID}}}
	if err := segment.NewService(h.db, nil).Create(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	if err := h.db.DeleteTag(t.Context(), h.a.ID, tag.ID); err != nil {
		t.Fatal(err)
	}
	w := h.request("GET", fmt.Sprintf("/api/v1/accounts/%s/segments/%d/export", h.a.AppID, s.ID), "token:operator", "", "")
	if w.Code != http.StatusBadRequest || w.Header().Get("Content-Disposition") != "" ||
		!strings.Contains(w.Body.String(), `"invalid"`) {
		t.Errorf("export = %d %v %.120s", w.Code, w.Header(), w.Body.String())
	}
	if h.audited(h.a.ID, "segment.export") {
		t.Error("a refused export is in the audit log")
	}
}
