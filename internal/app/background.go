package app

import (
	"context"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// startBackground runs the periodic jobs of this node: access_token refresh
// (one refresher per account across nodes, through the store's lease) and
// message retention.
func (m *Main) startBackground() {
	ctx, cancel := context.WithCancel(context.Background())
	m.stopBg = cancel
	m.bg.Add(1)
	go func() {
		defer m.bg.Done()
		m.WeChat.RunRefresher(ctx, time.Minute, m.credentials)
	}()
	if m.Config.Retention > 0 {
		m.bg.Add(1)
		go func() {
			defer m.bg.Done()
			m.every(ctx, time.Hour, m.purgeOld)
		}()
	}
}

// every runs fn now and then at each interval until ctx ends.
func (m *Main) every(ctx context.Context, interval time.Duration, fn func(context.Context)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		fn(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// purgeOld deletes messages past the retention period, account by account.
func (m *Main) purgeOld(ctx context.Context) {
	accounts, err := m.Store.ListAccounts(ctx)
	if err != nil {
		m.Logger.Error("retention: list accounts", "error", err.Error())
		return
	}
	cutoff := time.Now().Add(-m.Config.Retention)
	for _, a := range accounts {
		n, err := m.Store.PurgeBefore(ctx, a.ID, cutoff)
		if err != nil {
			m.Logger.Error("retention: purge", "appid", a.AppID, "error", err.Error())
			continue
		}
		if n > 0 {
			m.Logger.Info("retention: purged old messages", "appid", a.AppID, "rows", n, "before", cutoff)
		}
	}
}

// credentials lists the accounts whose tokens the refresher keeps fresh:
// those with an AppSecret whose token is in use (was fetched before), so an
// account that never calls the API never makes fanbase call WeChat.
func (m *Main) credentials(ctx context.Context) []wxclient.Credentials {
	accounts, err := m.Store.ListAccounts(ctx)
	if err != nil {
		m.Logger.Error("token refresher: list accounts", "error", err.Error())
		return nil
	}
	var out []wxclient.Credentials
	for _, a := range accounts {
		if a.Secret == "" {
			continue
		}
		if _, err := m.Store.LoadToken(ctx, a.AppID); err != nil {
			continue
		}
		out = append(out, m.Credentials(a))
	}
	return out
}

// Credentials are what the WeChat client needs to call the API for a.
func (m *Main) Credentials(a *account.Account) wxclient.Credentials {
	return wxclient.Credentials{AppID: a.AppID, Secret: a.Secret, BaseURL: a.APIBase}
}
