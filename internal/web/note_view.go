package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/fanbase/fanbase/internal/audience"
)

// notesView is the notes block of the customer file (an htmx swap target).
type notesView struct {
	AddURL string
	Notes  []noteView
	Kinds  []noteKindOption
}

type noteView struct {
	ID        int64
	Kind      audience.NoteKind
	KindLabel string
	Body      string
	Author    string
	At        string
	DeleteURL string // set on the viewer's own notes
}

type noteKindOption struct {
	Value    audience.NoteKind
	Label    string
	Selected bool
}

// notesOf loads the notes block of a follower for the page's user.
func (h *Handler) notesOf(ctx context.Context, p *Page, openID string) (notesView, error) {
	base := p.URL("/followers/%s/notes", url.PathEscape(openID))
	v := notesView{AddURL: base, Kinds: noteKinds(p, audience.KindNote)}
	notes, err := h.Customers.FollowerNotes(ctx, p.Account.ID, openID, maxNotesShown)
	if err != nil {
		return v, err
	}
	for _, n := range notes {
		nv := noteView{ID: n.ID, Kind: n.Kind, KindLabel: p.T("customers.note_kind." + string(n.Kind)), Body: n.Body,
			Author: n.AuthorName, At: p.Time(n.CreatedAt)}
		if nv.Author == "" {
			nv.Author = p.T("customers.note_system")
		}
		if n.AuthorID == p.User.ID {
			nv.DeleteURL = base + "/" + strconv.FormatInt(n.ID, 10) + "/delete"
		}
		v.Notes = append(v.Notes, nv)
	}
	return v, nil
}

func noteKinds(p *Page, cur audience.NoteKind) []noteKindOption {
	return []noteKindOption{
		{Value: audience.KindNote, Label: p.T("customers.note_kind.note"), Selected: cur != audience.KindFeedback},
		{Value: audience.KindFeedback, Label: p.T("customers.note_kind.feedback"), Selected: cur == audience.KindFeedback},
	}
}

// renderNotes answers a note change: the notes block for htmx, else back
// to the customer file.
func (h *Handler) renderNotes(w http.ResponseWriter, r *http.Request, p *Page, openID string, v notesView) error {
	if r.Header.Get("HX-Request") == "" {
		h.redirect(w, r, p.URL("/followers/%s", url.PathEscape(openID))+"#notes")
		return nil
	}
	return h.partial(w, r, p, "follower_show", "follower_notes", v)
}
