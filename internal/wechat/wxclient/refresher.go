package wxclient

import (
	"context"
	"time"
)

// RunRefresher refreshes the tokens of the accounts list returns, every
// interval, until ctx ends, so that API callers rarely wait for a refresh.
// Every node may run it: the store lease lets one node at a time refresh an
// account, and the others pick up the saved token.
func (c *Client) RunRefresher(ctx context.Context, interval time.Duration, list func(context.Context) []Credentials) {
	if interval <= 0 {
		interval = time.Minute
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		c.refreshAll(ctx, list(ctx))
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (c *Client) refreshAll(ctx context.Context, creds []Credentials) {
	for _, cred := range creds {
		if ctx.Err() != nil {
			return
		}
		if err := c.Account(cred).RefreshIfDue(ctx); err != nil {
			c.log.Warn("refresh wechat access_token", "appid", cred.AppID, "error", err)
		}
	}
}
