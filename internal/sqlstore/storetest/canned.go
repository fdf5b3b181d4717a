package storetest

import (
	"slices"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox/canned"
)

// testCanned creates, searches, updates and deletes canned replies: one
// shortcut per account, another account's replies out of reach.
func testCanned(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_canned").ID
	other := mustAccount(t, s, "wx_canned_other").ID
	mk := func(acct int64, shortcut, title, content string) *canned.Reply {
		t.Helper()
		r := &canned.Reply{AccountID: acct, Shortcut: shortcut, Title: title, Content: content, CreatedAt: base}
		if err := s.CreateCanned(ctx(t), r); err != nil || r.ID == 0 {
			t.Fatalf("CreateCanned(%s): id %d, %v", shortcut, r.ID, err)
		}
		return r
	}
	refund := mk(acct, "/refund", "退款流程", "请在订单页点击申请退款，3 个工作日内原路退回。")
	hours := mk(acct, "/hours", "营业时间", "每天 9:00–21:00，节假日照常营业（Refund 不受影响）。")
	ref := mk(acct, "/ref", "推荐有礼", "邀请好友关注即得优惠券 50%_OFF。")
	mk(other, "/refund", "another account", "x")

	t.Run("shortcut taken", func(t *testing.T) {
		err := s.CreateCanned(ctx(t), &canned.Reply{AccountID: acct, Shortcut: "/refund", Title: "t", Content: "c"})
		wantCode(t, "duplicate shortcut", err, errs.Conflict)
	})
	t.Run("unknown account", func(t *testing.T) {
		err := s.CreateCanned(ctx(t), &canned.Reply{AccountID: 999999, Shortcut: "/x", Title: "t", Content: "c"})
		wantCode(t, "unknown account", err, errs.NotFound)
	})
	t.Run("search", func(t *testing.T) { testCannedSearch(t, s, acct, refund, hours, ref) })
	t.Run("get", func(t *testing.T) {
		got, err := s.CannedReply(ctx(t), acct, hours.ID)
		if err != nil || got.Content != hours.Content || got.Title != hours.Title || !got.CreatedAt.Equal(base) {
			t.Errorf("CannedReply = %+v, %v; want %+v", got, err, hours)
		}
		_, err = s.CannedReply(ctx(t), other, hours.ID)
		wantCode(t, "CannedReply of another account", err, errs.NotFound)
	})
	t.Run("update and delete", func(t *testing.T) { testCannedChange(t, s, acct, other, refund, hours) })
}

func testCannedSearch(t *testing.T, s Store, acct int64, refund, hours, ref *canned.Reply) {
	tests := []struct {
		q    string
		want []int64
	}{
		{"", []int64{hours.ID, ref.ID, refund.ID}},
		{"/ref", []int64{ref.ID, refund.ID}},
		{"ref", []int64{ref.ID, refund.ID, hours.ID}}, // shortcut prefixes first, then "Refund" in content
		{"REFUND", []int64{refund.ID, hours.ID}},
		{"营业", []int64{hours.ID}},
		{"原路退回", []int64{refund.ID}},
		{"%_", []int64{ref.ID}}, // LIKE wildcards match only themselves
		{"nothing", nil},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			got, err := s.ListCanned(ctx(t), acct, tt.q, 0)
			if err != nil {
				t.Fatalf("ListCanned: %v", err)
			}
			if ids := cannedIDs(got); !slices.Equal(ids, tt.want) {
				t.Errorf("ListCanned(%q) = %v, want %v", tt.q, ids, tt.want)
			}
		})
	}
	if got, _ := s.ListCanned(ctx(t), acct, "", 2); len(got) != 2 {
		t.Errorf("limit 2 gave %d replies", len(got))
	}
}

func testCannedChange(t *testing.T, s Store, acct, other int64, refund, hours *canned.Reply) {
	upd := *refund
	upd.Shortcut, upd.Title, upd.Content = "/退款", "退款", "新的退款说明"
	if err := s.UpdateCanned(ctx(t), &upd); err != nil {
		t.Fatalf("UpdateCanned: %v", err)
	}
	if got, _ := s.CannedReply(ctx(t), acct, refund.ID); got == nil || got.Shortcut != "/退款" || got.Content != "新的退款说明" {
		t.Errorf("after update: %+v", got)
	}
	clash := *hours
	clash.Shortcut = "/退款"
	wantCode(t, "update to a taken shortcut", s.UpdateCanned(ctx(t), &clash), errs.Conflict)
	foreign := upd
	foreign.AccountID = other
	wantCode(t, "update of another account's reply", s.UpdateCanned(ctx(t), &foreign), errs.NotFound)
	wantCode(t, "delete of another account's reply", s.DeleteCanned(ctx(t), other, refund.ID), errs.NotFound)
	if err := s.DeleteCanned(ctx(t), acct, refund.ID); err != nil {
		t.Fatalf("DeleteCanned: %v", err)
	}
	wantCode(t, "delete twice", s.DeleteCanned(ctx(t), acct, refund.ID), errs.NotFound)
	if got, _ := s.ListCanned(ctx(t), acct, "退款", 0); len(got) != 0 {
		t.Errorf("deleted reply still listed: %+v", got)
	}
}

func cannedIDs(rs []canned.Reply) []int64 {
	var ids []int64
	for _, r := range rs {
		ids = append(ids, r.ID)
	}
	return ids
}
