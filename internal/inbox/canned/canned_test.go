package canned

import (
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   Reply
		want Reply
		code errs.Code
	}{
		{"adds the slash", Reply{Shortcut: " 退款 ", Title: " 退款流程 ", Content: " 请在订单页申请。\n"},
			Reply{Shortcut: "/退款", Title: "退款流程", Content: "请在订单页申请。"}, ""},
		{"one slash only", Reply{Shortcut: "//hours", Title: "t", Content: "c"}, Reply{Shortcut: "/hours", Title: "t", Content: "c"}, ""},
		{"empty shortcut", Reply{Shortcut: " / ", Title: "t", Content: "c"}, Reply{}, errs.Invalid},
		{"space in shortcut", Reply{Shortcut: "/a b", Title: "t", Content: "c"}, Reply{}, errs.Invalid},
		{"long shortcut", Reply{Shortcut: strings.Repeat("快", MaxShortcutRunes), Title: "t", Content: "c"}, Reply{}, errs.Invalid},
		{"no title", Reply{Shortcut: "/x", Content: "c"}, Reply{}, errs.Invalid},
		{"long title", Reply{Shortcut: "/x", Title: strings.Repeat("标", MaxTitleRunes+1), Content: "c"}, Reply{}, errs.Invalid},
		{"no content", Reply{Shortcut: "/x", Title: "t", Content: "  "}, Reply{}, errs.Invalid},
		{"longest content", Reply{Shortcut: "/x", Title: "t", Content: strings.Repeat("字", MaxContentRunes)},
			Reply{Shortcut: "/x", Title: "t", Content: strings.Repeat("字", MaxContentRunes)}, ""},
		{"long content", Reply{Shortcut: "/x", Title: "t", Content: strings.Repeat("字", MaxContentRunes+1)}, Reply{}, errs.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.in
			err := r.Normalize()
			if errs.CodeOf(err) != tt.code {
				t.Fatalf("error %v, want code %q", err, tt.code)
			}
			if err == nil && r != tt.want {
				t.Errorf("got %+v, want %+v", r, tt.want)
			}
		})
	}
}

func TestContentFitsOneMessage(t *testing.T) {
	// WeChat takes at most 2,048 bytes of text in one customer-service message.
	if n := len(strings.Repeat("字", MaxContentRunes)); n > 2048 {
		t.Fatalf("the longest content is %d bytes", n)
	}
}
