package wechat

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// chanxSubscribe is the QR-subscribe fixture of chanxuehong/wechat (protocol.md §3).
const chanxSubscribe = `<xml><ToUserName><![CDATA[gh_21ee2dc92d7d]]></ToUserName>
<FromUserName><![CDATA[os-IKuHd9pJ6xsn4mS7GyL4HxqI4]]></FromUserName>
<CreateTime>1457752430</CreateTime><MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[qrscene_1000000]]></EventKey>
<Ticket><![CDATA[gQHr8ToAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xLzMwT19GN2ZsSkkxZFBGTkpkMjEzAAIEIYnjVgMECAcAAA==]]></Ticket>
</xml>`

func TestParseChanxQRSubscribe(t *testing.T) {
	m, err := Parse([]byte(chanxSubscribe))
	if err != nil {
		t.Fatal(err)
	}
	want := Message{
		ToUserName: "gh_21ee2dc92d7d", FromUserName: "os-IKuHd9pJ6xsn4mS7GyL4HxqI4", CreateTime: 1457752430,
		MsgType: MsgEvent, Event: EventSubscribe, EventKey: QRScenePrefix + "1000000",
		Ticket: "gQHr8ToAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xLzMwT19GN2ZsSkkxZFBGTkpkMjEzAAIEIYnjVgMECAcAAA==",
	}
	got := *m
	got.Raw = nil
	if !reflect.DeepEqual(&got, &want) {
		t.Errorf("Parse = %+v\nwant %+v", got, want)
	}
	if string(m.Raw) != chanxSubscribe {
		t.Error("Raw is not the exact input")
	}
	if !m.IsEvent() || DedupeKey(m) != "e:os-IKuHd9pJ6xsn4mS7GyL4HxqI4:1457752430:subscribe:qrscene_1000000" {
		t.Errorf("IsEvent %v, DedupeKey %q", m.IsEvent(), DedupeKey(m))
	}
}

const head = `<ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName><CreateTime>1</CreateTime>`

func doc(inner string) string { return "<xml>" + head + inner + "</xml>" }

func TestParseRefuses(t *testing.T) {
	deep := doc("<MsgType>text</MsgType><a><b><c><d><e><f>x</f></e></d></c></b></a>")
	tests := []struct {
		name string
		body string
		kind error
	}{
		{"empty", "", ErrEmpty},
		{"only whitespace", " \n\t", ErrEmpty},
		{"invalid UTF-8", doc("<MsgType>text</MsgType><Content>\xff\xfe</Content>"), ErrEncoding},
		{"doctype", `<!DOCTYPE xml [<!ENTITY a "b">]>` + doc("<MsgType>text</MsgType><Content>&a;</Content>"), ErrDoctype},
		{"billion laughs", `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><xml>&lol2;</xml>`, ErrDoctype},
		{"external entity", `<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml>&xxe;</xml>`, ErrDoctype},
		{"directive inside", doc("<MsgType>text</MsgType><!ENTITY a 'b'>"), ErrDoctype},
		{"undeclared entity", doc("<MsgType>text</MsgType><Content>&lol;</Content>"), ErrMalformed},
		{"too deep", deep, ErrTooDeep},
		{"root not xml", "<root>" + head + "<MsgType>text</MsgType></root>", ErrRoot},
		{"prefixed root", "<a:xml>" + head + "<MsgType>text</MsgType></a:xml>", ErrRoot},
		{"text before root", "hello" + doc("<MsgType>text</MsgType>"), ErrRoot},
		{"no root", "<!-- nothing -->", ErrRoot},
		{"missing ToUserName", "<xml><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>", ErrMissing},
		{"empty FromUserName", "<xml><ToUserName>g</ToUserName><FromUserName></FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>", ErrMissing},
		{"missing MsgType", doc(""), ErrMissing},
		{"missing CreateTime", "<xml><ToUserName>g</ToUserName><FromUserName>o</FromUserName><MsgType>text</MsgType></xml>", ErrMissing},
		{"prefixed header", "<xml><x:ToUserName>g</x:ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>", ErrMissing},
		{"trailing element", doc("<MsgType>text</MsgType>") + "<xml/>", ErrTrailing},
		{"trailing text", doc("<MsgType>text</MsgType>") + "garbage", ErrTrailing},
		{"unclosed root", "<xml>" + head + "<MsgType>text</MsgType>", ErrMalformed},
		{"mismatched tags", "<xml>" + head + "<MsgType>text</Content></xml>", ErrMalformed},
		{"bad CreateTime", strings.Replace(doc("<MsgType>text</MsgType>"), "<CreateTime>1<", "<CreateTime>yesterday<", 1), ErrValue},
		{"huge MsgId", doc("<MsgType>text</MsgType><MsgId>99999999999999999999999</MsgId>"), ErrValue},
		{"huge Scale", doc("<MsgType>location</MsgType><Scale>9999999999</Scale>"), ErrValue},
		{"NaN latitude", doc("<MsgType>event</MsgType><Latitude>NaN</Latitude>"), ErrValue},
		{"infinite location", doc("<MsgType>location</MsgType><Location_X>1e400</Location_X>"), ErrValue},
		{"nested bad number", doc("<MsgType>event</MsgType><SendPicsInfo><Count>two</Count></SendPicsInfo>"), ErrValue},
		{"unsupported charset", `<?xml version="1.0" encoding="GBK"?>` + doc("<MsgType>text</MsgType>"), ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse([]byte(tt.body))
			if err == nil {
				t.Fatalf("Parse = %+v, want an error", m)
			}
			if m != nil {
				t.Errorf("Parse returned a message with the error %v", err)
			}
			if !errors.Is(err, tt.kind) || !errors.Is(err, ErrMalformed) {
				t.Errorf("error %q is not %q (and ErrMalformed)", err, tt.kind)
			}
			if !strings.HasPrefix(err.Error(), "wechat: ") {
				t.Errorf("error %q does not say where it comes from", err)
			}
		})
	}
}

