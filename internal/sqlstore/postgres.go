package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// Pool limits for PostgreSQL: enough for a busy node, well under the
// server's default max_connections when a few nodes share it.
const (
	pgMaxOpenConns = 20
	pgMaxIdleConns = 10
)

// OpenPostgres connects to the PostgreSQL database at url and applies pending
// migrations (one node at a time, under an advisory lock).
func OpenPostgres(ctx context.Context, url string) (*DB, error) {
	pool, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open PostgreSQL: %w", err)
	}
	pool.SetMaxOpenConns(pgMaxOpenConns)
	pool.SetMaxIdleConns(pgMaxIdleConns)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if err := pool.PingContext(ctx); err != nil {
		_ = pool.Close()
		return nil, fmt.Errorf("sqlstore: connect to PostgreSQL (连接 PostgreSQL 失败): %w", err)
	}
	db := &DB{w: pool, r: pool, d: postgresDialect}
	return db.start(ctx)
}

// pgErrCode returns the SQLSTATE of a PostgreSQL error, or "".
func pgErrCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

func pgUnique(err error) bool     { return pgErrCode(err) == "23505" }
func pgForeignKey(err error) bool { return pgErrCode(err) == "23503" }
