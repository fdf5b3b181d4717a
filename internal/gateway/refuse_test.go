package gateway_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/gateway"
	"github.com/fanbase/fanbase/internal/simulator"
)

// refusalAccounts are the accounts the bad-input table pushes to.
type refusalAccounts struct {
	plain, safe simulator.Account
}

// TestBadInputRefused is architecture invariant 7: every kind of bad push
// gets its 4xx and its outcome in fanbase_callbacks_total, and nothing at
// all is stored (no message, reply or follower).
func TestBadInputRefused(t *testing.T) {
	logs := &logBuffer{}
	h := newHarness(t, setup{opts: gateway.Options{TimestampWindow: 5 * time.Minute, MaxBody: 16 << 10,
		Logger: slog.New(slog.NewTextHandler(logs, nil))}})
	plain, _ := h.addAccount("wx_refuse_plain", simulator.ModePlain, true)
	safe, _ := h.addAccount("wx_refuse_safe", simulator.ModeSafe, true)
	secrets := []string{plain.Token, plain.AESKey, plain.Secret, safe.Token, safe.AESKey, safe.Secret}
	for _, a := range h.accts {
		h.saveRules(standardRules(a.ID))
	}
	acc := refusalAccounts{plain: plain, safe: safe}
	for _, tt := range refusalCases() {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.build(t, acc)
			before, stored := h.outcomes(), h.total()
			logs.Reset()
			status, body := h.post(c)
			if status != tt.status {
				t.Errorf("status %d (%s), want %d", status, strings.TrimSpace(string(body)), tt.status)
			}
			assertOneOutcome(t, before, h.outcomes(), tt.outcome)
			if got := h.total(); got != stored {
				t.Errorf("refused push changed the store: %+v → %+v", stored, got)
			}
			assertOneLogLine(t, logs.String(), tt.outcome, secrets)
		})
	}
	if sizes, _ := h.batches.snapshot(); len(sizes) != 0 {
		t.Errorf("refused pushes reached the writer: batches %v", sizes)
	}
}

// assertOneLogLine checks a refusal logs one clear line naming its
// outcome, and no secret.
func assertOneLogLine(t *testing.T, logged, outcome string, secrets []string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(logged), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "callback refused") || !strings.Contains(lines[0], "outcome="+outcome) {
		t.Errorf("logged %q, want one \"callback refused\" line with outcome=%s", logged, outcome)
	}
	for _, s := range secrets {
		if strings.Contains(logged, s) {
			t.Errorf("log line leaks a secret: %s", logged)
		}
	}
}

// logBuffer collects log output from concurrent handlers.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *logBuffer) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Reset()
}

type refusalCase struct {
	name    string
	build   func(t *testing.T, a refusalAccounts) callback
	status  int
	outcome string
}

