package search

import (
	"context"
	"log/slog"
	"time"
)

// IndexStore builds search indexes outside the write path: SQLite's FTS5
// tables follow the messages and replies tables from a cursor. On
// PostgreSQL IndexSearch does nothing and returns 0.
type IndexStore interface {
	IndexSearch(ctx context.Context, batch int) (int, error)
}

// Indexer defaults.
const (
	IndexBatch = 500
	IndexPoll  = time.Second
)

// Indexer keeps the search index current: a message becomes searchable
// within about IndexPoll of being stored, and a burst is indexed in
// batches behind the callbacks instead of slowing their commits.
type Indexer struct {
	store IndexStore
	log   *slog.Logger
	wake  chan struct{}
	// Batch and Poll may be changed before Run.
	Batch int
	Poll  time.Duration
}

// NewIndexer builds an indexer over store; log may be nil.
func NewIndexer(store IndexStore, log *slog.Logger) *Indexer {
	if log == nil {
		log = slog.Default()
	}
	return &Indexer{store: store, log: log, wake: make(chan struct{}, 1), Batch: IndexBatch, Poll: IndexPoll}
}

// Notify asks the indexer to look now (new rows were committed); it never
// blocks.
func (x *Indexer) Notify() {
	select {
	case x.wake <- struct{}{}:
	default:
	}
}

// Run indexes until ctx ends.
func (x *Indexer) Run(ctx context.Context) {
	tick := time.NewTicker(x.Poll)
	defer tick.Stop()
	for {
		if _, err := x.CatchUp(ctx); err != nil && ctx.Err() == nil {
			x.log.Error("search: index", "error", err.Error())
		}
		select {
		case <-ctx.Done():
			return
		case <-x.wake:
		case <-tick.C:
		}
	}
}

// CatchUp indexes batch after batch until the index is current, and
// returns how many rows it indexed.
func (x *Indexer) CatchUp(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := x.store.IndexSearch(ctx, x.Batch)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
		if ctx.Err() != nil {
			return total, ctx.Err()
		}
	}
}
