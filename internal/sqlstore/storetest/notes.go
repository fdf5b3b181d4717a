package storetest

import (
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
)

// testNotes keeps notes and feedback on followers: newest first, with the
// author's name, scoped to one follower of one account, and deletable only
// by their author.
func testNotes(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_notes").ID
	other := mustAccount(t, s, "wx_notes_other").ID
	wang, li := mustUser(t, s, "wang"), mustUser(t, s, "li")
	add := func(acct int64, openID string, kind audience.NoteKind, body string, author int64, min int) *audience.Note {
		t.Helper()
		n, err := audience.NewNote(acct, openID, kind, body, author, base.Add(time.Duration(min)*time.Minute))
		if err != nil {
			t.Fatalf("NewNote: %v", err)
		}
		if err := s.AddNote(ctx(t), n); err != nil || n.ID == 0 {
			t.Fatalf("AddNote: id %d, %v", n.ID, err)
		}
		return n
	}
	first := add(acct, "o_fan", audience.KindNote, "老客户，买过年卡", wang.ID, 1)
	fb := add(acct, "o_fan", audience.KindFeedback, "  投诉：排队太久  ", li.ID, 2)
	sys := add(acct, "o_fan", audience.KindNote, "imported", 0, 3)
	add(acct, "o_other", audience.KindNote, "another follower", wang.ID, 4)
	add(other, "o_fan", audience.KindNote, "another account", wang.ID, 5)

	got, err := s.FollowerNotes(ctx(t), acct, "o_fan", 0)
	if err != nil {
		t.Fatalf("FollowerNotes: %v", err)
	}
	want := []audience.Note{
		{ID: sys.ID, AccountID: acct, OpenID: "o_fan", Kind: audience.KindNote, Body: "imported", CreatedAt: base.Add(3 * time.Minute)},
		{ID: fb.ID, AccountID: acct, OpenID: "o_fan", Kind: audience.KindFeedback, Body: "投诉：排队太久", AuthorID: li.ID,
			AuthorName: li.Name, CreatedAt: base.Add(2 * time.Minute)},
		{ID: first.ID, AccountID: acct, OpenID: "o_fan", Kind: audience.KindNote, Body: "老客户，买过年卡", AuthorID: wang.ID,
			AuthorName: wang.Name, CreatedAt: base.Add(time.Minute)},
	}
	checkNotes(t, got, want)
	if got, _ := s.FollowerNotes(ctx(t), acct, "o_fan", 1); len(got) != 1 || got[0].ID != sys.ID {
		t.Errorf("FollowerNotes limit 1 = %+v, want the newest", got)
	}
	t.Run("delete", func(t *testing.T) { testNoteDelete(t, s, acct, other, first, fb) })
	t.Run("unknown account", func(t *testing.T) {
		err := s.AddNote(ctx(t), &audience.Note{AccountID: 999999, OpenID: "o", Kind: audience.KindNote, Body: "x"})
		wantCode(t, "AddNote on unknown account", err, errs.NotFound)
	})
}

func testNoteDelete(t *testing.T, s Store, acct, other int64, wangs, lis *audience.Note) {
	tests := []struct {
		name            string
		acct, id, actor int64
		want            errs.Code
	}{
		{"someone else's note", acct, lis.ID, wangs.AuthorID, errs.Forbidden},
		{"from another account", other, wangs.ID, wangs.AuthorID, errs.NotFound},
		{"unknown note", acct, 999999, wangs.AuthorID, errs.NotFound},
		{"own note", acct, wangs.ID, wangs.AuthorID, ""},
		{"already deleted", acct, wangs.ID, wangs.AuthorID, errs.NotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, "DeleteNote", s.DeleteNote(ctx(t), tt.acct, tt.id, tt.actor), tt.want)
		})
	}
	got, err := s.FollowerNotes(ctx(t), acct, "o_fan", 0)
	if err != nil || len(got) != 2 || got[1].ID != lis.ID {
		t.Errorf("after delete: %+v, %v; want li's note and the system's", got, err)
	}
}

func checkNotes(t *testing.T, got, want []audience.Note) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d notes %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if !got[i].CreatedAt.Equal(want[i].CreatedAt) {
			t.Errorf("note %d CreatedAt %v, want %v", i, got[i].CreatedAt, want[i].CreatedAt)
		}
		got[i].CreatedAt = want[i].CreatedAt
		if got[i] != want[i] {
			t.Errorf("note %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
