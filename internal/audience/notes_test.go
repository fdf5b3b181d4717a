package audience

import (
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

func TestNewNote(t *testing.T) {
	at := time.Unix(1700000000, 0)
	tests := []struct {
		name     string
		openID   string
		kind     NoteKind
		body     string
		wantBody string
		wantErr  errs.Code
	}{
		{"note", "o1", KindNote, "老客户", "老客户", ""},
		{"feedback trimmed", "o1", KindFeedback, "  投诉：排队太久\n", "投诉：排队太久", ""},
		{"empty", "o1", KindNote, " \n\t", "", errs.Invalid},
		{"unknown kind", "o1", "todo", "x", "", errs.Invalid},
		{"no follower", "", KindNote, "x", "", errs.Invalid},
		{"longest", "o1", KindNote, strings.Repeat("好", MaxNoteRunes), strings.Repeat("好", MaxNoteRunes), ""},
		{"too long", "o1", KindNote, strings.Repeat("好", MaxNoteRunes+1), "", errs.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := NewNote(7, tt.openID, tt.kind, tt.body, 3, at)
			if errs.CodeOf(err) != tt.wantErr {
				t.Fatalf("error %v, want code %q", err, tt.wantErr)
			}
			if err == nil && (n.Body != tt.wantBody || n.AccountID != 7 || n.AuthorID != 3 || !n.CreatedAt.Equal(at)) {
				t.Errorf("note = %+v", n)
			}
		})
	}
}
