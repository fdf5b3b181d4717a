package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations
var migrationFS embed.FS

// ErrSchemaTooNew means the database was migrated by a newer fanbase than
// this one; running on would risk misreading its tables.
var ErrSchemaTooNew = errors.New("database schema is newer than this fanbase binary; upgrade fanbase (数据库结构版本高于当前程序，请升级 fanbase)")

// migration is one embedded migrations/<dialect>/NNNN_name.sql file.
type migration struct {
	version int64
	name    string
	sql     string
}

// migrate applies every pending migration, each in its own transaction and
// recorded in schema_migrations, until the database is current.
func migrate(ctx context.Context, pool *sql.DB, d dialect) error {
	ms, err := loadMigrations(d.name)
	if err != nil {
		return err
	}
	for {
		done, err := applyNext(ctx, pool, d, ms)
		if err != nil {
			return err
		}
		if done {
			return nil
		}
	}
}

// applyNext applies the first pending migration and reports whether none was
// left. On PostgreSQL it holds an advisory lock for the transaction, so that
// nodes starting together migrate one after the other.
func applyNext(ctx context.Context, pool *sql.DB, d dialect, ms []migration) (done bool, err error) {
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("sqlstore: migrate: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	current, err := schemaVersion(ctx, tx, d)
	if err != nil {
		return false, err
	}
	next, ok, err := pending(current, ms)
	if err != nil {
		return false, err
	}
	if !ok {
		if err := tx.Commit(); err != nil {
			return false, fmt.Errorf("sqlstore: migrate: commit: %w", err)
		}
		return true, nil
	}
	if _, err := tx.ExecContext(ctx, next.sql); err != nil {
		return false, fmt.Errorf("sqlstore: migration %d_%s: %w", next.version, next.name, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
		next.version, next.name, d.ts(time.Now()))
	if err != nil {
		return false, fmt.Errorf("sqlstore: record migration %d: %w", next.version, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("sqlstore: commit migration %d: %w", next.version, err)
	}
	return false, nil
}

// schemaVersion locks (on PostgreSQL), creates schema_migrations if needed and
// returns the highest applied version.
func schemaVersion(ctx context.Context, tx *sql.Tx, d dialect) (int64, error) {
	if d.lockMigrations != "" {
		if _, err := tx.ExecContext(ctx, d.lockMigrations); err != nil {
			return 0, fmt.Errorf("sqlstore: migrate: lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, d.createMigrations); err != nil {
		return 0, fmt.Errorf("sqlstore: migrate: create schema_migrations: %w", err)
	}
	var v int64
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: migrate: read version: %w", err)
	}
	return v, nil
}

// pending returns the first migration after current (ok=false when current
// is the latest), and ErrSchemaTooNew when the database is ahead of the binary.
func pending(current int64, ms []migration) (next migration, ok bool, err error) {
	latest := ms[len(ms)-1].version
	if current > latest {
		return migration{}, false, fmt.Errorf("sqlstore: database schema version %d, this binary knows up to %d: %w",
			current, latest, ErrSchemaTooNew)
	}
	for _, m := range ms {
		if m.version > current {
			return m, true, nil
		}
	}
	return migration{}, false, nil
}

// loadMigrations reads the dialect's embedded migrations in version order.
func loadMigrations(dialectName string) ([]migration, error) {
	dir := path.Join("migrations", dialectName)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: read migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		m, err := readMigration(dir, e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return sortMigrations(ms)
}

func readMigration(dir, file string) (migration, error) {
	num, name, ok := strings.Cut(strings.TrimSuffix(file, ".sql"), "_")
	v, err := strconv.ParseInt(num, 10, 64)
	if !ok || err != nil || v <= 0 {
		return migration{}, fmt.Errorf("sqlstore: migration file %q: want NNNN_name.sql", file)
	}
	body, err := fs.ReadFile(migrationFS, path.Join(dir, file))
	if err != nil {
		return migration{}, fmt.Errorf("sqlstore: read migration %q: %w", file, err)
	}
	return migration{version: v, name: name, sql: string(body)}, nil
}

func sortMigrations(ms []migration) ([]migration, error) {
	if len(ms) == 0 {
		return nil, errors.New("sqlstore: no migrations embedded")
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("sqlstore: two migrations numbered %d", ms[i].version)
		}
	}
	return ms, nil
}
