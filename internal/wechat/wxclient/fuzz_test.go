package wxclient

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/wechat"
)

// FuzzDecodeResult feeds arbitrary WeChat answers to the decoder: it must
// not panic, must fail on non-200 statuses, and an *Error never has code 0.
func FuzzDecodeResult(f *testing.F) {
	f.Add(200, []byte(`{"errcode":45015,"errmsg":"response out of time limit rid: 1"}`))
	f.Add(200, []byte(`{"access_token":"T","expires_in":7200}`))
	f.Add(200, []byte(`{"errcode":"x"}`))
	f.Add(200, []byte(`null`))
	f.Add(502, []byte("<html>bad gateway</html>"))
	f.Add(200, []byte("\xff\xfe"))
	f.Fuzz(func(t *testing.T, status int, data []byte) {
		var out tokenAnswer
		err := decodeResult("/p", status, data, &out)
		if status != http.StatusOK && err == nil {
			t.Fatalf("status %d accepted", status)
		}
		var we *Error
		if errors.As(err, &we) && we.Code == 0 {
			t.Fatalf("*Error with errcode 0 from %q", data)
		}
		if err != nil && strings.Contains(err.Error(), `"access_token":"T"`) {
			t.Fatalf("token leaked: %v", err)
		}
	})
}

// FuzzCustomMessageJSON renders arbitrary stored replies: no panic, and
// any body it produces is valid JSON.
func FuzzCustomMessageJSON(f *testing.F) {
	f.Add("o1", "text", "你好 & <b>", "", "")
	f.Add("o1", "news", "", "M", "kf@gh")
	f.Add("", "image", "", "M", "")
	f.Fuzz(func(t *testing.T, openID, typ, content, media, kf string) {
		r := wechat.Reply{Type: typ, Content: content, MediaID: media, ThumbMediaID: media, KfAccount: kf,
			Articles: []wechat.Article{{Title: content, URL: media}}}
		b, err := CustomMessageJSON(openID, r)
		if err == nil && !json.Valid(b) {
			t.Fatalf("invalid JSON %q", b)
		}
	})
}
