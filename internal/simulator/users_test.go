package simulator_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/simulator"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// golden compares an API answer with testdata/name, rids masked.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	got = regexp.MustCompile(`rid: [0-9a-f-]+`).ReplaceAll(got, []byte("rid: RID"))
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file:\ngot:  %s\nwant: %s", name, got, want)
	}
}

// raw returns the exact body of an API call.
func (c *api) raw(method, path string, q url.Values, body string) []byte {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.base+path+"?"+q.Encode(), strings.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return b
}

// seedUsers gives the account a QR follower, a string-scene follower, a
// search follower and one who left.
func seedUsers(c *api) {
	c.act(simulator.Subscribe("oQR_numeric_scene_0000000001", "1000"))
	c.act(simulator.Subscribe("oQR_string_scene_00000000002", "store_001"))
	c.act(simulator.Subscribe("oSEARCH_00000000000000000003", ""))
	c.act(simulator.Subscribe("oLEFT_0000000000000000000004", ""))
	c.clock.Advance(10 * time.Second)
	c.act(simulator.Unsubscribe("oLEFT_0000000000000000000004"))
}

func TestUserInfoGolden(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	seedUsers(c)
	tok := c.fetchToken()
	info := func(openid string) []byte {
		return c.raw(http.MethodGet, "/cgi-bin/user/info", url.Values{"access_token": {tok}, "openid": {openid}, "lang": {"zh_CN"}}, "")
	}
	golden(t, "user_info_qr.json", info("oQR_numeric_scene_0000000001"))
	golden(t, "user_info_qr_str.json", info("oQR_string_scene_00000000002"))
	golden(t, "user_info_unsubscribed.json", info("oLEFT_0000000000000000000004"))
	golden(t, "user_info_unknown.json", info("o_nobody"))
	batch := `{"user_list":[{"openid":"oSEARCH_00000000000000000003","lang":"zh_CN"},{"openid":"oLEFT_0000000000000000000004"}]}`
	golden(t, "user_batchget.json", c.raw(http.MethodPost, "/cgi-bin/user/info/batchget", url.Values{"access_token": {tok}}, batch))
	golden(t, "user_get.json", c.raw(http.MethodGet, "/cgi-bin/user/get", url.Values{"access_token": {tok}}, ""))
}

func TestUserBatchLimits(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	seedUsers(c)
	tok := c.fetchToken()
	list := func(n int, openid string) string {
		items := make([]string, n)
		for i := range items {
			items[i] = fmt.Sprintf(`{"openid":%q}`, openid)
		}
		return `{"user_list":[` + strings.Join(items, ",") + `]}`
	}
	tests := []struct {
		name, body string
		want       int
	}{
		{"100 is fine", list(100, "oSEARCH_00000000000000000003"), 0},
		{"101 is too many", list(101, "oSEARCH_00000000000000000003"), simulator.ErrOpenIDListSize},
		{"empty list", list(0, ""), simulator.ErrOpenIDListSize},
		{"unknown openid", list(2, "o_nobody"), simulator.ErrInvalidOpenID},
		{"empty body", "", simulator.ErrEmptyBody},
		{"malformed", "{", simulator.ErrDataFormat},
	}
	for _, tt := range tests {
		wantCode(t, tt.name, c.post("/cgi-bin/user/info/batchget", tok, tt.body), tt.want)
	}
}

func TestUserListPages(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	c.p.SetPageSize(2)
	seedUsers(c)
	c.act(simulator.TextMessage("oLATE_0000000000000000000005", "hi", 0)) // unknown sender: counted as a follower
	tok := c.fetchToken()
	var seen []string
	next := ""
	for range 5 {
		out := c.get("/cgi-bin/user/get", url.Values{"access_token": {tok}, "next_openid": {next}})
		if out["total"] != float64(4) {
			t.Fatalf("total = %v, want 4 subscribed followers", out["total"])
		}
		if out["count"] == float64(0) {
			break
		}
		for _, id := range out["data"].(map[string]any)["openid"].([]any) {
			seen = append(seen, id.(string))
		}
		next = out["next_openid"].(string)
	}
	want := "[oQR_numeric_scene_0000000001 oQR_string_scene_00000000002 oSEARCH_00000000000000000003 oLATE_0000000000000000000005]"
	if fmt.Sprint(seen) != want {
		t.Errorf("paged openids %v, want %s", seen, want)
	}
	wantCode(t, "unknown next_openid", c.get("/cgi-bin/user/get", url.Values{"access_token": {tok}, "next_openid": {"o_nobody"}}), simulator.ErrInvalidOpenID)
}

func TestAPIShape(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	tok := c.fetchToken()
	status, out := c.call(http.MethodGet, "/cgi-bin/message/custom/send", url.Values{"access_token": {tok}}, "")
	if status != http.StatusOK || errcode(out) != simulator.ErrRequirePOST {
		t.Errorf("GET on a POST API: status %d, %v", status, out)
	}
	status, out = c.call(http.MethodGet, "/cgi-bin/shorturl", url.Values{"access_token": {tok}}, "")
	if status != http.StatusNotFound || errcode(out) != simulator.ErrAPIUnauthorized {
		t.Errorf("unimplemented path: status %d, %v", status, out)
	}
	golden(t, "error_45015.json", c.raw(http.MethodPost, "/cgi-bin/message/custom/send", url.Values{"access_token": {tok}}, func() string {
		c.act(simulator.Subscribe(fan, ""))
		c.clock.Advance(2 * time.Minute)
		return textBody(fan, "hi")
	}()))
}

func TestState(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	seedUsers(c)
	c.fetchToken()
	c.get("/cgi-bin/token", tokenQuery(c.acct.AppID, "wrong"))
	c.get("/cgi-bin/token", tokenQuery("wx_nobody", "x"))
	_, out := c.call(http.MethodGet, "/sim/state", nil, "")
	b, _ := json.Marshal(out)
	var st simulator.State
	if err := json.Unmarshal(b, &st); err != nil || len(st.Accounts) != 1 {
		t.Fatalf("state %s: %v", b, err)
	}
	a := st.Accounts[0]
	if a.Followers != 4 || a.Subscribed != 3 || a.TokenFetches != 1 || a.APIErrors[simulator.ErrInvalidSecret] != 1 {
		t.Errorf("account state %+v", a)
	}
	if st.Unmatched[simulator.ErrInvalidAppID] != 1 {
		t.Errorf("unmatched errors %v, want one 40013", st.Unmatched)
	}
	if strings.Contains(string(b), c.acct.Secret) || strings.Contains(string(b), c.acct.AESKey) {
		t.Error("state leaks a secret")
	}
}
