package broadcast

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/fanbase/fanbase/internal/errs"
)

// Limits of a draft.
const (
	MaxTitleRunes   = 64
	MaxTextRunes    = 2000
	MaxNewsArticles = 8
	MaxRecentHours  = 720
	MaxDailyCap     = 10
)

// normalize trims the draft and drops the fields its kind does not use, so
// that what is stored is what would be sent.
func normalize(d Draft) Draft {
	d.Title = strings.TrimSpace(d.Title)
	d.Kind = strings.TrimSpace(d.Kind)
	d.MediaID = strings.TrimSpace(d.MediaID)
	d.Audience.Kind = strings.TrimSpace(d.Audience.Kind)
	if d.Kind != KindText {
		d.Text = ""
	}
	if d.Kind != KindImage && d.Kind != KindNews {
		d.MediaID = ""
	}
	if d.Kind != KindNews {
		d.ArticleIDs = nil
	}
	if d.Kind == KindNews && len(d.ArticleIDs) > 0 {
		d.MediaID = "" // made from the articles when sending starts
	}
	if d.Kind != KindTemplate {
		d.Template = nil
	}
	if d.Audience.Kind != AudienceTag {
		d.Audience.TagID = 0
	}
	if d.Audience.Kind != AudienceSegment {
		d.Audience.SegmentID = 0
	}
	return d
}

// validate refuses a draft that could not be sent, with a bilingual reason.
func (s *Service) validate(ctx context.Context, accountID int64, d Draft) error {
	switch n := utf8.RuneCountInString(d.Title); {
	case n == 0:
		return errs.Errorf(errs.Invalid, "a broadcast needs a title (群发需要标题)")
	case n > MaxTitleRunes:
		return errs.Errorf(errs.Invalid, "the title is longer than %d characters (标题不能超过 %d 个字符)", MaxTitleRunes, MaxTitleRunes)
	}
	if err := validateContent(d); err != nil {
		return err
	}
	if d.Kind == KindNews && len(d.ArticleIDs) > 0 && s.d.Drafts != nil {
		if err := s.d.Drafts.Check(ctx, accountID, d.ArticleIDs); err != nil {
			return err
		}
	}
	return s.validateAudience(ctx, accountID, d.Audience)
}

func validateContent(d Draft) error {
	switch d.Kind {
	case KindText:
		return validateText(d.Text)
	case KindImage:
		if d.MediaID == "" {
			return errs.Errorf(errs.Invalid, "an image broadcast needs the image's media_id (图片群发需要图片的 media_id)")
		}
	case KindNews:
		return validateNews(d)
	case KindTemplate:
		return validateTemplate(d.Template)
	default:
		return errs.Errorf(errs.Invalid, "kind must be text, image, news or template, got %q (群发类型须为 text、image、news 或 template)", d.Kind)
	}
	return nil
}

func validateText(text string) error {
	switch n := utf8.RuneCountInString(text); {
	case strings.TrimSpace(text) == "":
		return errs.Errorf(errs.Invalid, "a text broadcast needs text (文本群发内容不能为空)")
	case n > MaxTextRunes:
		return errs.Errorf(errs.Invalid, "the text is longer than %d characters (文本不能超过 %d 个字符)", MaxTextRunes, MaxTextRunes)
	}
	return nil
}

func validateNews(d Draft) error {
	if d.MediaID == "" && len(d.ArticleIDs) == 0 {
		return errs.Errorf(errs.Invalid, "a news broadcast needs articles from the library, or the media_id of a WeChat draft (图文群发需要从图文库选择文章，或填写公众号草稿的 media_id)")
	}
	if len(d.ArticleIDs) > MaxNewsArticles {
		return errs.Errorf(errs.Invalid, "a news broadcast carries at most %d articles (图文群发最多 %d 篇文章)", MaxNewsArticles, MaxNewsArticles)
	}
	return nil
}

func validateTemplate(t *Template) error {
	if t == nil || strings.TrimSpace(t.ID) == "" {
		return errs.Errorf(errs.Invalid, "a template message needs a template_id (模板消息需要模板 ID)")
	}
	if len(t.Data) == 0 {
		return errs.Errorf(errs.Invalid, "a template message needs its keyword values in data (模板消息需要填写关键词内容)")
	}
	for k := range t.Data {
		if strings.TrimSpace(k) == "" {
			return errs.Errorf(errs.Invalid, "a template keyword needs a name (模板关键词名称不能为空)")
		}
	}
	if t.URL != "" {
		u, err := url.Parse(t.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return errs.Errorf(errs.Invalid, "the template link must be an http(s) URL (模板跳转链接须为 http(s) 地址)")
		}
	}
	return nil
}

func (s *Service) validateAudience(ctx context.Context, accountID int64, a Audience) error {
	switch a.Kind {
	case AudienceAll:
		return nil
	case AudienceTag:
		if a.TagID <= 0 {
			return errs.Errorf(errs.Invalid, "a tag audience needs a tag (请选择标签)")
		}
		if s.d.Tags != nil {
			if _, err := s.d.Tags.Tag(ctx, accountID, a.TagID); err != nil {
				return err
			}
		}
		return nil
	case AudienceSegment:
		if a.SegmentID <= 0 {
			return errs.Errorf(errs.Invalid, "a segment audience needs a segment (请选择分组)")
		}
		if s.d.Segments == nil {
			return errs.Errorf(errs.Unavailable, "segments are not available (分组功能不可用)")
		}
		_, err := s.d.Segments.OpenIDs(ctx, accountID, a.SegmentID, "", 1)
		return err
	}
	return errs.Errorf(errs.Invalid, "audience must be all, tag or segment, got %q (受众须为 all、tag 或 segment)", a.Kind)
}

// checkSettings trims and bounds the settings.
func checkSettings(st Settings) (Settings, error) {
	if st.DailyCap < 0 || st.DailyCap > MaxDailyCap {
		return st, errs.Errorf(errs.Invalid, "the daily cap must be 0 (off) to %d (每日上限须为 0（关闭）到 %d)", MaxDailyCap, MaxDailyCap)
	}
	if st.RecentHours < 1 || st.RecentHours > MaxRecentHours {
		return st, errs.Errorf(errs.Invalid, "recent hours must be 1 to %d (近期时长须为 1 到 %d 小时)", MaxRecentHours, MaxRecentHours)
	}
	ids := make([]string, 0, len(st.PreviewOpenIDs))
	for _, o := range st.PreviewOpenIDs {
		o = strings.TrimSpace(o)
		if o == "" || slices.Contains(ids, o) {
			continue
		}
		if len(o) > 64 || strings.ContainsAny(o, " \t\r\n,;") {
			return st, errs.Errorf(errs.Invalid, "%q is not an openid (%q 不是有效的 openid)", o, o)
		}
		ids = append(ids, o)
	}
	if len(ids) > MaxPreviewOpenIDs {
		return st, errs.Errorf(errs.Invalid, "at most %d preview followers (预览粉丝最多 %d 个)", MaxPreviewOpenIDs, MaxPreviewOpenIDs)
	}
	st.PreviewOpenIDs = ids
	return st, nil
}
