package wxclient

import (
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultBaseURL is WeChat's API host; the simulator is selected by giving
// another base URL (per client or per account).
const DefaultBaseURL = "https://api.weixin.qq.com"

// Options configure a Client. Zero values get the documented defaults.
type Options struct {
	BaseURL       string           // default DefaultBaseURL
	HTTP          *http.Client     // default: 10 s timeout
	Store         TokenStore       // shared token + lease; nil → in-memory (single node)
	Holder        string           // this node's lease holder id; default hostname:pid:n
	Logger        *slog.Logger     // default slog.Default()
	RatePerSecond float64          // per-account call rate; default 50; < 0 disables
	Burst         int              // per-account burst; default 100
	RefreshBefore time.Duration    // refresh this long before expiry; default 10 min
	Now           func() time.Time // token expiry clock (tests); the rate limiter uses the wall clock
	// Token coordination between nodes; defaults 30 s, 15 s and 150 ms.
	LeaseTTL     time.Duration // how long a refresher holds "token:"+appid
	LeaseWait    time.Duration // how long a caller waits for another node's refresh
	PollInterval time.Duration // how often a waiting caller reads the store
}

// Credentials identify one Official Account. BaseURL, when set, overrides
// the client's (this is how an account is pointed at the simulator).
type Credentials struct {
	AppID   string
	Secret  string
	BaseURL string
}

// Client calls WeChat for many accounts; it is safe for concurrent use and
// meant to be built once per process.
type Client struct {
	opts     Options
	log      *slog.Logger
	mu       sync.Mutex
	accounts map[string]*Account
}

var holderSeq atomic.Int64

// New builds a Client, filling defaults into opts.
func New(opts Options) *Client {
	opts = withDefaults(opts)
	return &Client{opts: opts, log: opts.Logger, accounts: map[string]*Account{}}
}

func withDefaults(o Options) Options {
	o.BaseURL = strings.TrimRight(or(o.BaseURL, DefaultBaseURL), "/")
	if o.HTTP == nil {
		o.HTTP = &http.Client{Timeout: 10 * time.Second}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Store == nil {
		o.Store = newMemoryStore(o.Now)
	}
	if o.Holder == "" {
		o.Holder = defaultHolder()
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.RatePerSecond == 0 {
		o.RatePerSecond = 50
	}
	o.Burst = orDur(o.Burst, 100)
	o.RefreshBefore = orDur(o.RefreshBefore, 10*time.Minute)
	o.LeaseTTL = orDur(o.LeaseTTL, 30*time.Second)
	o.LeaseWait = orDur(o.LeaseWait, 15*time.Second)
	o.PollInterval = orDur(o.PollInterval, 150*time.Millisecond)
	return o
}

// defaultHolder is unique per Client even within one process, so that two
// Clients never share a lease by accident (the lease renews for its holder).
func defaultHolder() string {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown"
	}
	return fmt.Sprintf("%s:%d:%d", host, os.Getpid(), holderSeq.Add(1))
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func orDur[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// Account returns the handle of one account, cached per appid so that its
// token and rate limiter are shared by every caller in the process. Newer
// credentials (a rotated secret, another base URL) replace the cached ones.
func (c *Client) Account(cred Credentials) *Account {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.accounts[cred.AppID]
	if !ok {
		a = newAccount(c, cred)
		c.accounts[cred.AppID] = a
		return a
	}
	if cur := a.cred.Load(); *cur != cred {
		a.cred.Store(&cred)
	}
	return a
}

// Holder is the lease holder id this client uses.
func (c *Client) Holder() string { return c.opts.Holder }
