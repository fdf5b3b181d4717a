package wechat

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

const (
	rFan     = "oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw"
	rAccount = "gh_7f083739789a"
	rTime    = 1407743423
)

// replyCases are the passive replies of protocol.md §4; testdata/reply/<name>.xml
// is each one's golden rendering.
var replyCases = []struct {
	name string
	r    Reply
}{
	{"text", Reply{Type: ReplyText, Content: "你好\n门票 199 元"}},
	{"image", Reply{Type: ReplyImage, MediaID: "media_image_1"}},
	{"voice", Reply{Type: ReplyVoice, MediaID: "media_voice_1"}},
	{"video", Reply{Type: ReplyVideo, MediaID: "eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0",
		Title: "testCallBackReplyVideo", Description: "testCallBackReplyVideo"}},
	{"video_bare", Reply{Type: ReplyVideo, MediaID: "media_video_2"}},
	{"music", Reply{Type: ReplyMusic, Title: "歌", Description: "描述", MusicURL: "http://m/a.mp3",
		HQMusicURL: "http://m/a_hq.mp3", ThumbMediaID: "thumb_1"}},
	{"news", Reply{Type: ReplyNews, Articles: []Article{
		{Title: "春季上新", Description: "全场八折", PicURL: "http://p/1.jpg", URL: "https://example.com/1"},
		{Title: "会员日", URL: "https://example.com/2"},
	}}},
	{"transfer_customer_service", Reply{Type: ReplyTransfer}},
	{"transfer_to_account", Reply{Type: ReplyTransfer, KfAccount: "test1@test"}},
}

func TestReplyXMLGolden(t *testing.T) {
	for _, tc := range replyCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.r.XML(rFan, rAccount, rTime)
			if err != nil {
				t.Fatalf("XML: %v", err)
			}
			checkGolden(t, "reply/"+tc.name+".xml", got)
			rm, err := ParseReply(got)
			if err != nil {
				t.Fatalf("ParseReply: %v", err)
			}
			want := &ReplyMessage{ToUserName: rFan, FromUserName: rAccount, CreateTime: rTime, Reply: tc.r}
			if !reflect.DeepEqual(rm, want) {
				t.Errorf("ParseReply(XML) =\n%+v\nwant\n%+v", rm, want)
			}
		})
	}
}

// v1bPlaintext is the video reply of the official crypto sample (vector V1b).
const v1bPlaintext = "<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>"

func TestReplyXMLMatchesOfficialSample(t *testing.T) {
	r := Reply{Type: ReplyVideo, MediaID: "eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0",
		Title: "testCallBackReplyVideo", Description: "testCallBackReplyVideo"}
	got, err := r.XML(rFan, rAccount, rTime)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != v1bPlaintext {
		t.Errorf("XML =\n%s\nwant\n%s", got, v1bPlaintext)
	}
}

func TestReplyValidate(t *testing.T) {
	article := Article{Title: "t", URL: "https://u"}
	tests := []struct {
		name string
		r    Reply
		want string // "" for valid; else a part of the error
	}{
		{"text", Reply{Type: ReplyText, Content: "hi"}, ""},
		{"text at the limit", Reply{Type: ReplyText, Content: strings.Repeat("中", 682) + "ab"}, ""},
		{"transfer", Reply{Type: ReplyTransfer}, ""},
		{"music with hq url only", Reply{Type: ReplyMusic, HQMusicURL: "http://h"}, ""},
		{"eight articles", Reply{Type: ReplyNews, Articles: repeatArticle(article, 8)}, ""},
		{"unknown type", Reply{Type: "card"}, "未知的回复类型"},
		{"empty type", Reply{}, "unknown"},
		{"empty text", Reply{Type: ReplyText}, "文本回复内容为空"},
		{"blank text", Reply{Type: ReplyText, Content: " \n "}, "text reply is empty"},
		{"text too long", Reply{Type: ReplyText, Content: strings.Repeat("中", 683)}, "2049 bytes"},
		{"image without media", Reply{Type: ReplyImage}, "image reply needs a media_id"},
		{"voice without media", Reply{Type: ReplyVoice, MediaID: " "}, "voice 回复需要 media_id"},
		{"video without media", Reply{Type: ReplyVideo, Title: "t"}, "media_id"},
		{"music without url", Reply{Type: ReplyMusic, Title: "t"}, "music_url"},
		{"news without articles", Reply{Type: ReplyNews}, "has 0"},
		{"news with nine", Reply{Type: ReplyNews, Articles: repeatArticle(article, 9)}, "当前 9 篇"},
		{"article without title", Reply{Type: ReplyNews, Articles: []Article{article, {URL: "u"}}}, "第 2 篇文章缺少标题"},
		{"control character", Reply{Type: ReplyText, Content: "a\x07"}, "content"},
		{"bad UTF-8 in article", Reply{Type: ReplyNews, Articles: []Article{{Title: "t", URL: "\xff"}}}, "article 1 url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.r.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrInvalidReply) {
				t.Fatalf("Validate = %v, want an ErrInvalidReply containing %q", err, tt.want)
			}
			if body, xerr := tt.r.XML("o", "gh", 1); xerr == nil || !errors.Is(xerr, ErrInvalidReply) {
				t.Errorf("XML rendered an invalid reply: %q, %v", body, xerr)
			}
		})
	}
}

