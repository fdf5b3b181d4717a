package sqlstore

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/inbox"
)

func openTestSQLite(t *testing.T, path string) *DB {
	t.Helper()
	db, err := OpenSQLite(t.Context(), path)
	if err != nil {
		t.Fatalf("OpenSQLite: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// TestSQLitePragmas checks the durability and locking settings on real connections.
func TestSQLitePragmas(t *testing.T) {
	db := openTestSQLite(t, filepath.Join(t.TempDir(), "p.db"))
	tests := []struct {
		pool   string
		pragma string
		want   string
	}{
		{"writer", "journal_mode", "wal"},
		{"writer", "synchronous", "2"}, // FULL
		{"writer", "foreign_keys", "1"},
		{"writer", "busy_timeout", fmt.Sprint(busyTimeoutMS)},
		{"writer", "wal_autocheckpoint", "0"}, // the checkpointer does it
		{"reader", "journal_mode", "wal"},
		{"reader", "synchronous", "2"},
		{"reader", "foreign_keys", "1"},
		{"reader", "query_only", "1"},
	}
	for _, tc := range tests {
		pool := db.w
		if tc.pool == "reader" {
			pool = db.r
		}
		var got string
		if err := pool.QueryRowContext(t.Context(), "PRAGMA "+tc.pragma).Scan(&got); err != nil {
			t.Fatalf("%s PRAGMA %s: %v", tc.pool, tc.pragma, err)
		}
		if got != tc.want {
			t.Errorf("%s PRAGMA %s = %s, want %s", tc.pool, tc.pragma, got, tc.want)
		}
	}
	if _, err := db.r.ExecContext(t.Context(), `DELETE FROM leases`); err == nil {
		t.Error("the read pool accepted a write")
	}
	if db.Dialect() != DialectSQLite {
		t.Errorf("Dialect() = %q", db.Dialect())
	}
	if err := db.Ping(t.Context()); err != nil {
		t.Errorf("Ping: %v", err)
	}
}

func TestOpenSQLiteErrors(t *testing.T) {
	tests := []struct{ name, dsn string }{
		{"empty path", ""},
		{"empty after prefix", "sqlite:"},
		{"missing directory", filepath.Join(t.TempDir(), "no", "such", "dir", "x.db")},
	}
	for _, tc := range tests {
		db, err := Open(t.Context(), tc.dsn)
		if err == nil {
			_ = db.Close()
			t.Errorf("%s: Open(%q) succeeded", tc.name, tc.dsn)
		}
	}
}

func TestOpenMemory(t *testing.T) {
	db := openTestSQLite(t, ":memory:")
	a := &account.Account{AppID: "wx_mem", Name: "mem", Type: account.Service, Mode: account.ModePlain}
	if err := db.CreateAccount(t.Context(), a); err != nil {
		t.Fatalf("CreateAccount: %v", err)
	}
	if _, err := db.AccountByAppID(t.Context(), "wx_mem"); err != nil {
		t.Fatalf("in-memory store lost a write: %v", err)
	}
}

// crashChildEnv makes the test binary act as a process that commits and
// then waits to be killed with SIGKILL.
const crashChildEnv = "FANBASE_SQLSTORE_CRASH_CHILD"

// TestSQLiteSurvivesKill commits in a child process, kills it with SIGKILL
// right after the commit returned, and finds the message in the file.
func TestSQLiteSurvivesKill(t *testing.T) {
	if path := os.Getenv(crashChildEnv); path != "" {
		crashChild(path)
		return
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestSQLiteSurvivesKill$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line := waitForLine(out, "committed")
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	if line == "" {
		t.Fatal("child never reported a commit")
	}
	db := openTestSQLite(t, path)
	if _, err := db.MessageByDedupeKey(t.Context(), 1, "crash-1"); err != nil {
		t.Fatalf("acknowledged message lost after SIGKILL: %v", err)
	}
}

func waitForLine(out interface{ Read([]byte) (int, error) }, want string) string {
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if strings.Contains(sc.Text(), want) {
			return sc.Text()
		}
	}
	return ""
}

func crashChild(path string) {
	ctx := context.Background()
	db, err := OpenSQLite(ctx, path)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	a := &account.Account{AppID: "wx_crash", Name: "crash", Type: account.Service, Mode: account.ModePlain}
	if err := db.CreateAccount(ctx, a); err != nil {
		os.Exit(1)
	}
	in := inbox.Inbound{Message: inbox.Message{AccountID: a.ID, OpenID: "o_c", DedupeKey: "crash-1", MsgType: "text"}}
	if _, err := db.CommitInbound(ctx, []inbox.Inbound{in}); err != nil {
		os.Exit(1)
	}
	fmt.Println("committed")
	time.Sleep(time.Minute) // killed long before
	os.Exit(0)
}
