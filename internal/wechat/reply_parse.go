package wechat

// ReplyMessage is a parsed passive reply: who it is addressed to, and what
// it says. The simulator reads fanbase's answers with it, as WeChat would.
type ReplyMessage struct {
	ToUserName   string
	FromUserName string
	CreateTime   int64
	Reply        Reply
}

// ParseReply decodes a plaintext passive reply, with the same refusals as
// Parse, and checks its structure: a known MsgType, the element block that
// type needs (<Image>, <Video>…), an ArticleCount that matches the items.
// WeChat's content limits are Reply.Validate's job. Every error matches
// ErrMalformed.
func ParseReply(body []byte) (*ReplyMessage, error) {
	p := replyParser{head: pushParser{m: &Message{}}, blocks: map[string]map[string]string{}}
	if err := walk(body, &p); err != nil {
		return nil, err
	}
	if err := p.head.checkHeader(); err != nil {
		return nil, err
	}
	h := p.head.m
	rm := &ReplyMessage{ToUserName: h.ToUserName, FromUserName: h.FromUserName, CreateTime: h.CreateTime}
	r, err := p.reply(h.MsgType)
	if err != nil {
		return nil, err
	}
	rm.Reply = r
	return rm, nil
}

// replyParser keeps the header, the elements directly below <xml>, and each
// block (<Image>, <Music>…) as name → text, then builds the Reply once the
// MsgType is known, whatever the element order.
type replyParser struct {
	head     pushParser
	top      map[string]string
	blocks   map[string]map[string]string
	articles []Article
}

func (p *replyParser) open(path []string) error {
	switch {
	case len(path) == 1 && replyBlocks[path[0]] && p.blocks[path[0]] == nil:
		p.blocks[path[0]] = map[string]string{}
	case len(path) == 2 && path[0] == "Articles" && path[1] == "item":
		p.articles = append(p.articles, Article{})
	}
	return nil
}

// replyBlocks are the elements that hold a reply's fields, one per type.
var replyBlocks = map[string]bool{"Image": true, "Voice": true, "Video": true, "Music": true, "TransInfo": true}

func (p *replyParser) leaf(path []string, text []byte) error {
	switch {
	case len(path) == 1:
		return p.topLeaf(path[0], text)
	case len(path) == 2 && replyBlocks[path[0]]:
		p.blocks[path[0]][path[1]] = string(text)
	case len(path) == 3 && path[0] == "Articles" && path[1] == "item":
		setArticleField(&p.articles[len(p.articles)-1], path[2], string(text))
	}
	return nil
}

func (p *replyParser) topLeaf(name string, text []byte) error {
	switch name {
	case "ToUserName", "FromUserName", "MsgType", "CreateTime":
		return p.head.top(name, text)
	case "Content", "ArticleCount":
		if p.top == nil {
			p.top = map[string]string{}
		}
		p.top[name] = string(text)
	}
	return nil
}

func setArticleField(a *Article, name, v string) {
	switch name {
	case "Title":
		a.Title = v
	case "Description":
		a.Description = v
	case "PicUrl":
		a.PicURL = v
	case "Url":
		a.URL = v
	}
}

// reply builds the Reply of type typ from what was read.
func (p *replyParser) reply(typ string) (Reply, error) {
	r := Reply{Type: typ}
	switch typ {
	case ReplyText:
		c, ok := p.top["Content"]
		if !ok {
			return r, refuse(ErrMissing, "text reply has no <Content>")
		}
		r.Content = c
	case ReplyImage, ReplyVoice, ReplyVideo, ReplyMusic:
		return p.mediaReply(r)
	case ReplyNews:
		return p.newsReply(r)
	case ReplyTransfer:
		r.KfAccount = p.blocks["TransInfo"]["KfAccount"]
	default:
		return r, refuse(ErrValue, "unknown reply MsgType %.40q", typ)
	}
	return r, nil
}

// mediaReply reads the block named after the type: <Image> for image…
func (p *replyParser) mediaReply(r Reply) (Reply, error) {
	name := map[string]string{ReplyImage: "Image", ReplyVoice: "Voice", ReplyVideo: "Video", ReplyMusic: "Music"}[r.Type]
	b, ok := p.blocks[name]
	if !ok {
		return r, refuse(ErrMissing, "%s reply has no <%s>", r.Type, name)
	}
	r.MediaID = b["MediaId"]
	r.Title, r.Description = b["Title"], b["Description"]
	if r.Type == ReplyMusic {
		r.MusicURL, r.HQMusicURL, r.ThumbMediaID = b["MusicUrl"], b["HQMusicUrl"], b["ThumbMediaId"]
	}
	return r, nil
}

func (p *replyParser) newsReply(r Reply) (Reply, error) {
	s, ok := p.top["ArticleCount"]
	if !ok {
		return r, refuse(ErrMissing, "news reply has no <ArticleCount>")
	}
	var n int
	if err := setInt(&n, "ArticleCount", []byte(s)); err != nil {
		return r, err
	}
	if n != len(p.articles) {
		return r, refuse(ErrValue, "ArticleCount is %d but <Articles> holds %d items", n, len(p.articles))
	}
	r.Articles = p.articles
	return r, nil
}
