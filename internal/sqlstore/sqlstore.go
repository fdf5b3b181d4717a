// Package sqlstore owns fanbase's schema and all of its SQL. It implements
// every domain Store on database/sql, for SQLite (the embedded default,
// pure Go) and PostgreSQL (several nodes sharing one database), with the same
// embedded, ordered migrations and the same contract tests for both.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/analytics"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/inbox/burst"
	"github.com/fanbase/fanbase/internal/inbox/canned"
	"github.com/fanbase/fanbase/internal/menu"
	"github.com/fanbase/fanbase/internal/search"
	"github.com/fanbase/fanbase/internal/segment"
	"github.com/fanbase/fanbase/internal/user"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// The stores the rest of fanbase consumes; DB must keep satisfying all of them.
var (
	_ account.Store         = (*DB)(nil)
	_ inbox.Store           = (*DB)(nil)
	_ inbox.DeskStore       = (*DB)(nil)
	_ audience.Store        = (*DB)(nil)
	_ audience.NoteStore    = (*DB)(nil)
	_ audience.ProfileStore = (*DB)(nil)
	_ audience.SyncStore    = (*DB)(nil)
	_ audience.TagStore     = (*DB)(nil)
	_ canned.Store          = (*DB)(nil)
	_ content.Store         = (*DB)(nil)
	_ autoreply.Store       = (*DB)(nil)
	_ wxclient.TokenStore   = (*DB)(nil)
	_ user.Store            = (*DB)(nil)
	_ analytics.Store       = (*DB)(nil)
	_ search.Store          = (*DB)(nil)
	_ search.IndexStore     = (*DB)(nil)
	_ burst.Store           = (*DB)(nil)
	_ burst.QueueStore      = (*DB)(nil)
	_ burst.RemedyStore     = (*DB)(nil)
	_ broadcast.Store       = (*DB)(nil)
	_ menu.Store            = (*DB)(nil)
	_ segment.Store         = (*DB)(nil)
)

// Dialect names returned by (*DB).Dialect.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// DB is an open store. Writes go through w; reads through r. On SQLite w is
// a single connection (writes serialize without SQLITE_BUSY) and r a separate
// read-only pool; on PostgreSQL both are the same pool.
type DB struct {
	w     *sql.DB
	r     *sql.DB
	d     dialect
	stmts *inboundStmts
	ckpt  *checkpointer // SQLite files only
}

// Open opens the store a DSN names: postgres:// or postgresql:// URLs select
// PostgreSQL; anything else is a SQLite file path, optionally prefixed
// with "sqlite:". Pending migrations are applied before it returns.
func Open(ctx context.Context, dsn string) (*DB, error) {
	kind, target := parseDSN(dsn)
	if kind == DialectPostgres {
		return OpenPostgres(ctx, target)
	}
	return OpenSQLite(ctx, target)
}

// parseDSN tells which dialect a DSN selects and what to hand its driver.
func parseDSN(dsn string) (kind, target string) {
	lower := strings.ToLower(dsn)
	switch {
	case strings.HasPrefix(lower, "postgres://"), strings.HasPrefix(lower, "postgresql://"):
		return DialectPostgres, dsn
	case strings.HasPrefix(lower, "sqlite://"):
		return DialectSQLite, dsn[len("sqlite://"):]
	case strings.HasPrefix(lower, "sqlite:"):
		return DialectSQLite, dsn[len("sqlite:"):]
	}
	return DialectSQLite, dsn
}

// Dialect reports which database the store runs on: "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.d.name }

// Ping checks that both pools can reach the database (for /healthz).
func (db *DB) Ping(ctx context.Context) error {
	if err := db.w.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlstore: ping writer: %w", err)
	}
	if err := db.r.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlstore: ping reader: %w", err)
	}
	return nil
}

// Stats reports the connection pools' counters, for metrics.
func (db *DB) Stats() (writer, reader sql.DBStats) {
	return db.w.Stats(), db.r.Stats()
}

// Close releases the prepared statements and both pools.
func (db *DB) Close() error {
	var errList []error
	if db.stmts != nil {
		errList = append(errList, db.stmts.close())
	}
	errList = append(errList, db.w.Close())
	if db.ckpt != nil {
		errList = append(errList, db.ckpt.close())
	}
	if db.r != db.w {
		errList = append(errList, db.r.Close())
	}
	if err := errors.Join(errList...); err != nil {
		return fmt.Errorf("sqlstore: close: %w", err)
	}
	return nil
}

// start migrates the database and prepares the hot-path statements; on
// failure it closes what was opened.
func (db *DB) start(ctx context.Context) (*DB, error) {
	if err := migrate(ctx, db.w, db.d); err != nil {
		db.closeQuietly()
		return nil, err
	}
	stmts, err := prepareInbound(ctx, db.w)
	if err != nil {
		db.closeQuietly()
		return nil, err
	}
	db.stmts = stmts
	return db, nil
}

func (db *DB) closeQuietly() {
	if db.ckpt != nil {
		_ = db.ckpt.close()
	}
	_ = db.w.Close()
	if db.r != nil && db.r != db.w {
		_ = db.r.Close()
	}
}