func repeatArticle(a Article, n int) []Article {
	out := make([]Article, n)
	for i := range out {
		out[i] = a
	}
	return out
}

func TestReplyXMLNeedsAddresses(t *testing.T) {
	r := Reply{Type: ReplyText, Content: "hi"}
	for _, addr := range [][2]string{{"", "gh"}, {"o", ""}} {
		if body, err := r.XML(addr[0], addr[1], 1); err == nil {
			t.Errorf("XML(%q, %q) = %q, want an error", addr[0], addr[1], body)
		}
	}
	if _, err := r.XML("o\x01", "gh", 1); err == nil {
		t.Error("XML accepted a ToUserName with a control character")
	}
}

func TestMaxArticles(t *testing.T) {
	tests := []struct {
		m    *Message
		want int
	}{
		{&Message{MsgType: MsgText}, 1},
		{&Message{MsgType: MsgImage}, 1},
		{&Message{MsgType: MsgVoice}, 1},
		{&Message{MsgType: MsgVideo}, 1},
		{&Message{MsgType: MsgShortVideo}, 1},
		{&Message{MsgType: MsgLocation}, 1},
		{&Message{MsgType: MsgLink}, 1},
		{&Message{MsgType: "unknown"}, 1},
		{&Message{MsgType: MsgEvent, Event: EventSubscribe}, 8},
		{&Message{MsgType: MsgEvent, Event: EventClick}, 8},
		{nil, 1},
	}
	for _, tt := range tests {
		if got := MaxArticles(tt.m); got != tt.want {
			t.Errorf("MaxArticles(%+v) = %d, want %d", tt.m, got, tt.want)
		}
	}
}

func TestParseReplyRefuses(t *testing.T) {
	h := "<ToUserName>o</ToUserName><FromUserName>gh</FromUserName><CreateTime>1</CreateTime>"
	tests := []struct {
		name string
		body string
		kind error
	}{
		{"empty", "", ErrEmpty},
		{"success is not XML", "success", ErrRoot},
		{"json", `{"msgtype":"text"}`, ErrRoot},
		{"doctype", `<!DOCTYPE x><xml>` + h + `<MsgType>text</MsgType><Content>a</Content></xml>`, ErrDoctype},
		{"no MsgType", "<xml>" + h + "<Content>a</Content></xml>", ErrMissing},
		{"no CreateTime", "<xml><ToUserName>o</ToUserName><FromUserName>gh</FromUserName><MsgType>text</MsgType><Content>a</Content></xml>", ErrMissing},
		{"unknown type", "<xml>" + h + "<MsgType>card</MsgType></xml>", ErrValue},
		{"text without Content", "<xml>" + h + "<MsgType>text</MsgType></xml>", ErrMissing},
		{"image without Image", "<xml>" + h + "<MsgType>image</MsgType><Voice><MediaId>m</MediaId></Voice></xml>", ErrMissing},
		{"news without count", "<xml>" + h + "<MsgType>news</MsgType><Articles><item><Title>t</Title></item></Articles></xml>", ErrMissing},
		{"news count mismatch", "<xml>" + h + "<MsgType>news</MsgType><ArticleCount>2</ArticleCount><Articles><item><Title>t</Title></item></Articles></xml>", ErrValue},
		{"news count not a number", "<xml>" + h + "<MsgType>news</MsgType><ArticleCount>one</ArticleCount></xml>", ErrValue},
		{"trailing", "<xml>" + h + "<MsgType>text</MsgType><Content>a</Content></xml>x", ErrTrailing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rm, err := ParseReply([]byte(tt.body))
			if err == nil || !errors.Is(err, tt.kind) || !errors.Is(err, ErrMalformed) {
				t.Fatalf("ParseReply = %+v, %v; want %v", rm, err, tt.kind)
			}
		})
	}
}

// The official doc writes replies one element per line and in any order;
// ParseReply reads that too.
func TestParseReplyDocLayout(t *testing.T) {
	body := `<xml>
  <MsgType><![CDATA[news]]></MsgType>
  <ToUserName><![CDATA[toUser]]></ToUserName>
  <FromUserName><![CDATA[fromUser]]></FromUserName>
  <CreateTime>12345678</CreateTime>
  <ArticleCount>1</ArticleCount>
  <Articles>
    <item>
      <Title><![CDATA[title1]]></Title>
      <Description><![CDATA[description1]]></Description>
      <PicUrl><![CDATA[picurl]]></PicUrl>
      <Url><![CDATA[url]]></Url>
    </item>
  </Articles>
</xml>`
	rm, err := ParseReply([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	want := &ReplyMessage{ToUserName: "toUser", FromUserName: "fromUser", CreateTime: 12345678, Reply: Reply{
		Type: ReplyNews, Articles: []Article{{Title: "title1", Description: "description1", PicURL: "picurl", URL: "url"}}}}
	if !reflect.DeepEqual(rm, want) {
		t.Errorf("ParseReply = %+v\nwant %+v", rm, want)
	}
}
