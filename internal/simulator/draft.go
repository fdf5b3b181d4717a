package simulator

import (
	"io"
	"net/http"
	"time"
	"unicode/utf8"
)

// Limits of draft/add (api_draft_add): title ≤ 32 characters, author ≤ 16,
// digest ≤ 128, content under 20,000 characters and 1 MB, source URL ≤ 1 KB;
// 1–8 articles like the mpnews message it becomes.
const (
	draftMaxArticles = 8
	draftTitleRunes  = 32
	draftAuthorRunes = 16
	draftDigestRunes = 128
	draftContentMax  = 20000 // characters; the content must stay below
	draftContentSize = 1 << 20
	draftURLBytes    = 1024
	maxDraftBody     = draftMaxArticles*draftContentSize + 64<<10
)

// DraftArticle is one article of a draft as draft/add received it.
type DraftArticle struct {
	ArticleType        string `json:"article_type,omitempty"`
	Title              string `json:"title"`
	Author             string `json:"author"`
	Digest             string `json:"digest"`
	Content            string `json:"content"`
	ContentSourceURL   string `json:"content_source_url"`
	ThumbMediaID       string `json:"thumb_media_id"`
	NeedOpenComment    int    `json:"need_open_comment"`
	OnlyFansCanComment int    `json:"only_fans_can_comment"`
}

// Draft is one entry of an account's draft box (草稿箱).
type Draft struct {
	MediaID  string         `json:"media_id"`
	Articles []DraftArticle `json:"articles"`
	At       time.Time      `json:"at"`
}

type draftBody struct {
	Articles []DraftArticle `json:"articles"`
}

// handleDraftAdd serves POST /cgi-bin/draft/add.
func (p *Platform) handleDraftAdd(w http.ResponseWriter, r *http.Request, a *account) {
	arts, code := decodeDraft(r.Body)
	if code != 0 {
		p.fail(w, r, a, code, "")
		return
	}
	d, code := a.addDraft(arts, p.opts.Now())
	if code != 0 {
		p.fail(w, r, a, code, "")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"media_id": d.MediaID, "item": []any{}})
}

// decodeDraft parses and checks a draft/add body without the account:
// 44002 empty, 47001 not an object, 44003 no articles, 45008 over 8, then
// the checks of each article.
func decodeDraft(body io.Reader) ([]DraftArticle, int) {
	var req draftBody
	if _, code := readJSONObject(body, &req); code != 0 {
		return nil, code
	}
	switch {
	case len(req.Articles) == 0:
		return nil, ErrEmptyNews
	case len(req.Articles) > draftMaxArticles:
		return nil, ErrArticleLimit
	}
	for _, art := range req.Articles {
		if code := art.code(); code != 0 {
			return nil, code
		}
	}
	return req.Articles, 0
}

// code checks one article's fields (not its thumb_media_id, which needs
// the account).
func (d *DraftArticle) code() int {
	switch {
	case d.ArticleType != "" && d.ArticleType != "news":
		return ErrDataFormat // newspic drafts are not simulated
	case d.Title == "":
		return ErrEmptyNews
	case utf8.RuneCountInString(d.Title) > draftTitleRunes:
		return ErrTitleSize
	case utf8.RuneCountInString(d.Author) > draftAuthorRunes:
		return ErrAuthorSize
	case utf8.RuneCountInString(d.Digest) > draftDigestRunes:
		return ErrDigestSize
	case d.Content == "":
		return ErrEmptyContent
	case utf8.RuneCountInString(d.Content) >= draftContentMax || len(d.Content) >= draftContentSize:
		return ErrContentSize
	case len(d.ContentSourceURL) > draftURLBytes:
		return ErrURLSize
	case d.ThumbMediaID == "":
		return ErrInvalidMediaID
	case !isFlag(d.NeedOpenComment) || !isFlag(d.OnlyFansCanComment):
		return ErrDataFormat
	}
	return 0
}

func isFlag(n int) bool { return n == 0 || n == 1 }

// addDraft stores the draft once every thumb_media_id names one of the
// account's permanent materials (40007 otherwise).
func (a *account) addDraft(arts []DraftArticle, now time.Time) (*Draft, int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, art := range arts {
		if !a.hasMaterialLocked(art.ThumbMediaID) {
			return nil, ErrInvalidMediaID
		}
	}
	d := &Draft{MediaID: newMediaID(), Articles: arts, At: now}
	if a.media.drafts == nil {
		a.media.drafts = map[string]*Draft{}
	}
	a.media.drafts[d.MediaID] = d
	a.media.draftSeq = append(a.media.draftSeq, d.MediaID)
	return d, 0
}

// mpnewsCode is 40007 when an mpnews mass send names a media_id that is
// not in the account's draft box. An account that never saved a draft
// accepts any media_id, so scripted demos and tests written before
// draft/add existed keep working.
func (a *account) mpnewsCode(req *massRequest) int {
	if req.MsgType != mpnewsMsgType || req.MPNews == nil {
		return 0
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.media.drafts) == 0 {
		return 0
	}
	if _, ok := a.media.drafts[req.MPNews.MediaID]; !ok {
		return ErrInvalidMediaID
	}
	return 0
}

// refuseMPNews answers 40007 and reports true when mpnewsCode refuses req.
func (p *Platform) refuseMPNews(w http.ResponseWriter, r *http.Request, a *account, req *massRequest) bool {
	code := a.mpnewsCode(req)
	if code != 0 {
		p.fail(w, r, a, code, "")
	}
	return code != 0
}

// handleSimDrafts serves GET /sim/drafts?appid=: the account's draft box
// and permanent images, oldest first, for demos and tests.
func (p *Platform) handleSimDrafts(w http.ResponseWriter, r *http.Request) {
	a, ok := p.simAccount(w, r)
	if !ok {
		return
	}
	drafts, mats := a.mediaCopy()
	writeJSON(w, http.StatusOK, map[string]any{"appid": r.URL.Query().Get("appid"), "drafts": drafts, "materials": mats})
}

// mediaCopy snapshots the draft box and the material library.
func (a *account) mediaCopy() ([]Draft, []Material) {
	a.mu.Lock()
	defer a.mu.Unlock()
	drafts := make([]Draft, 0, len(a.media.draftSeq))
	for _, id := range a.media.draftSeq {
		d := *a.media.drafts[id]
		d.Articles = append([]DraftArticle(nil), d.Articles...)
		drafts = append(drafts, d)
	}
	mats := make([]Material, 0, len(a.media.matOrder))
	for _, id := range a.media.matOrder {
		mats = append(mats, *a.media.materials[id])
	}
	return drafts, mats
}

// Drafts returns the account's draft box and permanent images, oldest
// first, so tests can check what a client stored.
func (p *Platform) Drafts(appid string) ([]Draft, []Material, error) {
	a, err := p.lookup(appid)
	if err != nil {
		return nil, nil, err
	}
	drafts, mats := a.mediaCopy()
	return drafts, mats, nil
}
