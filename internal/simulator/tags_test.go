package simulator_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/simulator"
)

const (
	seedQR     = "oQR_numeric_scene_0000000001"
	seedQRStr  = "oQR_string_scene_00000000002"
	seedSearch = "oSEARCH_00000000000000000003"
	seedLeft   = "oLEFT_0000000000000000000004"
)

// apiStep is one API call and the errcode it must get.
type apiStep struct {
	name, path, body string
	want             int
}

func runAPISteps(t *testing.T, c *api, tok string, steps []apiStep) {
	t.Helper()
	for _, s := range steps {
		wantCode(t, s.name, c.post(s.path, tok, s.body), s.want)
	}
}

func createTag(c *api, tok, name string) int {
	c.t.Helper()
	out := c.post("/cgi-bin/tags/create", tok, fmt.Sprintf(`{"tag":{"name":%q}}`, name))
	tag, ok := out["tag"].(map[string]any)
	if !ok || tag["name"] != name {
		c.t.Fatalf("create tag %q: %v", name, out)
	}
	return int(tag["id"].(float64))
}

func tagBody(tagid int, openids ...string) string {
	return fmt.Sprintf(`{"openid_list":["%s"],"tagid":%d}`, strings.Join(openids, `","`), tagid)
}

func TestTagCRUD(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	tok := c.fetchToken()
	vip := createTag(c, tok, "VIP")
	if vip < 100 {
		t.Errorf("first tag id %d, want WeChat's ids from 100 (0/1/2 are reserved)", vip)
	}
	createTag(c, tok, strings.Repeat("粉", 10)) // 30 bytes is the limit
	runAPISteps(t, c, tok, []apiStep{
		{"duplicate name", "/cgi-bin/tags/create", `{"tag":{"name":"VIP"}}`, simulator.ErrTagName},
		{"empty name", "/cgi-bin/tags/create", `{"tag":{"name":""}}`, simulator.ErrTagName},
		{"31 bytes", "/cgi-bin/tags/create", `{"tag":{"name":"` + strings.Repeat("粉", 10) + `x"}}`, simulator.ErrTagNameTooLong},
		{"empty body", "/cgi-bin/tags/create", "", simulator.ErrEmptyBody},
		{"malformed", "/cgi-bin/tags/create", `{"tag":`, simulator.ErrDataFormat},
		{"rename", "/cgi-bin/tags/update", fmt.Sprintf(`{"tag":{"id":%d,"name":"金卡会员"}}`, vip), 0},
		{"rename to itself", "/cgi-bin/tags/update", fmt.Sprintf(`{"tag":{"id":%d,"name":"金卡会员"}}`, vip), 0},
		{"rename to a taken name", "/cgi-bin/tags/update", fmt.Sprintf(`{"tag":{"id":%d,"name":%q}}`, vip, strings.Repeat("粉", 10)), simulator.ErrTagName},
		{"rename too long", "/cgi-bin/tags/update", fmt.Sprintf(`{"tag":{"id":%d,"name":%q}}`, vip, strings.Repeat("x", 31)), simulator.ErrTagNameTooLong},
		{"rename reserved 0", "/cgi-bin/tags/update", `{"tag":{"id":0,"name":"x"}}`, simulator.ErrReservedTag},
		{"rename reserved 2", "/cgi-bin/tags/update", `{"tag":{"id":2,"name":"x"}}`, simulator.ErrReservedTag},
		{"rename unknown", "/cgi-bin/tags/update", `{"tag":{"id":999,"name":"x"}}`, simulator.ErrInvalidTag},
		{"rename without id", "/cgi-bin/tags/update", `{"tag":{"name":"x"}}`, simulator.ErrInvalidTag},
		{"delete reserved 1", "/cgi-bin/tags/delete", `{"tag":{"id":1}}`, simulator.ErrReservedTag},
		{"delete unknown", "/cgi-bin/tags/delete", `{"tag":{"id":999}}`, simulator.ErrInvalidTag},
		{"delete", "/cgi-bin/tags/delete", fmt.Sprintf(`{"tag":{"id":%d}}`, vip), 0},
		{"delete twice", "/cgi-bin/tags/delete", fmt.Sprintf(`{"tag":{"id":%d}}`, vip), simulator.ErrInvalidTag},
	})
	golden(t, "tags_get.json", c.raw(http.MethodGet, "/cgi-bin/tags/get", url.Values{"access_token": {tok}}, ""))
}

