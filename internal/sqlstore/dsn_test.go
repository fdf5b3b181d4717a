package sqlstore

import (
	"net/url"
	"strings"
	"testing"
)

func TestParseDSN(t *testing.T) {
	tests := []struct {
		dsn, kind, target string
	}{
		{"postgres://u@h:5432/db?sslmode=disable", DialectPostgres, "postgres://u@h:5432/db?sslmode=disable"},
		{"postgresql://u@h/db", DialectPostgres, "postgresql://u@h/db"},
		{"POSTGRES://u@h/db", DialectPostgres, "POSTGRES://u@h/db"},
		{"fanbase.db", DialectSQLite, "fanbase.db"},
		{"/var/lib/fanbase/fanbase.db", DialectSQLite, "/var/lib/fanbase/fanbase.db"},
		{"sqlite:/path/x.db", DialectSQLite, "/path/x.db"},
		{"sqlite:x.db", DialectSQLite, "x.db"},
		{"sqlite:///abs/x.db", DialectSQLite, "/abs/x.db"},
		{"file:x.db?mode=rwc", DialectSQLite, "file:x.db?mode=rwc"},
	}
	for _, tc := range tests {
		kind, target := parseDSN(tc.dsn)
		if kind != tc.kind || target != tc.target {
			t.Errorf("parseDSN(%q) = %q, %q; want %q, %q", tc.dsn, kind, target, tc.kind, tc.target)
		}
	}
}

func TestSQLiteDSN(t *testing.T) {
	tests := []struct {
		path     string
		readOnly bool
		base     string
		want     []string
		not      []string
	}{
		{"a.db", false, "a.db", []string{"journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)", "busy_timeout(10000)"}, []string{"query_only(1)"}},
		{"a.db", true, "a.db", []string{"query_only(1)", "synchronous(FULL)"}, []string{"journal_mode(WAL)"}},
		{"file:b.db?cache=private", false, "file:b.db", []string{"journal_mode(WAL)"}, nil},
	}
	for _, tc := range tests {
		dsn := sqliteDSN(tc.path, tc.readOnly)
		base, query, _ := strings.Cut(dsn, "?")
		q, err := url.ParseQuery(query)
		if err != nil || base != tc.base {
			t.Fatalf("sqliteDSN(%q) = %q (%v)", tc.path, dsn, err)
		}
		pragmas := strings.Join(q["_pragma"], " ")
		for _, w := range tc.want {
			if !strings.Contains(pragmas, w) {
				t.Errorf("sqliteDSN(%q, %v) lacks %s: %s", tc.path, tc.readOnly, w, dsn)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(pragmas, n) {
				t.Errorf("sqliteDSN(%q, %v) has %s: %s", tc.path, tc.readOnly, n, dsn)
			}
		}
		if (q.Get("_txlock") == "immediate") == tc.readOnly {
			t.Errorf("sqliteDSN(%q, %v): _txlock=%q", tc.path, tc.readOnly, q.Get("_txlock"))
		}
	}
}

// FuzzParseDSN checks that any DSN is classified without panicking and that
// only postgres URLs select PostgreSQL.
func FuzzParseDSN(f *testing.F) {
	for _, s := range []string{"postgres://x", "sqlite:", "sqlite://", "a.db?x=%zz", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dsn string) {
		kind, target := parseDSN(dsn)
		lower := strings.ToLower(dsn)
		isPG := strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://")
		if (kind == DialectPostgres) != isPG || len(target) > len(dsn) {
			t.Fatalf("parseDSN(%q) = %q, %q", dsn, kind, target)
		}
		_ = sqliteDSN(target, false)
	})
}
