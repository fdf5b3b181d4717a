package benchdata

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/fanbase/fanbase/internal/sqlstore"
)

// PostgresEnv names the variable with an admin URL of a PostgreSQL server
// (the same one the store tests use); without it, PostgreSQL benchmarks skip.
const PostgresEnv = "FANBASE_TEST_POSTGRES"

// OpenFresh opens an empty store of the dialect ("sqlite" or "postgres")
// for a benchmark: a SQLite file in tb.TempDir(), or a new schema on the
// server PostgresEnv names, dropped at the end. Both are closed by then.
func OpenFresh(tb testing.TB, dialect string) *sqlstore.DB {
	tb.Helper()
	dsn := filepath.Join(tb.TempDir(), "bench.db")
	if dialect == sqlstore.DialectPostgres {
		dsn = freshSchema(tb)
	}
	db, err := sqlstore.Open(tb.Context(), dsn)
	if err != nil {
		tb.Fatalf("open %s store: %v", dialect, err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	return db
}

// freshSchema creates a schema on the PostgresEnv server and returns a URL
// whose search_path selects it.
func freshSchema(tb testing.TB) string {
	admin := os.Getenv(PostgresEnv)
	if admin == "" {
		tb.Skipf("%s is not set: skipping PostgreSQL", PostgresEnv)
	}
	pool, err := sql.Open("pgx", admin)
	if err != nil {
		tb.Fatalf("connect to PostgreSQL: %v", err)
	}
	tb.Cleanup(func() { _ = pool.Close() })
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "bench_" + hex.EncodeToString(b)
	if _, err := pool.ExecContext(tb.Context(), `CREATE SCHEMA `+name); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	// Registered before OpenFresh's Close, so it runs after it.
	tb.Cleanup(func() { _, _ = pool.Exec(`DROP SCHEMA ` + name + ` CASCADE`) })
	u, err := url.Parse(admin)
	if err != nil {
		tb.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}
