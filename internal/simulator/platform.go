// Package simulator plays the WeChat platform for fanbase's demo, tests and
// load tool: it serves the server API endpoints fanbase calls (tokens,
// customer-service messages, users) with WeChat's JSON shapes, errcodes and
// limits, and it drives virtual followers whose pushes are signed and
// encrypted like WeChat's and whose replies are checked like WeChat checks
// them. It imports only the standard library, wechat and wxcrypto, so it
// tests fanbase from the outside.
package simulator

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fanbase/fanbase/internal/wechat/wxcrypto"
)

// Message modes, as configured in WeChat's console.
const (
	ModePlain  = "plain"
	ModeCompat = "compat"
	ModeSafe   = "safe"
)

// Account types; they decide quotas in WeChat.
const (
	TypeSubscription = "subscription"
	TypeService      = "service"
)

// Options tune the platform. Zero values take WeChat's defaults.
type Options struct {
	Now           func() time.Time // clock for tokens, windows and quotas; default time.Now
	TokenTTL      time.Duration    // access_token lifetime; default 7200 s
	OldTokenGrace time.Duration    // the previous token keeps working this long after a new fetch; default 5 min
	// DailyQuota overrides the per-path daily API quotas of protocol.md §6
	// (e.g. "/cgi-bin/token": 2000); a value <= 0 means unlimited.
	DailyQuota  map[string]int
	Logger      *slog.Logger
	Retries     int           // push retries after the first attempt; default 3, negative for none
	PushTimeout time.Duration // WeChat's reply deadline; default 5 s
	RetryDelay  time.Duration // pause before a retry; default none
	Client      *http.Client  // for pushes; default a pooled client
}

// Account is one Official Account as WeChat's console knows it. Secret and
// AESKey must never be logged.
type Account struct {
	AppID       string
	Secret      string
	Token       string
	AESKey      string // EncodingAESKey, 43 characters; needed for compat and safe modes
	OriginalID  string // gh_…, sent as ToUserName
	Mode        string // plain | compat | safe
	CallbackURL string // the developer server URL pushes go to
	Type        string // subscription | service
}

// Platform is one simulated WeChat: accounts, their followers, tokens and
// quotas. It is safe for concurrent use.
type Platform struct {
	opts     Options
	log      *slog.Logger
	client   *http.Client
	quotas   map[string]int
	msgID    atomic.Int64
	pageSize int // openids per user/get page

	mu         sync.RWMutex
	accounts   map[string]*account
	order      []string
	tokenIndex map[string]string // access_token → appid
	unmatched  map[int]int       // API errors that belong to no known account

	bookOnce   sync.Once
	broadcasts *broadcastBook // mass sends, previews and template messages
}

// New builds a platform with no accounts.
func New(opts Options) *Platform {
	opts = withDefaults(opts)
	p := &Platform{
		opts:       opts,
		log:        opts.Logger,
		client:     opts.Client,
		quotas:     mergeQuotas(opts.DailyQuota),
		pageSize:   userListPage,
		accounts:   map[string]*account{},
		tokenIndex: map[string]string{},
		unmatched:  map[int]int{},
	}
	p.msgID.Store(msgIDSeed())
	return p
}

func withDefaults(o Options) Options {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.TokenTTL <= 0 {
		o.TokenTTL = 7200 * time.Second
	}
	if o.OldTokenGrace <= 0 {
		o.OldTokenGrace = 5 * time.Minute
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Retries == 0 {
		o.Retries = 3
	}
	if o.PushTimeout <= 0 {
		o.PushTimeout = 5 * time.Second
	}
	if o.Client == nil {
		o.Client = newPushClient()
	}
	return o
}

func newPushClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns = 512
	tr.MaxIdleConnsPerHost = 512
	return &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// msgIDSeed starts MsgIds where real ones are today (about 2.4e16) so they
// look real, with random low digits so two platforms rarely collide.
func msgIDSeed() int64 {
	var b [2]byte
	_, _ = rand.Read(b[:])
	return time.Now().UnixMilli()*10000 + int64(binary.BigEndian.Uint16(b[:])%10000)
}

// NextMsgID returns a MsgId never returned before by this platform.
func (p *Platform) NextMsgID() int64 { return p.msgID.Add(1) }

// AddAccount registers an account, or updates its configuration and keeps
// its followers and counters when the appid is already known.
func (p *Platform) AddAccount(a Account) error {
	if err := checkAccount(a); err != nil {
		return err
	}
	var c *wxcrypto.Cipher
	if a.Mode != ModePlain || a.AESKey != "" {
		var err error
		if c, err = wxcrypto.NewCipher(a.AESKey, a.AppID); err != nil {
			return fmt.Errorf("simulator: account %s: EncodingAESKey (消息加解密密钥): %w", a.AppID, err)
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if old, ok := p.accounts[a.AppID]; ok {
		old.mu.Lock()
		old.cfg, old.cipher = a, c
		old.mu.Unlock()
		return nil
	}
	p.accounts[a.AppID] = newAccount(a, c)
	p.order = append(p.order, a.AppID)
	return nil
}

func checkAccount(a Account) error {
	switch {
	case a.AppID == "":
		return fmt.Errorf("simulator: account needs an appid (账号缺少 AppID)")
	case a.Mode != ModePlain && a.Mode != ModeCompat && a.Mode != ModeSafe:
		return fmt.Errorf("simulator: account %s: mode must be plain, compat or safe, got %q (消息模式须为 plain、compat 或 safe)", a.AppID, a.Mode)
	}
	return nil
}

// lookup returns the account or an error naming the appid.
func (p *Platform) lookup(appid string) (*account, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	a, ok := p.accounts[appid]
	if !ok {
		return nil, fmt.Errorf("simulator: unknown appid %q (未知的 AppID)", appid)
	}
	return a, nil
}

// countUnmatched records an API error that no account can own (e.g. an
// unknown appid or token).
func (p *Platform) countUnmatched(code int) {
	p.mu.Lock()
	p.unmatched[code]++
	p.mu.Unlock()
}
