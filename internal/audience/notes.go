package audience

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fanbase/fanbase/internal/errs"
)

// NoteKind tells a private remark from a feedback record. Feedback is what
// the follower reported (a complaint, a suggestion) and is shown apart, so
// that it can be followed up and counted.
type NoteKind string

// The kinds of note agents keep on a follower.
const (
	KindNote     NoteKind = "note"
	KindFeedback NoteKind = "feedback"
)

// MaxNoteRunes bounds a note's body: a note is a remark, not a document.
const MaxNoteRunes = 2000

// Note is a remark or feedback record an agent keeps on a follower.
type Note struct {
	ID         int64
	AccountID  int64
	OpenID     string
	Kind       NoteKind
	Body       string
	AuthorID   int64  // 0: the system
	AuthorName string // filled in by listings, for display
	CreatedAt  time.Time
}

// NoteStore keeps the notes of followers.
type NoteStore interface {
	// AddNote stores n and sets n.ID.
	AddNote(ctx context.Context, n *Note) error
	// FollowerNotes lists a follower's notes, newest first.
	FollowerNotes(ctx context.Context, accountID int64, openID string, limit int) ([]Note, error)
	// DeleteNote removes a note of the account written by authorID:
	// errs.NotFound when there is none, errs.Forbidden when someone else wrote it.
	DeleteNote(ctx context.Context, accountID, id, authorID int64) error
}

// NewNote builds a note from a form: it trims the body and checks the kind
// and length, so that stores only ever see valid notes.
func NewNote(accountID int64, openID string, kind NoteKind, body string, authorID int64, at time.Time) (*Note, error) {
	n := &Note{AccountID: accountID, OpenID: openID, Kind: kind, Body: strings.TrimSpace(body),
		AuthorID: authorID, CreatedAt: at}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	return n, nil
}

// Validate reports what makes a note unfit to store, in words for the user.
func (n *Note) Validate() error {
	switch {
	case n.Kind != KindNote && n.Kind != KindFeedback:
		return errs.Errorf(errs.Invalid, "unknown note kind %q (未知的备注类型)", n.Kind)
	case n.OpenID == "":
		return errs.Errorf(errs.Invalid, "a note needs a follower (备注必须属于某个粉丝)")
	case strings.TrimSpace(n.Body) == "":
		return errs.Errorf(errs.Invalid, "the note is empty (内容不能为空)")
	case utf8.RuneCountInString(n.Body) > MaxNoteRunes:
		return errs.Errorf(errs.Invalid, "the note is longer than %d characters (内容不能超过 %d 个字)",
			MaxNoteRunes, MaxNoteRunes)
	}
	return nil
}
