package search

import (
	"strings"
	"testing"
)

func TestSnippet(t *testing.T) {
	long := strings.Repeat("前面的话", 30) + "退款" + strings.Repeat("后面的话", 30)
	tests := []struct {
		name, text, query string
		width             int
		want              string // hits in [brackets]
	}{
		{"short text, one hit", "我要退款谢谢", "退款", 80, "我要[退款]谢谢"},
		{"every occurrence", "退款退款", "退款", 80, "[退款退款]"},
		{"two terms", "我要退款，什么时候发货", "退款 发货", 80, "我要[退款]，什么时候[发货]"},
		{"overlapping terms merge", "优惠券怎么用", "优惠 惠券", 80, "[优惠券]怎么用"},
		{"case-insensitive", "OK Thanks", "thanks", 80, "OK [Thanks]"},
		{"no hit: the start", "abcdefghij", "xyz", 4, "abcd…"},
		{"line breaks become spaces", "第一行\n第二行", "第二", 80, "第一行 [第二]行"},
		{"long text: window around the hit", long, "退款", 20, "…话前面的话[退款]后面的话后面的话后面的话后…"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, err := Parse(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			if got := render(Snippet(tc.text, q, tc.width)); got != tc.want {
				t.Errorf("Snippet = %q, want %q", got, tc.want)
			}
		})
	}
}

func render(fs []Fragment) string {
	var b strings.Builder
	for _, f := range fs {
		if f.Hit {
			b.WriteString("[" + f.Text + "]")
		} else {
			b.WriteString(f.Text)
		}
	}
	return b.String()
}
