package sqlstore

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

// dialect holds what differs between SQLite and PostgreSQL. Queries use $N
// placeholders, which both drivers accept; times are INTEGER unix
// milliseconds on SQLite and timestamptz on PostgreSQL, always UTC.
type dialect struct {
	name string
	// intTime stores times as unix milliseconds instead of time.Time.
	intTime bool
	// forUpdate locks the selected rows where the database needs it;
	// SQLite's IMMEDIATE write transactions are already exclusive.
	forUpdate string
	// Dialect-specific statements.
	createMigrations string
	lockMigrations   string
	tryLease         string
}

var sqliteDialect = dialect{
	name:    DialectSQLite,
	intTime: true,
	createMigrations: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`,
	tryLease: `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3 + $4)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE leases.expires_at <= $3 OR leases.holder = excluded.holder`,
}

var postgresDialect = dialect{
	name:      DialectPostgres,
	forUpdate: " FOR NO KEY UPDATE", // does not wait for batches whose FK checks share-lock the account
	createMigrations: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`,
	// A fixed key ("fanbase" in ASCII) so concurrent nodes migrate one at a time.
	lockMigrations: `SELECT pg_advisory_xact_lock(7017565223502693)`,
	// Lease times come from the database clock, shared by every node.
	tryLease: `INSERT INTO leases (name, holder, expires_at)
		VALUES ($1, $2, now() + $3::bigint * interval '1 millisecond')
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE leases.expires_at <= now() OR leases.holder = excluded.holder`,
}

// ts converts t for a NOT NULL time column, at millisecond precision on
// both dialects so that they round-trip the same values.
func (d dialect) ts(t time.Time) any {
	t = t.UTC().Truncate(time.Millisecond)
	if d.intTime {
		return t.UnixMilli()
	}
	return t
}

// nullTS is ts for a nullable column: the zero time is stored as NULL.
func (d dialect) nullTS(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return d.ts(t)
}

// timeScanner reads a time column of either dialect; NULL is the zero time.
type timeScanner struct{ dst *time.Time }

func scanTime(dst *time.Time) sql.Scanner { return timeScanner{dst} }

func (s timeScanner) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*s.dst = time.Time{}
	case int64:
		*s.dst = time.UnixMilli(x).UTC()
	case time.Time:
		*s.dst = x.UTC()
	default:
		return fmt.Errorf("sqlstore: cannot read %T as a time", v)
	}
	return nil
}

// nullInt stores 0 as NULL, for optional references such as a reply's rule.
func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// blob keeps NOT NULL byte columns from receiving NULL for a nil slice.
func blob(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

func isUnique(err error) bool     { return sqliteUnique(err) || pgUnique(err) }
func isForeignKey(err error) bool { return sqliteForeignKey(err) || pgForeignKey(err) }

// notFound builds the NotFound error for a missing row.
func notFound(what string, key any, zh string) error {
	return errs.Errorf(errs.NotFound, "%s %v not found (%s不存在)", what, key, zh)
}
