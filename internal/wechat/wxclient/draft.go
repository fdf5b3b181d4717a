package wxclient

import (
	"context"
	"fmt"
	"net/http"
	"unicode/utf8"

	"github.com/fanbase/fanbase/internal/errs"
)

const draftAddPath = "/cgi-bin/draft/add"

// Limits of a draft article, from the draft_add reference
// (developers.weixin.qq.com/doc/service/api/draftbox/draftmanage/api_draft_add):
// title "总长度不超过32个字", author "不超过16个字", digest "不超过128个字",
// content "必须少于2万字符，小于1M", content_source_url "不可超过1kb".
// A draft holds 1–8 articles, like the mpnews mass send it feeds.
const (
	MaxDraftArticles     = 8
	MaxDraftTitleRunes   = 32
	MaxDraftAuthorRunes  = 16
	MaxDraftDigestRunes  = 128
	MaxDraftContentRunes = 20000 - 1 // "少于2万字符": tags count too
	MaxDraftContentBytes = 1<<20 - 1 // "小于1M"
	MaxDraftSourceURL    = 1024      // bytes
)

// DraftArticle is one article of a draft (草稿箱), as draft/add takes it.
// ThumbMediaID must be a permanent image material (AddMaterialImage).
// Digest is shown only when the draft holds a single article.
type DraftArticle struct {
	Title              string `json:"title"`
	Author             string `json:"author,omitempty"`
	Digest             string `json:"digest,omitempty"`
	Content            string `json:"content"`
	ContentSourceURL   string `json:"content_source_url,omitempty"`
	ThumbMediaID       string `json:"thumb_media_id"`
	NeedOpenComment    int    `json:"need_open_comment"`
	OnlyFansCanComment int    `json:"only_fans_can_comment"`
}

// AddDraft saves articles as one draft and returns its media_id, which a
// mass send of msgtype mpnews names. The articles are checked against the
// documented limits first, so an operator learns which field of which
// article is wrong. Not retried on transport errors: a lost answer would
// leave a second copy in the account's draft box.
func (a *Account) AddDraft(ctx context.Context, articles []DraftArticle) (string, error) {
	if err := CheckDraft(articles); err != nil {
		return "", err
	}
	var out struct {
		MediaID string `json:"media_id"`
	}
	in := map[string][]DraftArticle{"articles": articles}
	if err := a.call(ctx, http.MethodPost, draftAddPath, nil, in, &out, false); err != nil {
		return "", err
	}
	if out.MediaID == "" {
		return "", fmt.Errorf("wechat %s: answer has no media_id (微信未返回草稿 media_id)", draftAddPath)
	}
	return out.MediaID, nil
}

// CheckDraft checks articles against the limits of draft/add without
// calling WeChat, so callers can refuse a draft before uploading covers.
func CheckDraft(articles []DraftArticle) error {
	if len(articles) == 0 || len(articles) > MaxDraftArticles {
		return errs.Errorf(errs.Invalid, "a draft holds 1 to %d articles, got %d (草稿须包含 1 到 %d 篇文章，当前 %d 篇)",
			MaxDraftArticles, len(articles), MaxDraftArticles, len(articles))
	}
	for i, art := range articles {
		if en, zh := art.Problem(); en != "" {
			return errs.Errorf(errs.Invalid, "article %d: %s (第 %d 篇：%s)", i+1, en, i+1, zh)
		}
	}
	return nil
}

// Problem says, in English and Chinese, what draft/add would refuse in the
// article; both are empty when it is acceptable.
func (d DraftArticle) Problem() (en, zh string) {
	switch {
	case d.Title == "":
		return "the title is empty", "标题不能为空"
	case utf8.RuneCountInString(d.Title) > MaxDraftTitleRunes:
		return fmt.Sprintf("the title has more than %d characters", MaxDraftTitleRunes), fmt.Sprintf("标题超过 %d 个字", MaxDraftTitleRunes)
	case utf8.RuneCountInString(d.Author) > MaxDraftAuthorRunes:
		return fmt.Sprintf("the author has more than %d characters", MaxDraftAuthorRunes), fmt.Sprintf("作者超过 %d 个字", MaxDraftAuthorRunes)
	case utf8.RuneCountInString(d.Digest) > MaxDraftDigestRunes:
		return fmt.Sprintf("the digest has more than %d characters", MaxDraftDigestRunes), fmt.Sprintf("摘要超过 %d 个字", MaxDraftDigestRunes)
	case d.Content == "":
		return "the content is empty", "正文不能为空"
	case len(d.Content) > MaxDraftContentBytes || utf8.RuneCountInString(d.Content) > MaxDraftContentRunes:
		return "the content must stay under 20,000 characters and 1 MB", "正文须少于 2 万字符且小于 1 MB"
	case len(d.ContentSourceURL) > MaxDraftSourceURL:
		return "the source link is longer than 1 KB", "原文链接超过 1 KB"
	case d.ThumbMediaID == "":
		return "the cover image (thumb_media_id) is missing", "缺少封面图片素材"
	}
	return "", ""
}
