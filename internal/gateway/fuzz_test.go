package gateway_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/wechat/wxcrypto"
)

// Ways FuzzPush hands its input to the gateway.
const (
	fuzzPlainBody = iota // the body of a plain-mode push
	fuzzPlaintext        // the plaintext inside a correctly sealed safe-mode push
	fuzzEncrypt          // the <Encrypt> value of a correctly signed safe-mode push
	fuzzEnvelope         // the whole body of a safe-mode push
	fuzzModes
)

// FuzzPush throws arbitrary input at the callback endpoint, correctly
// signed so that it reaches the decryptor and the parsers. The gateway must
// not panic, must answer 200 or a 4xx, and a refused push must leave the
// store untouched (invariant 7).
func FuzzPush(f *testing.F) {
	h := newHarness(f, setup{})
	plain, _ := h.addAccount("wx_fuzz_plain", simulator.ModePlain, true)
	safe, _ := h.addAccount("wx_fuzz_safe", simulator.ModeSafe, true)
	for _, a := range h.accts {
		h.saveRules(standardRules(a.ID))
	}
	for _, seed := range fuzzSeeds(plain) {
		for mode := range fuzzModes {
			f.Add(seed, uint8(mode))
		}
	}
	srv := handler(h.gw)
	f.Fuzz(func(t *testing.T, input []byte, mode uint8) {
		c := fuzzCallback(t, plain, safe, input, mode%fuzzModes)
		ht := h.in(t)
		before := ht.total()
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, c.url(""), bytes.NewReader(c.body)))
		after := ht.total()
		switch rec.Code {
		case http.StatusOK:
			if grew := after.Messages + after.Events - before.Messages - before.Events; grew > 1 || grew < 0 {
				t.Fatalf("one push changed the stored pushes by %d", grew)
			}
		case http.StatusBadRequest, http.StatusForbidden, http.StatusRequestEntityTooLarge:
			if after != before {
				t.Fatalf("refused push (%d %s) changed the store: %+v → %+v", rec.Code, rec.Body, before, after)
			}
		default:
			t.Fatalf("status %d (%s), want 200 or a 4xx", rec.Code, rec.Body)
		}
	})
}

// fuzzCallback builds a correctly signed callback carrying input.
func fuzzCallback(t *testing.T, plain, safe simulator.Account, input []byte, mode uint8) callback {
	now := time.Now()
	switch mode {
	case fuzzPlaintext:
		return safeCallback(t, safe, safe.AppID, input, now)
	case fuzzEncrypt:
		return sealedCallback(safe, string(input), now)
	case fuzzEnvelope:
		c := sealedCallback(safe, "", now)
		if env, err := wxcrypto.ParseEnvelope(input); err == nil {
			c = sealedCallback(safe, env.Encrypt, now)
		}
		c.body = input
		return c
	}
	return plainCallback(plain, input, now)
}

func fuzzSeeds(a simulator.Account) [][]byte {
	now := time.Now().Unix()
	return [][]byte{
		textXML(a, "o_fuzz", "门票", 1, now),
		eventXML(a, "o_fuzz", "subscribe", "qrscene_store_001", now),
		eventXML(a, "o_fuzz", "CLICK", "MENU_A", now),
		[]byte("<xml><ToUserName>" + a.OriginalID + "</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>hologram</MsgType></xml>"),
		nested(a, 10),
		entityBomb(a),
		wxcrypto.PushEnvelope(a.OriginalID, "AAAA"),
		[]byte("not base64 at all"),
		{},
	}
}
