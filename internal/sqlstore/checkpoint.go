package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"
)

// checkpointEvery is how often the background checkpointer copies the WAL
// into the database file.
const checkpointEvery = 250 * time.Millisecond

// checkpointer moves SQLite's checkpoints off the commit path. With
// automatic checkpoints, every ~1000th page a committing transaction also
// copies the WAL into the database and fsyncs it, and every callback waiting
// on that group commit waits too. Here the writer never checkpoints
// (wal_autocheckpoint(0)); a separate connection runs PASSIVE checkpoints,
// which never block the writer or readers.
type checkpointer struct {
	conn *sql.DB
	stop context.CancelFunc
	done sync.WaitGroup
}

func startCheckpointer(ctx context.Context, path string) (*checkpointer, error) {
	conn, err := openSQLitePool(ctx, sqliteDSN(path, false), 1)
	if err != nil {
		return nil, fmt.Errorf("checkpointer: %w", err)
	}
	runCtx, stop := context.WithCancel(context.Background())
	c := &checkpointer{conn: conn, stop: stop}
	c.done.Add(1)
	go c.run(runCtx)
	return c, nil
}

func (c *checkpointer) run(ctx context.Context) {
	defer c.done.Done()
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			// A failed passive checkpoint only means the WAL stays longer;
			// the next tick tries again.
			_, _ = c.conn.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
		}
	}
}

// close stops the loop and makes a last passive checkpoint.
func (c *checkpointer) close() error {
	c.stop()
	c.done.Wait()
	_, err := c.conn.Exec("PRAGMA wal_checkpoint(PASSIVE)")
	if cerr := c.conn.Close(); err == nil {
		err = cerr
	}
	return err
}
