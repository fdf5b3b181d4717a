package gateway

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/fanbase/fanbase/internal/inbox"
)

// ErrClosed is returned for commits submitted after the writer was closed.
var ErrClosed = errors.New("gateway: writer closed")

// Committer is the part of the store the writer needs.
type Committer interface {
	CommitInbound(ctx context.Context, batch []inbox.Inbound) ([]inbox.Committed, error)
}

// Writer is the group-commit writer: handlers hand it one push each and wait;
// it commits whatever has queued up as one transaction, so one fsync serves
// many callbacks and throughput grows with load instead of collapsing.
type Writer struct {
	store    Committer
	maxBatch int
	observe  func(size int, took time.Duration, err error)

	queue   chan *pending
	mu      sync.RWMutex // guards closed against concurrent Submit
	closed  bool
	workers sync.WaitGroup
}

type pending struct {
	item inbox.Inbound
	done chan outcome
}

type outcome struct {
	res inbox.Committed
	err error
}

// WriterOptions tune the writer.
type WriterOptions struct {
	MaxBatch   int // rows per transaction; default 256
	Committers int // concurrent transactions; 1 for SQLite (one writer anyway)
	QueueSize  int // pushes waiting; default 8192
	// Observe is called after each batch (metrics).
	Observe func(size int, took time.Duration, err error)
}

// NewWriter starts a writer; Close stops it after committing what is queued.
func NewWriter(store Committer, opts WriterOptions) *Writer {
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 256
	}
	if opts.Committers <= 0 {
		opts.Committers = 1
	}
	if opts.QueueSize <= 0 {
		opts.QueueSize = 8192
	}
	if opts.Observe == nil {
		opts.Observe = func(int, time.Duration, error) {}
	}
	w := &Writer{store: store, maxBatch: opts.MaxBatch, observe: opts.Observe, queue: make(chan *pending, opts.QueueSize)}
	for range opts.Committers {
		w.workers.Add(1)
		go w.run()
	}
	return w
}

// Commit stores one push and waits for the outcome. When ctx ends first the
// caller gets ctx's error, but the push may still be committed later: that
// is safe, because WeChat's retry then finds it as a duplicate.
func (w *Writer) Commit(ctx context.Context, item inbox.Inbound) (inbox.Committed, error) {
	p := &pending{item: item, done: make(chan outcome, 1)}
	w.mu.RLock()
	if w.closed {
		w.mu.RUnlock()
		return inbox.Committed{}, ErrClosed
	}
	select {
	case w.queue <- p:
		w.mu.RUnlock()
	case <-ctx.Done():
		w.mu.RUnlock()
		return inbox.Committed{}, fmt.Errorf("gateway: queue full: %w", ctx.Err())
	}
	select {
	case o := <-p.done:
		return o.res, o.err
	case <-ctx.Done():
		return inbox.Committed{}, fmt.Errorf("gateway: commit not confirmed in time: %w", ctx.Err())
	}
}

// Close refuses new pushes, commits every queued one and waits for the committers.
func (w *Writer) Close() {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.queue)
	}
	w.mu.Unlock()
	w.workers.Wait()
}

func (w *Writer) run() {
	defer w.workers.Done()
	batch := make([]*pending, 0, w.maxBatch)
	for first := range w.queue {
		batch = append(batch[:0], first)
		batch = w.drain(batch)
		w.commit(batch)
	}
}

// drain adds what is already queued, without waiting: under load the queue
// fills while the previous transaction commits, so batches grow by themselves.
func (w *Writer) drain(batch []*pending) []*pending {
	for len(batch) < w.maxBatch {
		select {
		case p, ok := <-w.queue:
			if !ok {
				return batch
			}
			batch = append(batch, p)
		default:
			return batch
		}
	}
	return batch
}

func (w *Writer) commit(batch []*pending) {
	items := make([]inbox.Inbound, len(batch))
	for i, p := range batch {
		items[i] = p.item
	}
	// The commit must not be cut short by any one caller's deadline: the
	// batch belongs to all of them.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	start := time.Now()
	res, err := w.store.CommitInbound(ctx, items)
	cancel()
	if err == nil && len(res) != len(batch) {
		err = fmt.Errorf("gateway: store returned %d results for %d items", len(res), len(batch))
	}
	w.observe(len(batch), time.Since(start), err)
	for i, p := range batch {
		if err != nil {
			p.done <- outcome{err: err}
			continue
		}
		p.done <- outcome{res: res[i]}
	}
}
