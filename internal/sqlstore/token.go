package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// LoadToken returns the shared access_token of an appid; errs.NotFound when none.
func (db *DB) LoadToken(ctx context.Context, appID string) (wxclient.Token, error) {
	var t wxclient.Token
	err := db.r.QueryRowContext(ctx, `SELECT value, expires_at FROM tokens WHERE appid = $1`, appID).
		Scan(&t.Value, scanTime(&t.ExpiresAt))
	if errors.Is(err, sql.ErrNoRows) {
		return t, notFound("access token of", appID, "access_token")
	}
	if err != nil {
		return t, fmt.Errorf("sqlstore: load token of %s: %w", appID, err)
	}
	return t, nil
}

// SaveToken stores (or replaces) the shared access_token of an appid.
func (db *DB) SaveToken(ctx context.Context, appID string, t wxclient.Token) error {
	_, err := db.w.ExecContext(ctx, `INSERT INTO tokens (appid, value, expires_at, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (appid) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at,
		updated_at = excluded.updated_at`, appID, t.Value, db.d.ts(t.ExpiresAt), db.d.ts(time.Now()))
	if err != nil {
		return fmt.Errorf("sqlstore: save token of %s: %w", appID, err)
	}
	return nil
}

// TryLease takes the named lease for holder until now+ttl, or renews it when
// holder has it already; it reports false while another holder's lease is
// unexpired. One atomic upsert decides, so two nodes can never both win.
func (db *DB) TryLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	var res sql.Result
	var err error
	if db.d.intTime {
		res, err = db.w.ExecContext(ctx, db.d.tryLease, name, holder, time.Now().UnixMilli(), ttl.Milliseconds())
	} else {
		res, err = db.w.ExecContext(ctx, db.d.tryLease, name, holder, ttl.Milliseconds())
	}
	if err != nil {
		return false, fmt.Errorf("sqlstore: lease %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("sqlstore: lease %s: %w", name, err)
	}
	return n > 0, nil
}

// ReleaseLease gives the lease up early if holder has it, so another node
// can take over without waiting for expiry.
func (db *DB) ReleaseLease(ctx context.Context, name, holder string) error {
	_, err := db.w.ExecContext(ctx, `DELETE FROM leases WHERE name = $1 AND holder = $2`, name, holder)
	if err != nil {
		return fmt.Errorf("sqlstore: release lease %s: %w", name, err)
	}
	return nil
}
