package wxclient

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

const tokenPath = "/cgi-bin/token"

// shared obtains a token through the store: the stored one if fresh, else a
// new one fetched while holding the lease "token:"+appid. A node without the
// lease keeps using the stored token while it is still valid, or polls the
// store until the holder saves a new one (bounded by ctx and LeaseWait).
func (a *Account) shared(ctx context.Context, stale string) (Token, error) {
	o := a.c.opts
	deadline := time.NewTimer(o.LeaseWait)
	defer deadline.Stop()
	for {
		t, err := a.load(ctx)
		if err != nil || a.fresh(t, stale) {
			return t, err
		}
		got, err := o.Store.TryLease(ctx, a.leaseName(), o.Holder, o.LeaseTTL)
		if err != nil {
			return Token{}, fmt.Errorf("take token lease of %s: %w", a.appID, err)
		}
		if got {
			return a.refreshHolding(ctx, stale)
		}
		if a.valid(t, stale) {
			return t, nil
		}
		if err := a.pause(ctx, deadline.C); err != nil {
			return Token{}, err
		}
	}
}

// pause waits one poll interval; it fails when ctx ends or LeaseWait passed.
func (a *Account) pause(ctx context.Context, deadline <-chan time.Time) error {
	poll := time.NewTimer(a.c.opts.PollInterval)
	defer poll.Stop()
	select {
	case <-poll.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("wait for access_token of %s: %w", a.appID, ctx.Err())
	case <-deadline:
		return errs.Errorf(errs.Unavailable,
			"access_token of %s: no token after %s waiting for another node's refresh (等待其他节点刷新 access_token 超时)",
			a.appID, a.c.opts.LeaseWait)
	}
}

func (a *Account) leaseName() string { return "token:" + a.appID }

// refreshHolding fetches and saves a token; the caller holds the lease.
func (a *Account) refreshHolding(ctx context.Context, stale string) (Token, error) {
	defer a.release(ctx)
	// Another node may have saved a token between our read and the lease.
	t, err := a.load(ctx)
	if err != nil || a.fresh(t, stale) {
		return t, err
	}
	if t, err = a.fetch(ctx); err != nil {
		return Token{}, err
	}
	if err := a.c.opts.Store.SaveToken(ctx, a.appID, t); err != nil {
		// The new token works; other nodes keep the old one (valid 5 more
		// minutes) and a later 40001 leads them to whichever token is stored.
		a.c.log.Error("save wechat access_token", "appid", a.appID, "error", err)
	}
	return t, nil
}

func (a *Account) release(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := a.c.opts.Store.ReleaseLease(ctx, a.leaseName(), a.c.opts.Holder); err != nil {
		a.c.log.Warn("release wechat token lease", "appid", a.appID, "error", err)
	}
}

type tokenAnswer struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"`
}

// fetch asks WeChat for a new token. This invalidates the previous one
// after a five-minute overlap, which is why only the lease holder calls it.
func (a *Account) fetch(ctx context.Context) (Token, error) {
	cred := a.cred.Load()
	if cred.AppID == "" || cred.Secret == "" {
		return Token{}, errs.Errorf(errs.Invalid, "account %q has no appid or secret (缺少 AppID 或 AppSecret)", cred.AppID)
	}
	q := url.Values{"grant_type": {"client_credential"}, "appid": {cred.AppID}, "secret": {cred.Secret}}
	now := a.c.opts.Now()
	status, data, err := a.roundTrip(ctx, http.MethodGet, tokenPath, q, nil)
	if err != nil {
		return Token{}, err
	}
	var ans tokenAnswer
	if err := decodeResult(tokenPath, status, data, &ans); err != nil {
		return Token{}, err
	}
	return a.accept(ans, now)
}

func (a *Account) accept(ans tokenAnswer, now time.Time) (Token, error) {
	if ans.AccessToken == "" || ans.ExpiresIn <= 0 {
		return Token{}, fmt.Errorf("wechat %s: answer without access_token or expires_in (微信未返回 access_token)", tokenPath)
	}
	life := time.Duration(ans.ExpiresIn) * time.Second
	a.lifetime.Store(int64(life))
	a.c.log.Info("wechat access_token refreshed", "appid", a.appID, "expires_in", ans.ExpiresIn, "holder", a.c.opts.Holder)
	return Token{Value: ans.AccessToken, ExpiresAt: now.Add(life)}, nil
}
