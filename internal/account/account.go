// Package account describes the Official Accounts that one fanbase deployment
// serves: their credentials, type (subscription or service) and message mode.
package account

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

// Type is the kind of Official Account; it decides the mass-send quota.
type Type string

// Account types.
const (
	Subscription Type = "subscription"
	Service      Type = "service"
)

// Mode is the message encryption mode configured in WeChat's console.
type Mode string

// Message modes: plaintext, compatible (both) and safe (ciphertext only).
const (
	ModePlain  Mode = "plain"
	ModeCompat Mode = "compat"
	ModeSafe   Mode = "safe"
)

// DefaultTimeZone is used for reports and schedules when an account names none.
const DefaultTimeZone = "Asia/Shanghai"

// Account is one Official Account and the secrets needed to talk to it.
// Secret and AESKey must never be logged or shown.
type Account struct {
	ID         int64
	AppID      string
	Name       string
	OriginalID string // gh_… as sent in ToUserName; learnt from the first push when empty
	Secret     string
	Token      string
	AESKey     string // EncodingAESKey, 43 characters
	Type       Type
	Mode       Mode
	APIBase    string // WeChat API base URL; empty means the deployment default
	TimeZone   string
	CreatedAt  time.Time
}

// Store persists accounts.
type Store interface {
	CreateAccount(ctx context.Context, a *Account) error
	UpdateAccount(ctx context.Context, a *Account) error
	// LearnOriginalID sets the account's gh_ id only while it has none, in
	// one statement, and reports whether it did.
	LearnOriginalID(ctx context.Context, appID, originalID string) (bool, error)
	AccountByAppID(ctx context.Context, appID string) (*Account, error)
	AccountByID(ctx context.Context, id int64) (*Account, error)
	ListAccounts(ctx context.Context) ([]*Account, error)
}

var (
	appIDPattern  = regexp.MustCompile(`^[A-Za-z0-9_-]{3,64}$`)
	tokenPattern  = regexp.MustCompile(`^[A-Za-z0-9]{3,32}$`)
	aesKeyPattern = regexp.MustCompile(`^[A-Za-z0-9]{43}$`)
)

// Validate checks an account before it is stored, with messages an operator can act on.
func (a *Account) Validate() error {
	switch {
	case strings.TrimSpace(a.Name) == "":
		return errs.Errorf(errs.Invalid, "account name is required (账号名称必填)")
	case !appIDPattern.MatchString(a.AppID):
		return errs.Errorf(errs.Invalid, "appid %q is not valid: 3-64 letters, digits, _ or - (AppID 格式不正确)", a.AppID)
	case !tokenPattern.MatchString(a.Token):
		return errs.Errorf(errs.Invalid, "token must be 3-32 letters or digits, as in WeChat's console (Token 须为 3-32 位字母或数字)")
	case a.Type != Subscription && a.Type != Service:
		return errs.Errorf(errs.Invalid, "type must be subscription or service, got %q (账号类型须为 subscription 或 service)", a.Type)
	case a.Mode != ModePlain && a.Mode != ModeCompat && a.Mode != ModeSafe:
		return errs.Errorf(errs.Invalid, "mode must be plain, compat or safe, got %q (消息模式须为 plain、compat 或 safe)", a.Mode)
	case a.Mode != ModePlain && !aesKeyPattern.MatchString(a.AESKey):
		return errs.Errorf(errs.Invalid, "aes-key must be the 43-character EncodingAESKey for %s mode (EncodingAESKey 须为 43 位)", a.Mode)
	case a.AESKey != "" && !aesKeyPattern.MatchString(a.AESKey):
		return errs.Errorf(errs.Invalid, "aes-key must be 43 letters or digits (EncodingAESKey 须为 43 位字母或数字)")
	}
	if a.APIBase != "" {
		if u, err := url.Parse(a.APIBase); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return errs.Errorf(errs.Invalid, "api-base %q must be an http(s) URL (api-base 须为 http(s) 地址)", a.APIBase)
		}
	}
	if a.TimeZone == "" {
		a.TimeZone = DefaultTimeZone
	}
	if _, err := time.LoadLocation(a.TimeZone); err != nil {
		return errs.Errorf(errs.Invalid, "unknown time zone %q (时区无效)", a.TimeZone)
	}
	return nil
}

// Location returns the account's display time zone. Zones are loaded once
// per name: time.LoadLocation reads the zone database from disk, and the
// gateway asks for every callback (office-hours rules).
func (a *Account) Location() *time.Location {
	if loc, ok := zones.Load(a.TimeZone); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		loc, _ = time.LoadLocation(DefaultTimeZone)
	}
	if loc == nil {
		loc = time.UTC
	}
	zones.Store(a.TimeZone, loc)
	return loc
}

// zones caches loaded time zones by name (a handful per installation).
var zones sync.Map
