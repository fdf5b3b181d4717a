package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"

	"modernc.org/sqlite" // registers the "sqlite" database/sql driver
	sqlite3 "modernc.org/sqlite/lib"
)

// busyTimeoutMS bounds how long a connection waits for a lock held by another
// process (a CLI command next to a running server) before failing.
const busyTimeoutMS = 10000

// OpenSQLite opens (creating when missing) the SQLite database at path and
// applies pending migrations. The file is in WAL mode with synchronous=FULL,
// so an acknowledged commit survives kill -9 and power loss.
func OpenSQLite(ctx context.Context, path string) (*DB, error) {
	if strings.TrimSpace(path) == "" {
		return nil, errors.New("sqlstore: SQLite path is empty (SQLite 数据库路径为空)")
	}
	w, err := openSQLitePool(ctx, sqliteDSN(path, false), 1)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open SQLite %s: %w", path, err)
	}
	db := &DB{w: w, r: w, d: sqliteDialect}
	if path != ":memory:" {
		// A separate read pool: WAL readers never wait for the writer.
		r, err := openSQLitePool(ctx, sqliteDSN(path, true), max(4, runtime.NumCPU()))
		if err != nil {
			_ = w.Close()
			return nil, fmt.Errorf("sqlstore: open SQLite reader %s: %w", path, err)
		}
		db.r = r
		if db.ckpt, err = startCheckpointer(ctx, path); err != nil {
			_ = w.Close()
			_ = r.Close()
			return nil, fmt.Errorf("sqlstore: open SQLite %s: %w", path, err)
		}
	}
	return db.start(ctx)
}

func openSQLitePool(ctx context.Context, dsn string, conns int) (*sql.DB, error) {
	pool, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	pool.SetMaxOpenConns(conns)
	pool.SetMaxIdleConns(conns)
	pool.SetConnMaxLifetime(0)
	if err := pool.PingContext(ctx); err != nil {
		_ = pool.Close()
		return nil, err
	}
	return pool, nil
}

// sqliteDSN adds the per-connection pragmas to path. The writer begins
// IMMEDIATE transactions, so it takes the write lock up front instead of
// failing on upgrade; readers are query_only.
func sqliteDSN(path string, readOnly bool) string {
	base, query, _ := strings.Cut(path, "?")
	q, err := url.ParseQuery(query)
	if err != nil {
		q = url.Values{}
	}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeoutMS))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Set("_txlock", "immediate")
		if path != ":memory:" {
			q.Add("_pragma", "wal_autocheckpoint(0)") // see checkpointer
		}
	}
	return base + "?" + q.Encode()
}

// sqliteErrCode returns the extended result code of a SQLite error, or 0.
func sqliteErrCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}

func sqliteUnique(err error) bool {
	c := sqliteErrCode(err)
	return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

func sqliteForeignKey(err error) bool {
	return sqliteErrCode(err) == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}
