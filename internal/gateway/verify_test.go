package gateway_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/gateway"
	"github.com/fanbase/fanbase/internal/simulator"
)

// TestURLVerification is WeChat's "server configuration" check: GET with a
// signed query; the echostr comes back verbatim only when the signature is
// right (in safe mode too: Official Accounts never encrypt it).
func TestURLVerification(t *testing.T) {
	h := newHarness(t, setup{opts: gateway.Options{TimestampWindow: 5 * time.Minute}})
	plain, _ := h.addAccount("wx_verify_plain", simulator.ModePlain, true)
	safe, _ := h.addAccount("wx_verify_safe", simulator.ModeSafe, true)
	const echo = "5837397520521790656"
	tests := []struct {
		name    string
		appid   string
		token   string
		ts      time.Time
		echostr string
		status  int
		outcome string
	}{
		{"right signature", plain.AppID, plain.Token, time.Now(), echo, http.StatusOK, gateway.OutcomeVerified},
		{"right signature, safe mode", safe.AppID, safe.Token, time.Now(), echo, http.StatusOK, gateway.OutcomeVerified},
		{"echostr kept verbatim", plain.AppID, plain.Token, time.Now(), "a b+c/d=&é<", http.StatusOK, gateway.OutcomeVerified},
		{"wrong token", plain.AppID, "notTheToken", time.Now(), echo, http.StatusForbidden, gateway.OutcomeBadSignature},
		{"other account's token", plain.AppID, safe.Token, time.Now(), echo, http.StatusForbidden, gateway.OutcomeBadSignature},
		{"stale timestamp", plain.AppID, plain.Token, time.Now().Add(-time.Hour), echo, http.StatusForbidden, gateway.OutcomeStaleTimestamp},
		{"unknown appid", "wx_nobody", plain.Token, time.Now(), echo, http.StatusNotFound, gateway.OutcomeUnknownAccount},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := signedQuery(tt.token, tt.ts, "1714036504")
			q.Set("echostr", tt.echostr)
			before := h.outcomes()
			status, body := h.do(http.MethodGet, h.srv.URL+"/wx/"+tt.appid+"?"+q.Encode(), nil)
			if status != tt.status {
				t.Fatalf("status %d, want %d (%s)", status, tt.status, body)
			}
			if ok := status == http.StatusOK; ok && string(body) != tt.echostr {
				t.Errorf("body %q, want the echostr %q verbatim", body, tt.echostr)
			} else if !ok && strings.Contains(string(body), tt.echostr) {
				t.Errorf("refusal echoes the echostr: %q", body)
			}
			assertOneOutcome(t, before, h.outcomes(), tt.outcome)
		})
	}
}

func TestBadMethod(t *testing.T) {
	h := newHarness(t, setup{})
	a, _ := h.addAccount("wx_method", simulator.ModePlain, true)
	for _, method := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch} {
		before := h.outcomes()
		status, _ := h.do(method, h.srv.URL+"/wx/"+a.AppID, []byte("<xml/>"))
		if status != http.StatusMethodNotAllowed {
			t.Errorf("%s: status %d, want 405", method, status)
		}
		assertOneOutcome(t, before, h.outcomes(), gateway.OutcomeBadMethod)
	}
}

// assertOneOutcome checks that exactly one callback was counted, under want.
func assertOneOutcome(tb testing.TB, before, after map[string]float64, want string) {
	tb.Helper()
	d := outcomeDelta(before, after)
	if len(d) != 1 || d[want] != 1 {
		tb.Errorf("fanbase_callbacks_total changed by %v, want exactly {%s: 1}", d, want)
	}
}
