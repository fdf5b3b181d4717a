package app

import (
	"context"
	"time"
)

// startBackground runs the periodic jobs of this node: message retention.
func (m *Main) startBackground() {
	ctx, cancel := context.WithCancel(context.Background())
	m.stopBg = cancel
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
