package simtest

import (
	"regexp"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/wechat/wxcrypto"
)

func TestAccountIsValidForWeChat(t *testing.T) {
	a := Account("wx_simtest_01", simulator.ModeSafe, "http://example.invalid/wx")
	if !regexp.MustCompile(`^[A-Za-z0-9]{3,32}$`).MatchString(a.Token) {
		t.Errorf("token %q breaks WeChat's console rule", a.Token)
	}
	if _, err := wxcrypto.NewCipher(a.AESKey, a.AppID); err != nil {
		t.Errorf("AESKey: %v", err)
	}
	if b := Account("wx_simtest_01", simulator.ModePlain, ""); b.Secret != a.Secret || b.AESKey != a.AESKey {
		t.Error("credentials must be derived from the appid alone")
	}
	if c := Account("wx_simtest_02", simulator.ModeSafe, ""); c.Secret == a.Secret || c.OriginalID == a.OriginalID {
		t.Error("two appids share credentials")
	}
}

func TestClock(t *testing.T) {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	c := NewClock(start)
	c.Advance(90 * time.Second)
	if got := c.Now(); !got.Equal(start.Add(90 * time.Second)) {
		t.Errorf("Now = %v after advancing 90 s", got)
	}
}

func TestTextReplyXMLEscapesCDATA(t *testing.T) {
	got := string(TextReplyXML("o1", "gh_1", 1, "a]]>b"))
	want := "<Content><![CDATA[a]]]]><![CDATA[>b]]></Content>"
	if !regexp.MustCompile(regexp.QuoteMeta(want)).MatchString(got) {
		t.Errorf("reply %s lacks %s", got, want)
	}
}