func TestParseAccepts(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		check func(*Message) bool
	}{
		{"unknown type keeps raw", doc("<MsgType><![CDATA[miniprogrampage]]></MsgType><AppId>wx1</AppId>"),
			func(m *Message) bool { return m.MsgType == "miniprogrampage" }},
		{"unknown event", doc("<MsgType>event</MsgType><Event>PUBLISHJOBFINISH</Event><PublishEventInfo><publish_id>1</publish_id></PublishEventInfo>"),
			func(m *Message) bool { return m.Event == EventPublishJobFinish }},
		{"unknown nested elements", doc("<MsgType>event</MsgType><Event>MASSSENDJOBFINISH</Event><CopyrightCheckResult><ResultList><item><ArticleIdx>1</ArticleIdx></item></ResultList></CopyrightCheckResult><MsgID>7</MsgID>"),
			func(m *Message) bool { return m.JobMsgID == 7 }},
		{"numbers with whitespace", doc("<MsgType>location</MsgType><Location_X>\n 23.5 \t</Location_X><Scale> 20 </Scale><MsgId> 42\n</MsgId>"),
			func(m *Message) bool { return m.LocationX == 23.5 && m.Scale == 20 && m.MsgID == 42 }},
		{"empty number is zero", doc("<MsgType>text</MsgType><MsgId></MsgId>"),
			func(m *Message) bool { return m.MsgID == 0 }},
		{"declaration, comments, attributes", `<?xml version="1.0" encoding="UTF-8"?><!-- c --><xml a="1">` + head + `<MsgType x="y">text</MsgType><Content>a &amp; b &#x4E2D;</Content></xml>` + "\n<!-- end -->\n",
			func(m *Message) bool { return m.Content == "a & b 中" }},
		{"text keeps surrounding space", doc("<MsgType>text</MsgType><Content>  你好 \n</Content>"),
			func(m *Message) bool { return m.Content == "  你好 \n" }},
		{"last duplicate wins", doc("<MsgType>text</MsgType><Content>a</Content><Content>b</Content>"),
			func(m *Message) bool { return m.Content == "b" }},
		{"prefixed element is not ours", doc("<MsgType>text</MsgType><x:Content>a</x:Content>"),
			func(m *Message) bool { return m.Content == "" }},
		{"mixed content is not a value", doc("<MsgType>text</MsgType><Content>a<b/>c</Content>"),
			func(m *Message) bool { return m.Content == "" }},
		{"depth 6 is allowed", doc("<MsgType>text</MsgType><a><b><c><d><e>x</e></d></c></b></a>"),
			func(m *Message) bool { return m.MsgType == MsgText }},
		{"compatible mode carries Encrypt", doc("<MsgType>text</MsgType><Encrypt><![CDATA[abc=]]></Encrypt>"),
			func(m *Message) bool { return m.Encrypt == "abc=" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse([]byte(tt.body))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !tt.check(m) {
				t.Errorf("unexpected message %+v", m)
			}
			if string(m.Raw) != tt.body {
				t.Errorf("Raw = %q, want the input", m.Raw)
			}
		})
	}
}

func TestParseRawIsACopy(t *testing.T) {
	body := []byte(doc("<MsgType>text</MsgType><Content>hi</Content>"))
	m, err := Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	body[0] = '!'
	if m.Raw[0] != '<' {
		t.Error("Raw shares the caller's buffer")
	}
}
