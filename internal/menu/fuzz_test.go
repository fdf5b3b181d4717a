package menu

import (
	"encoding/json"
	"testing"
)

// FuzzValidate feeds documents as the API and the editor send them: no
// input panics, and whatever passes fits WeChat's limits once rendered.
func FuzzValidate(f *testing.F) {
	f.Add(`{"button":[{"name":"今日歌曲","type":"click","key":"K","reply":{"text":"hi"}}]}`)
	f.Add(`{"button":[{"name":"更多","sub_button":[{"name":"官网","type":"view","url":"https://x.com"}]}],"conditional":[{"tag_id":2,"button":[{"name":"a","type":"scancode_push"}]}]}`)
	f.Add(`{"button":[{"name":"","sub_button":[{"sub_button":[{}]}]}]}`)
	f.Fuzz(func(t *testing.T, raw string) {
		var d Document
		if json.Unmarshal([]byte(raw), &d) != nil {
			return
		}
		Normalize(&d)
		if Validate(&d) != nil {
			return
		}
		menus := [][]Button{d.Buttons}
		for _, c := range d.Conditional {
			menus = append(menus, c.Buttons)
		}
		for _, bs := range menus {
			wx := toWx(bs, nil)
			if len(wx) < 1 || len(wx) > MaxButtons {
				t.Fatalf("valid menu with %d buttons", len(wx))
			}
			for _, b := range wx {
				if len(b.Name) > MaxTopName || len(b.SubButton) > MaxSubButtons || (len(b.SubButton) > 0 && b.Type != "") {
					t.Fatalf("valid button out of limits: %+v", b)
				}
				for _, s := range b.SubButton {
					if len(s.Name) > MaxSubName || len(s.Key) > MaxKey || len(s.URL) > MaxURL || s.Type == "" {
						t.Fatalf("valid item out of limits: %+v", s)
					}
				}
			}
		}
	})
}