func TestTagAccountLimit(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	tok := c.fetchToken()
	for i := range 100 {
		createTag(c, tok, fmt.Sprint("tag ", i))
	}
	wantCode(t, "101st tag", c.post("/cgi-bin/tags/create", tok, `{"tag":{"name":"one too many"}}`), simulator.ErrTooManyTags)
	if n := len(c.p.Tags(c.acct.AppID)); n != 100 {
		t.Errorf("%d tags, want 100", n)
	}
}

func TestBatchTagging(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	seedUsers(c)
	tok := c.fetchToken()
	vip := createTag(c, tok, "VIP")
	fifty := make([]string, 50)
	for i := range fifty {
		fifty[i] = seedQR
	}
	tag, untag := "/cgi-bin/tags/members/batchtagging", "/cgi-bin/tags/members/batchuntagging"
	runAPISteps(t, c, tok, []apiStep{
		{"50 openids", tag, tagBody(vip, fifty...), 0},
		{"51 openids", tag, tagBody(vip, append(fifty, seedQRStr)...), simulator.ErrOpenIDListSize},
		{"no openids", tag, fmt.Sprintf(`{"openid_list":[],"tagid":%d}`, vip), simulator.ErrOpenIDListSize},
		{"unknown tag", tag, tagBody(999, seedQR), simulator.ErrInvalidTag},
		{"reserved tag", tag, tagBody(1, seedQR), simulator.ErrInvalidTag},
		{"unknown openid, nobody tagged", tag, tagBody(vip, seedQRStr, "o_nobody"), simulator.ErrInvalidOpenID},
		{"unfollowed", tag, tagBody(vip, seedLeft), simulator.ErrTagUnsubscribed},
		{"empty body", tag, "", simulator.ErrEmptyBody},
		{"tag two", tag, tagBody(vip, seedQRStr, seedSearch), 0},
		{"untag 51", untag, tagBody(vip, append(fifty, seedQRStr)...), simulator.ErrOpenIDListSize},
		{"untag unknown tag", untag, tagBody(999, seedQR), simulator.ErrInvalidTag},
		{"untag unknown openid", untag, tagBody(vip, "o_nobody"), simulator.ErrInvalidOpenID},
		{"untag one", untag, tagBody(vip, seedSearch), 0},
	})
	if got := c.p.FollowerTags(c.acct.AppID, seedQR); fmt.Sprint(got) != fmt.Sprint([]int{vip}) {
		t.Errorf("seedQR tags %v, want [%d] once despite 50 repeats", got, vip)
	}
	idlist := c.post("/cgi-bin/tags/getidlist", tok, fmt.Sprintf(`{"openid":%q}`, seedQRStr))
	if fmt.Sprint(idlist["tagid_list"]) != fmt.Sprintf("[%d]", vip) {
		t.Errorf("getidlist %v", idlist)
	}
	wantCode(t, "getidlist unknown", c.post("/cgi-bin/tags/getidlist", tok, `{"openid":"o_nobody"}`), simulator.ErrInvalidOpenID)
	info := c.get("/cgi-bin/user/info", url.Values{"access_token": {tok}, "openid": {seedQRStr}})
	if fmt.Sprint(info["tagid_list"]) != fmt.Sprintf("[%d]", vip) {
		t.Errorf("user/info tagid_list %v", info["tagid_list"])
	}
	if tags := c.p.Tags(c.acct.AppID); len(tags) != 1 || tags[0].Count != 2 {
		t.Errorf("tags %+v, want VIP with 2 followers", tags)
	}
}

