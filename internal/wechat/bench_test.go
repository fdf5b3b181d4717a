package wechat

import (
	"encoding/xml"
	"testing"
)

func BenchmarkParse(b *testing.B) {
	for _, name := range []string{"text", "pic_sysphoto"} {
		body, err := EncodePush(findPushCase(b, name))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkUnmarshalBaseline is encoding/xml on the same text push, for
// comparison with BenchmarkParse (which also guards depth, DTDs and trailing data).
func BenchmarkUnmarshalBaseline(b *testing.B) {
	body, err := EncodePush(findPushCase(b, "text"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var m Message
		if err := xml.Unmarshal(body, &m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodePush(b *testing.B) {
	m := findPushCase(b, "text")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := EncodePush(m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReplyXML(b *testing.B) {
	r := Reply{Type: ReplyText, Content: "您好，门票 199 元，儿童半价。"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.XML(tFan, tAccount, tTime); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDedupeKey(b *testing.B) {
	m := findPushCase(b, "click")
	b.ReportAllocs()
	for b.Loop() {
		_ = DedupeKey(m)
	}
}

func findPushCase(tb testing.TB, name string) *Message {
	tb.Helper()
	for _, tc := range pushCases() {
		if tc.name == name {
			return tc.m
		}
	}
	tb.Fatalf("no push case %q", name)
	return nil
}
