package simulator

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDraftAdd feeds arbitrary bodies to the draft/add decoder: it must
// not panic, every refusal must be a known errcode, and what it accepts
// must keep every documented limit.
func FuzzDraftAdd(f *testing.F) {
	for _, s := range []string{
		``, `{}`, `null`, `[]`, `{"articles":null}`, `{"articles":[{}]}`,
		`{"articles":[{"title":"t","content":"c","thumb_media_id":"m"}]}`,
		`{"articles":[{"title":"t","content":"c","thumb_media_id":"m","need_open_comment":3}]}`,
		`{"articles":[{"article_type":"newspic","title":"t"}]}`,
		`{"articles":[{"title":"` + strings.Repeat("字", 33) + `","content":"c","thumb_media_id":"m"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		arts, code := decodeDraft(strings.NewReader(string(body)))
		if code != 0 {
			if _, ok := errmsgs[code]; !ok {
				t.Fatalf("unknown errcode %d for %q", code, body)
			}
			return
		}
		if len(arts) == 0 || len(arts) > draftMaxArticles {
			t.Fatalf("accepted %d articles", len(arts))
		}
		for _, a := range arts {
			if a.Title == "" || a.Content == "" || a.ThumbMediaID == "" || utf8.RuneCountInString(a.Title) > draftTitleRunes ||
				utf8.RuneCountInString(a.Author) > draftAuthorRunes || utf8.RuneCountInString(a.Digest) > draftDigestRunes {
				t.Fatalf("accepted an article over the limits: %+v", a)
			}
		}
	})
}