func TestFollowerTagLimit(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	seedUsers(c)
	tok := c.fetchToken()
	ids := make([]int, 21)
	for i := range ids {
		ids[i] = createTag(c, tok, fmt.Sprint("t", i))
	}
	for _, id := range ids[:20] {
		wantCode(t, "tag within 20", c.post("/cgi-bin/tags/members/batchtagging", tok, tagBody(id, seedQR)), 0)
	}
	runAPISteps(t, c, tok, []apiStep{
		{"21st tag", "/cgi-bin/tags/members/batchtagging", tagBody(ids[20], seedQRStr, seedQR), simulator.ErrFollowerTagLimit},
		{"a tag already held", "/cgi-bin/tags/members/batchtagging", tagBody(ids[0], seedQR), 0},
	})
	if got := c.p.FollowerTags(c.acct.AppID, seedQRStr); len(got) != 0 {
		t.Errorf("seedQRStr got tags %v from a refused batch", got)
	}
	wantCode(t, "delete a tag", c.post("/cgi-bin/tags/delete", tok, fmt.Sprintf(`{"tag":{"id":%d}}`, ids[0])), 0)
	if got := c.p.FollowerTags(c.acct.AppID, seedQR); len(got) != 19 {
		t.Errorf("after deleting a tag seedQR holds %d tags, want 19", len(got))
	}
}

func TestTagMembersPages(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	c.p.SetPageSize(2)
	seedUsers(c)
	tok := c.fetchToken()
	vip := createTag(c, tok, "VIP")
	wantCode(t, "tag three", c.post("/cgi-bin/tags/members/batchtagging", tok, tagBody(vip, seedSearch, seedQR, seedQRStr)), 0)
	var seen []string
	next := ""
	for range 4 {
		out := c.post("/cgi-bin/user/tag/get", tok, fmt.Sprintf(`{"tagid":%d,"next_openid":%q}`, vip, next))
		if out["count"] == float64(0) {
			if out["next_openid"] != "" {
				t.Errorf("last page next_openid %v, want empty", out["next_openid"])
			}
			break
		}
		for _, id := range out["data"].(map[string]any)["openid"].([]any) {
			seen = append(seen, id.(string))
		}
		next = out["next_openid"].(string)
	}
	if want := fmt.Sprint([]string{seedQR, seedQRStr, seedSearch}); fmt.Sprint(seen) != want {
		t.Errorf("tag members %v, want %s (follow order)", seen, want)
	}
	runAPISteps(t, c, tok, []apiStep{
		{"unknown tag", "/cgi-bin/user/tag/get", `{"tagid":999}`, simulator.ErrInvalidTag},
		{"unknown next_openid", "/cgi-bin/user/tag/get", fmt.Sprintf(`{"tagid":%d,"next_openid":"o_nobody"}`, vip), simulator.ErrInvalidOpenID},
	})
}

func TestTagAndMenuAPIsNeedToken(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	paths := map[string]string{
		"/cgi-bin/tags/create": http.MethodPost, "/cgi-bin/tags/get": http.MethodGet,
		"/cgi-bin/tags/update": http.MethodPost, "/cgi-bin/tags/delete": http.MethodPost,
		"/cgi-bin/tags/members/batchtagging": http.MethodPost, "/cgi-bin/tags/members/batchuntagging": http.MethodPost,
		"/cgi-bin/tags/getidlist": http.MethodPost, "/cgi-bin/user/tag/get": http.MethodPost,
		"/cgi-bin/menu/create": http.MethodPost, "/cgi-bin/menu/get": http.MethodGet,
		"/cgi-bin/menu/delete": http.MethodGet, "/cgi-bin/menu/addconditional": http.MethodPost,
		"/cgi-bin/menu/delconditional": http.MethodPost, "/cgi-bin/menu/trymatch": http.MethodPost,
	}
	for path, method := range paths {
		_, out := c.call(method, path, nil, "{}")
		wantCode(t, path+" without token", out, simulator.ErrTokenMissing)
		_, out = c.call(method, path, url.Values{"access_token": {"bogus"}}, "{}")
		wantCode(t, path+" with a bogus token", out, simulator.ErrInvalidCred)
	}
}