func refusalCases() []refusalCase {
	now := time.Now()
	good := func(a simulator.Account) []byte { return textXML(a, "o_bad", "门票", 7001, now.Unix()) }
	return []refusalCase{
		{"wrong signature", func(t *testing.T, a refusalAccounts) callback {
			c := plainCallback(a.plain, good(a.plain), now)
			c.query.Set("signature", strings.Repeat("0", 40))
			return c
		}, http.StatusForbidden, gateway.OutcomeBadSignature},
		{"no signature", func(t *testing.T, a refusalAccounts) callback {
			c := plainCallback(a.plain, good(a.plain), now)
			c.query.Del("signature")
			return c
		}, http.StatusForbidden, gateway.OutcomeBadSignature},
		{"signature over another nonce", func(t *testing.T, a refusalAccounts) callback {
			c := plainCallback(a.plain, good(a.plain), now)
			c.query.Set("nonce", "999")
			return c
		}, http.StatusForbidden, gateway.OutcomeBadSignature},
		{"wrong msg_signature", func(t *testing.T, a refusalAccounts) callback {
			c := safeCallback(t, a.safe, a.safe.AppID, good(a.safe), now)
			c.query.Set("msg_signature", strings.Repeat("a", 40))
			return c
		}, http.StatusForbidden, gateway.OutcomeBadSignature},
		{"msg_signature of another ciphertext", func(t *testing.T, a refusalAccounts) callback {
			c := safeCallback(t, a.safe, a.safe.AppID, good(a.safe), now)
			other := safeCallback(t, a.safe, a.safe.AppID, good(a.safe), now)
			c.query.Set("msg_signature", other.query.Get("msg_signature"))
			return c
		}, http.StatusForbidden, gateway.OutcomeBadSignature},
		{"stale timestamp", func(t *testing.T, a refusalAccounts) callback {
			return safeCallback(t, a.safe, a.safe.AppID, good(a.safe), now.Add(-time.Hour))
		}, http.StatusForbidden, gateway.OutcomeStaleTimestamp},
		{"timestamp from the future", func(t *testing.T, a refusalAccounts) callback {
			return plainCallback(a.plain, good(a.plain), now.Add(time.Hour))
		}, http.StatusForbidden, gateway.OutcomeStaleTimestamp},
		{"wrong appid inside the ciphertext", func(t *testing.T, a refusalAccounts) callback {
			return safeCallback(t, a.safe, "wx_someone_else", good(a.safe), now)
		}, http.StatusBadRequest, gateway.OutcomeDecryptFailed},
		{"another account's key", func(t *testing.T, a refusalAccounts) callback {
			other := a.safe
			other.AESKey = a.plain.AESKey
			return safeCallback(t, other, a.safe.AppID, good(a.safe), now)
		}, http.StatusBadRequest, gateway.OutcomeDecryptFailed},
		{"bad padding", func(t *testing.T, a refusalAccounts) callback {
			block := bytes.Repeat([]byte{'x'}, 16)
			block[15] = 31 // claims 31 bytes of padding in a 16-byte plaintext
			return sealedCallback(a.safe, rawCBC(t, a.safe.AESKey, block), now)
		}, http.StatusBadRequest, gateway.OutcomeDecryptFailed},
		{"length field past the end", func(t *testing.T, a refusalAccounts) callback {
			data := make([]byte, 64)
			binary.BigEndian.PutUint32(data[16:20], 1<<30)
			data[63] = 1
			return sealedCallback(a.safe, rawCBC(t, a.safe.AESKey, data), now)
		}, http.StatusBadRequest, gateway.OutcomeDecryptFailed},
		{"truncated Encrypt", func(t *testing.T, a refusalAccounts) callback {
			enc := encryptFor(t, a.safe, good(a.safe))
			return sealedCallback(a.safe, enc[:len(enc)-8], now)
		}, http.StatusBadRequest, gateway.OutcomeDecryptFailed},
		{"Encrypt cut mid-quantum", func(t *testing.T, a refusalAccounts) callback {
			enc := encryptFor(t, a.safe, good(a.safe))
			return sealedCallback(a.safe, enc[:len(enc)/2+1], now)
		}, http.StatusBadRequest, gateway.OutcomeDecryptFailed},
		{"non-base64 Encrypt", func(t *testing.T, a refusalAccounts) callback {
			return sealedCallback(a.safe, "这不是base64!!!!", now)
		}, http.StatusBadRequest, gateway.OutcomeDecryptFailed},
		{"empty Encrypt", func(t *testing.T, a refusalAccounts) callback {
			c := sealedCallback(a.safe, "", now)
			return c
		}, http.StatusBadRequest, gateway.OutcomeMalformed},
		{"huge body", func(t *testing.T, a refusalAccounts) callback {
			pad := strings.Repeat("门", 40<<10)
			return plainCallback(a.plain, textXML(a.plain, "o_bad", pad, 7002, now.Unix()), now)
		}, http.StatusRequestEntityTooLarge, gateway.OutcomeTooLarge},
		{"huge encrypted body", func(t *testing.T, a refusalAccounts) callback {
			pad := strings.Repeat("x", 64<<10)
			return safeCallback(t, a.safe, a.safe.AppID, textXML(a.safe, "o_bad", pad, 7003, now.Unix()), now)
		}, http.StatusRequestEntityTooLarge, gateway.OutcomeTooLarge},
		{"deeply nested XML", func(t *testing.T, a refusalAccounts) callback {
			return plainCallback(a.plain, nested(a.plain, 50), now)
		}, http.StatusBadRequest, gateway.OutcomeMalformed},
		{"deeply nested XML inside the ciphertext", func(t *testing.T, a refusalAccounts) callback {
			return safeCallback(t, a.safe, a.safe.AppID, nested(a.safe, 50), now)
		}, http.StatusBadRequest, gateway.OutcomeMalformed},
		{"deeply nested envelope", func(t *testing.T, a refusalAccounts) callback {
			c := safeCallback(t, a.safe, a.safe.AppID, good(a.safe), now)
			c.body = bytes.Replace(c.body, []byte("</Encrypt>"), []byte("</Encrypt>"+strings.Repeat("<a>", 20)+strings.Repeat("</a>", 20)), 1)
			return c
		}, http.StatusBadRequest, gateway.OutcomeMalformed},
		{"DOCTYPE with entities", func(t *testing.T, a refusalAccounts) callback {
			return plainCallback(a.plain, entityBomb(a.plain), now)
		}, http.StatusBadRequest, gateway.OutcomeMalformed},
		{"DOCTYPE inside the ciphertext", func(t *testing.T, a refusalAccounts) callback {
			return safeCallback(t, a.safe, a.safe.AppID, entityBomb(a.safe), now)
		}, http.StatusBadRequest, gateway.OutcomeMalformed},
		{"DOCTYPE in the envelope", func(t *testing.T, a refusalAccounts) callback {
			c := safeCallback(t, a.safe, a.safe.AppID, good(a.safe), now)
			c.body = append([]byte(`<!DOCTYPE xml [<!ENTITY e "x">]>`), c.body...)
			return c
		}, http.StatusBadRequest, gateway.OutcomeMalformed},
		{"non-UTF-8", func(t *testing.T, a refusalAccounts) callback {
			return plainCallback(a.plain, textXML(a.plain, "o_bad", "\xc3\x28\xff", 7004, now.Unix()), now)
		}, http.StatusBadRequest, gateway.OutcomeMalformed},
		{"GBK text inside the ciphertext", func(t *testing.T, a refusalAccounts) callback {
			return safeCallback(t, a.safe, a.safe.AppID, textXML(a.safe, "o_bad", "\xc3\xc5\xc6\xb1", 7005, now.Unix()), now)
		}, http.StatusBadRequest, gateway.OutcomeMalformed},
		{"missing header", func(t *testing.T, a refusalAccounts) callback {
			return plainCallback(a.plain, []byte("<xml><MsgType>text</MsgType><Content>hi</Content></xml>"), now)
		}, http.StatusBadRequest, gateway.OutcomeMalformed},
		{"not XML", func(t *testing.T, a refusalAccounts) callback {
			return plainCallback(a.plain, []byte(`{"MsgType":"text"}`), now)
		}, http.StatusBadRequest, gateway.OutcomeMalformed},
		{"trailing data", func(t *testing.T, a refusalAccounts) callback {
			return plainCallback(a.plain, append(good(a.plain), "<xml/>"...), now)
		}, http.StatusBadRequest, gateway.OutcomeMalformed},
		{"unknown appid", func(t *testing.T, a refusalAccounts) callback {
			c := plainCallback(a.plain, good(a.plain), now)
			c.appid = "wx_not_ours"
			return c
		}, http.StatusNotFound, gateway.OutcomeUnknownAccount},
		{"safe-mode account, unencrypted push", func(t *testing.T, a refusalAccounts) callback {
			return plainCallback(a.safe, good(a.safe), now)
		}, http.StatusBadRequest, gateway.OutcomeMalformed},
		{"addressed to another gh_ id", func(t *testing.T, a refusalAccounts) callback {
			other := a.plain
			other.OriginalID = "gh_0123456789ab"
			return plainCallback(a.plain, good(other), now)
		}, http.StatusBadRequest, gateway.OutcomeMalformed},
		{"addressed to another gh_ id, encrypted", func(t *testing.T, a refusalAccounts) callback {
			return safeCallback(t, a.safe, a.safe.AppID, good(a.plain), now)
		}, http.StatusBadRequest, gateway.OutcomeMalformed},
		{"empty body", func(t *testing.T, a refusalAccounts) callback {
			return plainCallback(a.plain, nil, now)
		}, http.StatusBadRequest, gateway.OutcomeMalformed},
		{"empty body, safe mode", func(t *testing.T, a refusalAccounts) callback {
			c := sealedCallback(a.safe, "", now)
			c.body = nil
			return c
		}, http.StatusBadRequest, gateway.OutcomeMalformed},
	}
}

