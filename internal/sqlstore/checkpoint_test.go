package sqlstore

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestCheckpointerMovesWALIntoDatabase: with automatic checkpoints off on
// the writer, the background checkpointer must still copy committed pages
// into the database file, or the WAL would grow without end.
func TestCheckpointerMovesWALIntoDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ckpt.db")
	db := openTestSQLite(t, path)
	before := fileSize(t, path)
	for i := range 200 {
		_, err := db.w.ExecContext(t.Context(), `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)`,
			fmt.Sprintf("lease-%04d-%s", i, string(make([]byte, 200))), "h", i)
		if err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for fileSize(t, path) <= before {
		if time.Now().After(deadline) {
			t.Fatalf("database file still %d bytes: the WAL was never checkpointed", before)
		}
		time.Sleep(50 * time.Millisecond)
	}
	var n int
	if err := db.r.QueryRowContext(t.Context(), `SELECT count(*) FROM leases`).Scan(&n); err != nil || n != 200 {
		t.Fatalf("count = %d, %v; want 200", n, err)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
