package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/sqlstore/storetest"
)

func TestSQLiteStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store { return openSQLite(t) })
}

func TestPostgresStore(t *testing.T) {
	skipWithoutPostgres(t)
	storetest.Run(t, func(t *testing.T) storetest.Store { return mustOpen(t, freshPostgres(t)) })
}

// backends lists the DSNs of fresh, empty databases to run a test against.
func backends(t *testing.T) map[string]func(t *testing.T) string {
	b := map[string]func(t *testing.T) string{
		"sqlite": func(t *testing.T) string { return filepath.Join(t.TempDir(), "fanbase.db") },
	}
	if os.Getenv(postgresEnv) != "" {
		b["postgres"] = func(t *testing.T) string { return freshPostgres(t) }
	}
	return b
}

func TestMigrationsIdempotent(t *testing.T) {
	for name, fresh := range backends(t) {
		t.Run(name, func(t *testing.T) {
			dsn := fresh(t)
			db := openClose(t, dsn, func(db *sqlstore.DB) {
				a := &account.Account{AppID: "wx_keep", Name: "keep", Token: "tok", Type: account.Service, Mode: account.ModePlain}
				if err := db.CreateAccount(t.Context(), a); err != nil {
					t.Fatalf("CreateAccount: %v", err)
				}
			})
			openClose(t, dsn, func(db *sqlstore.DB) {
				if _, err := db.AccountByAppID(t.Context(), "wx_keep"); err != nil {
					t.Errorf("account lost across reopen: %v", err)
				}
			})
			if got, want := migrationCount(t, db, dsn), embeddedMigrations(t, db); got != want {
				t.Errorf("schema_migrations has %d rows, want %d", got, want)
			}
		})
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	for name, fresh := range backends(t) {
		t.Run(name, func(t *testing.T) {
			dsn := fresh(t)
			db := openClose(t, dsn, func(*sqlstore.DB) {})
			raw := rawDB(t, db, dsn)
			_, err := raw.ExecContext(t.Context(), `INSERT INTO schema_migrations (version, name, applied_at)
				VALUES (999999, 'from_the_future', $1)`, appliedAt(db))
			if err != nil {
				t.Fatalf("insert future migration: %v", err)
			}
			db2, err := sqlstore.Open(t.Context(), dsn)
			if err == nil {
				_ = db2.Close()
				t.Fatal("Open accepted a database with a newer schema")
			}
			if !errors.Is(err, sqlstore.ErrSchemaTooNew) {
				t.Fatalf("Open error = %v, want ErrSchemaTooNew", err)
			}
		})
	}
}

// TestPostgresConcurrentOpen starts several nodes on one empty database at
// once: all must come up and each migration must be applied exactly once.
func TestPostgresConcurrentOpen(t *testing.T) {
	skipWithoutPostgres(t)
	dsn := freshPostgres(t)
	const nodes = 4
	dbs := make([]*sqlstore.DB, nodes)
	errList := make([]error, nodes)
	var wg sync.WaitGroup
	for i := range nodes {
		wg.Go(func() { dbs[i], errList[i] = sqlstore.Open(context.Background(), dsn) })
	}
	wg.Wait()
	for i := range nodes {
		if errList[i] != nil {
			t.Fatalf("node %d: %v", i, errList[i])
		}
		t.Cleanup(func() { _ = dbs[i].Close() })
	}
	if got, want := migrationCount(t, dbs[0], dsn), embeddedMigrations(t, dbs[0]); got != want {
		t.Errorf("schema_migrations has %d rows, want %d", got, want)
	}
}

func openSQLite(t testing.TB) *sqlstore.DB {
	return mustOpen(t, filepath.Join(t.TempDir(), "fanbase.db"))
}

func mustOpen(t testing.TB, dsn string) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

// openClose opens dsn, runs fn and closes the store again; it returns the
// closed store, which still tells its dialect.
func openClose(t *testing.T, dsn string, fn func(db *sqlstore.DB)) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.Open(t.Context(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	fn(db)
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return db
}

// rawDB opens the database behind dsn without the store, to tamper with it.
func rawDB(t *testing.T, db *sqlstore.DB, dsn string) *sql.DB {
	t.Helper()
	driver := "sqlite"
	if db.Dialect() == sqlstore.DialectPostgres {
		driver = "pgx"
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("open raw: %v", err)
	}
	t.Cleanup(func() { _ = raw.Close() })
	return raw
}

func appliedAt(db *sqlstore.DB) any {
	if db.Dialect() == sqlstore.DialectPostgres {
		return "2030-01-01T00:00:00Z"
	}
	return int64(1893456000000)
}

func migrationCount(t *testing.T, db *sqlstore.DB, dsn string) int {
	t.Helper()
	var n int
	if err := rawDB(t, db, dsn).QueryRowContext(t.Context(), `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
		t.Fatalf("count migrations: %v", err)
	}
	return n
}

func embeddedMigrations(t *testing.T, db *sqlstore.DB) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("migrations", db.Dialect(), "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("list migrations: %v (%d files)", err, len(files))
	}
	return len(files)
}