func encryptFor(t *testing.T, a simulator.Account, plain []byte) string {
	t.Helper()
	enc, err := mustCipher(t, a.AESKey, a.AppID).Encrypt(plain)
	if err != nil {
		t.Fatalf("encrypt: %v", err)
	}
	return enc
}

// nested is an otherwise valid push with depth levels of elements.
func nested(a simulator.Account, depth int) []byte {
	inner := strings.Repeat("<n>", depth) + "x" + strings.Repeat("</n>", depth)
	return bytes.Replace(textXML(a, "o_bad", "hi", 7006, time.Now().Unix()), []byte("</xml>"), []byte(inner+"</xml>"), 1)
}

// entityBomb is a "billion laughs" push.
func entityBomb(a simulator.Account) []byte {
	return fmt.Appendf(nil, `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>`+
		"<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName>o_bad</FromUserName><CreateTime>%d</CreateTime>"+
		"<MsgType>text</MsgType><Content>&b;</Content><MsgId>7007</MsgId></xml>", a.OriginalID, time.Now().Unix())
}

// TestStaleTimestampWindowOff: the push refused as stale is accepted, and
// stored, when the window is turned off (replaying captures).
func TestStaleTimestampWindowOff(t *testing.T) {
	stale := time.Now().Add(-48 * time.Hour)
	for _, tt := range []struct {
		name    string
		window  time.Duration
		status  int
		outcome string
		stored  int64
	}{
		{"window on", 5 * time.Minute, http.StatusForbidden, gateway.OutcomeStaleTimestamp, 0},
		{"window off", 0, http.StatusOK, gateway.OutcomeNew, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, setup{opts: gateway.Options{TimestampWindow: tt.window}})
			sa, a := h.addAccount("wx_stale", simulator.ModeSafe, true)
			c := safeCallback(t, sa, sa.AppID, textXML(sa, "o_old", "old", 8001, stale.Unix()), stale)
			before := h.outcomes()
			if status, body := h.post(c); status != tt.status {
				t.Fatalf("status %d (%s), want %d", status, body, tt.status)
			}
			assertOneOutcome(t, before, h.outcomes(), tt.outcome)
			if got := h.counts(a); got.Messages != tt.stored {
				t.Errorf("stored %d messages, want %d", got.Messages, tt.stored)
			}
		})
	}
}
