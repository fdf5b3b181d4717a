package simulator_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/simulator/simtest"
)

// t0 is a fixed Monday noon in China, far from a quota-day boundary.
var t0 = time.Date(2025, 3, 3, 4, 0, 0, 0, time.UTC)

// api is a test client for the simulator's HTTP API.
type api struct {
	t     *testing.T
	p     *simulator.Platform
	base  string
	clock *simtest.Clock
	acct  simulator.Account
}

func newAPI(t *testing.T, opts simulator.Options) *api {
	t.Helper()
	clock := simtest.NewClock(t0)
	opts.Now = clock.Now
	p, srv := simtest.NewServer(t, opts)
	acct := simtest.Account("wx_sim_test_01", simulator.ModeSafe, "http://127.0.0.1:1/unused")
	simtest.MustAdd(t, p, acct)
	return &api{t: t, p: p, base: srv.URL, clock: clock, acct: acct}
}

// call makes a request and decodes WeChat's JSON answer, checking the
// content type every answer must carry.
func (c *api) call(method, path string, q url.Values, body string) (int, map[string]any) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path+"?"+q.Encode(), strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		c.t.Errorf("%s %s: Content-Type %q", method, path, ct)
	}
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		c.t.Fatalf("%s %s: answer is not JSON: %v: %s", method, path, err, raw)
	}
	return resp.StatusCode, out
}

func (c *api) get(path string, q url.Values) map[string]any {
	c.t.Helper()
	_, out := c.call(http.MethodGet, path, q, "")
	return out
}

func (c *api) post(path, token, body string) map[string]any {
	c.t.Helper()
	_, out := c.call(http.MethodPost, path, url.Values{"access_token": {token}}, body)
	return out
}

// fetchToken gets a fresh access_token for the test account.
func (c *api) fetchToken() string {
	c.t.Helper()
	out := c.get("/cgi-bin/token", tokenQuery(c.acct.AppID, c.acct.Secret))
	tok, _ := out["access_token"].(string)
	if tok == "" {
		c.t.Fatalf("token fetch failed: %v", out)
	}
	return tok
}

func tokenQuery(appid, secret string) url.Values {
	return url.Values{"grant_type": {"client_credential"}, "appid": {appid}, "secret": {secret}}
}

// errcode reads errcode, 0 when absent (success answers may omit it).
func errcode(out map[string]any) int {
	n, _ := out["errcode"].(float64)
	return int(n)
}

func wantCode(t *testing.T, what string, out map[string]any, want int) {
	t.Helper()
	if got := errcode(out); got != want {
		t.Errorf("%s: errcode %d, want %d (answer %v)", what, got, want, out)
	}
	if want != 0 && !strings.Contains(out["errmsg"].(string), " rid: ") {
		t.Errorf("%s: errmsg %q lacks WeChat's rid suffix", what, out["errmsg"])
	}
}
