package autoreply

import (
	"bytes"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat"
)

// FuzzDecide feeds arbitrary pushes to the example rules plus a random set
// and checks every decision against the naive oracle.
func FuzzDecide(f *testing.F) {
	example := loadExample(f)
	random := mustCompile(f, randomRules(rand.New(rand.NewPCG(3, 4)), 40)...)
	f.Add(uint8(0), "请问门票多少钱", "", int64(1), uint8(10))
	f.Add(uint8(1), "营业时间", "", int64(2), uint8(20))
	f.Add(uint8(2), "", "qrscene_store_001", int64(0), uint8(8))
	f.Add(uint8(3), "", "MENU_TICKETS", int64(0), uint8(23))
	f.Add(uint8(4), "", "store_001", int64(0), uint8(3))
	f.Add(uint8(5), "ＡＢ 门票", "", int64(9), uint8(12))
	f.Add(uint8(6), "订单号 1234567", "", int64(5), uint8(9))
	f.Fuzz(func(t *testing.T, kind uint8, text, key string, msgID int64, hour uint8) {
		m := fuzzMessage(kind, text, key, msgID)
		now := at(15, int(hour%24), int(hour)%60)
		for _, e := range []*Engine{example, random} {
			checkDecision(t, e, m, now, naiveDecide(e.Rules(), m, now, cst))
		}
	})
}

func fuzzMessage(kind uint8, text, key string, msgID int64) *wechat.Message {
	m := &wechat.Message{FromUserName: "o_user", CreateTime: 1736906400, MsgID: msgID}
	switch kind % 8 {
	case 0, 1:
		m.MsgType, m.Content = wechat.MsgText, text
	case 2:
		m.MsgType, m.Event, m.EventKey = wechat.MsgEvent, wechat.EventSubscribe, key
	case 3:
		m.MsgType, m.Event, m.EventKey = wechat.MsgEvent, wechat.EventClick, key
	case 4:
		m.MsgType, m.Event, m.EventKey = wechat.MsgEvent, wechat.EventScan, key
	case 5:
		m.MsgType, m.Recognition = wechat.MsgVoice, text
	case 6:
		m.MsgType = wechat.MsgLocation
	default:
		m.MsgType, m.Event, m.EventKey = wechat.MsgEvent, key, text
	}
	if m.MsgType == wechat.MsgEvent {
		m.MsgID = 0
	}
	return m
}

// FuzzParseRuleFile checks that no rule file panics the parser or the
// compiler, that errors are Invalid with a message, and that whatever parses
// exports to a file that parses back to the same export.
func FuzzParseRuleFile(f *testing.F) {
	for _, name := range []string{"testdata/example.yaml", "testdata/example.golden.json"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "")
	}
	f.Add([]byte("- {id: 1, trigger: keyword, keywords: [{text: a, match: regex}], replies: [{type: text, content: x}]}"), "yaml")
	f.Add([]byte(`[{"id":1,"trigger":"click","keys":["K"],"replies":[{"type":"text","content":"x"}]}]`), "json")
	f.Add([]byte("rules:\n  - hours: {from: \"22:00\", to: \"02:00\", days: [5]}\n"), "")
	f.Add([]byte("&a [*a]"), "yaml")
	f.Fuzz(func(t *testing.T, data []byte, format string) {
		rs, err := ParseRuleFile(data, format)
		if err != nil {
			if errs.CodeOf(err) != errs.Invalid || err.Error() == "" {
				t.Fatalf("error %v has code %q", err, errs.CodeOf(err))
			}
			return
		}
		if _, err := Compile(rs); err != nil && errs.CodeOf(err) != errs.Invalid {
			t.Fatalf("compile error %v has code %q", err, errs.CodeOf(err))
		}
		for _, format := range []string{"yaml", "json"} {
			checkExportStable(t, rs, format)
		}
	})
}

func checkExportStable(t *testing.T, rs *RuleSet, format string) {
	t.Helper()
	out, err := Export(rs, format)
	if err != nil {
		t.Fatalf("export %s: %v", format, err)
	}
	back, err := ParseRuleFile(out, format)
	if err != nil {
		t.Fatalf("exported %s does not parse: %v\n%s", format, err, out)
	}
	again, err := Export(back, format)
	if err != nil || !bytes.Equal(out, again) {
		t.Fatalf("%s export is not stable (%v):\n%s\n---\n%s", format, err, out, again)
	}
}
