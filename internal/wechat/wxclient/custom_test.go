package wxclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

var customCases = []struct {
	name  string
	reply wechat.Reply
}{
	{"text", wechat.Reply{Type: wechat.ReplyText, Content: "你好，欢迎关注！<a href=\"https://example.com/?a=1&b=2\">点此</a>"}},
	{"text_kf", wechat.Reply{Type: wechat.ReplyText, Content: "客服小王为您服务", KfAccount: "kf2001@gh_123456"}},
	{"image", wechat.Reply{Type: wechat.ReplyImage, MediaID: "MEDIA_IMG_1"}},
	{"voice", wechat.Reply{Type: wechat.ReplyVoice, MediaID: "MEDIA_VOICE_1"}},
	{"video", wechat.Reply{Type: wechat.ReplyVideo, MediaID: "MEDIA_VIDEO_1", ThumbMediaID: "THUMB_1", Title: "新品发布", Description: "三分钟看完"}},
	{"music", wechat.Reply{Type: wechat.ReplyMusic, Title: "晴天", Description: "周杰伦", MusicURL: "http://m.example.com/a.mp3",
		HQMusicURL: "http://m.example.com/a-hq.mp3", ThumbMediaID: "THUMB_2"}},
	{"news", wechat.Reply{Type: wechat.ReplyNews, Articles: []wechat.Article{{Title: "春季上新 & 限时折扣",
		Description: "全场 8 折", URL: "https://shop.example.com/spring?utm=wx&x=1", PicURL: "https://img.example.com/1.jpg"}}}},
	{"news_kf", wechat.Reply{Type: wechat.ReplyNews, KfAccount: "kf2002@gh_123456", Articles: []wechat.Article{{Title: "Order shipped",
		URL: "https://shop.example.com/o/1"}}}},
}

func TestCustomMessageJSONGolden(t *testing.T) {
	for _, tt := range customCases {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CustomMessageJSON("oUser_中文_1", tt.reply)
			if err != nil {
				t.Fatalf("CustomMessageJSON: %v", err)
			}
			if !json.Valid(got) {
				t.Fatalf("invalid JSON: %s", got)
			}
			golden := filepath.Join("testdata", "custom_"+tt.name+".json")
			if *update {
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden (run with -update): %v", err)
			}
			if !bytes.Equal(got, bytes.TrimSuffix(want, []byte("\n"))) {
				t.Fatalf("body differs from %s:\n got %s\nwant %s", golden, got, want)
			}
		})
	}
}

func TestCustomMessageJSONRefuses(t *testing.T) {
	two := []wechat.Article{{Title: "a"}, {Title: "b"}}
	tests := []struct {
		name   string
		openID string
		reply  wechat.Reply
		code   int // WeChat errcode of a local *Error; 0 when errs.Invalid only
	}{
		{"two articles", "o1", wechat.Reply{Type: wechat.ReplyNews, Articles: two}, CodeTooManyArticles},
		{"no articles", "o1", wechat.Reply{Type: wechat.ReplyNews}, 0},
		{"no openid", "", wechat.Reply{Type: wechat.ReplyText, Content: "hi"}, 0},
		{"empty text", "o1", wechat.Reply{Type: wechat.ReplyText}, 0},
		{"image without media", "o1", wechat.Reply{Type: wechat.ReplyImage}, 0},
		{"music without thumb", "o1", wechat.Reply{Type: wechat.ReplyMusic, MusicURL: "u"}, 0},
		{"transfer", "o1", wechat.Reply{Type: wechat.ReplyTransfer}, 0},
		{"unknown type", "o1", wechat.Reply{Type: "sticker"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CustomMessageJSON(tt.openID, tt.reply)
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("err = %v, want Invalid", err)
			}
			if tt.code != 0 && !IsCode(err, tt.code) {
				t.Fatalf("err = %v, want errcode %d", err, tt.code)
			}
		})
	}
}

func TestSendCustomSendsGoldenBody(t *testing.T) {
	f := newFake(t)
	a := f.account(t, Options{})
	r := customCases[0].reply
	if err := a.SendCustom(context.Background(), "oUser_中文_1", r); err != nil {
		t.Fatal(err)
	}
	want, _ := CustomMessageJSON("oUser_中文_1", r)
	if got := f.lastBody(sendPath); !bytes.Equal(got, want) {
		t.Fatalf("sent %s, want %s", got, want)
	}
}

func TestSendCustomWindowErrors(t *testing.T) {
	for _, code := range []int{CodeOutOfWindow, CodeKfQuota} {
		t.Run(codeName(code), func(t *testing.T) {
			f := newFake(t)
			f.route(sendPath, errcode(code, "response out of time limit or subscription is canceled"))
			err := f.account(t, Options{}).SendCustom(context.Background(), "o1", wechat.Reply{Type: wechat.ReplyText, Content: "hi"})
			if !IsCode(err, code) || !errs.Is(err, errs.Forbidden) {
				t.Fatalf("err = %v, want errcode %d (Forbidden)", err, code)
			}
		})
	}
}

func TestSendCustomRefusedLocallyCallsNothing(t *testing.T) {
	f := newFake(t)
	r := wechat.Reply{Type: wechat.ReplyNews, Articles: []wechat.Article{{Title: "a"}, {Title: "b"}}}
	err := f.account(t, Options{}).SendCustom(context.Background(), "o1", r)
	var we *Error
	if !IsCode(err, CodeTooManyArticles) || !errors.As(err, &we) || !we.Local {
		t.Fatalf("err = %v, want local errcode 45008", err)
	}
	if f.fetches.Load() != 0 || f.hitCount(sendPath) != 0 {
		t.Fatal("a refused message reached WeChat")
	}
}

func BenchmarkCustomMessageJSON(b *testing.B) {
	r := customCases[6].reply
	for b.Loop() {
		if _, err := CustomMessageJSON("oUser_1", r); err != nil {
			b.Fatal(err)
		}
	}
}
