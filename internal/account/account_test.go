package account

import (
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
)

func valid() Account {
	return Account{Name: "乐园", AppID: "wx1234567890abcdef", Token: "token123", Type: Service, Mode: ModeSafe,
		AESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Account)
		ok     bool
	}{
		{"valid", func(*Account) {}, true},
		{"plain without key", func(a *Account) { a.Mode, a.AESKey = ModePlain, "" }, true},
		{"no name", func(a *Account) { a.Name = " " }, false},
		{"bad appid", func(a *Account) { a.AppID = "wx 1" }, false},
		{"short token", func(a *Account) { a.Token = "ab" }, false},
		{"bad type", func(a *Account) { a.Type = "enterprise" }, false},
		{"bad mode", func(a *Account) { a.Mode = "aes" }, false},
		{"safe without key", func(a *Account) { a.AESKey = "" }, false},
		{"short key", func(a *Account) { a.AESKey = "abc" }, false},
		{"api base", func(a *Account) { a.APIBase = "http://127.0.0.1:9100" }, true},
		{"bad api base", func(a *Account) { a.APIBase = "not a url" }, false},
		{"bad time zone", func(a *Account) { a.TimeZone = "Mars/Base" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := valid()
			tt.mutate(&a)
			err := a.Validate()
			if (err == nil) != tt.ok {
				t.Fatalf("Validate() = %v, want ok=%v", err, tt.ok)
			}
			if err != nil && !errs.Is(err, errs.Invalid) {
				t.Fatalf("want an Invalid error, got %v", err)
			}
			if tt.ok && a.TimeZone != DefaultTimeZone {
				t.Fatalf("time zone default not applied: %q", a.TimeZone)
			}
		})
	}
}
