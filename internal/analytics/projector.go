package analytics

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// projectBatch is how many messages (and replies) one transaction folds in:
// large enough to catch up on a million rows in seconds, small enough that
// the SQLite writer is never held for long.
const projectBatch = 20000

// Projector keeps the rollups up to date with the messages and replies
// tables. Run it in the background on every node; the store serialises
// concurrent projectors through the cursors.
type Projector struct {
	store  Store
	logger *slog.Logger
	batch  int
}

// NewProjector returns a projector over store; a nil logger discards logs.
func NewProjector(store Store, logger *slog.Logger) *Projector {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Projector{store: store, logger: logger, batch: projectBatch}
}

// CatchUp folds in everything stored so far and returns how many messages
// and replies it counted.
func (p *Projector) CatchUp(ctx context.Context) (Progress, error) {
	var total Progress
	for {
		pr, err := p.store.ProjectAnalytics(ctx, p.batch)
		total.Messages += pr.Messages
		total.Replies += pr.Replies
		if err != nil {
			return total, fmt.Errorf("analytics: project: %w", err)
		}
		if pr.CaughtUp {
			total.CaughtUp = true
			return total, nil
		}
		if err := ctx.Err(); err != nil {
			return total, err
		}
	}
}

// Refresh folds in up to budget rows when the rollups are behind. It only
// reads when they are not, so pages may call it on every view.
func (p *Projector) Refresh(ctx context.Context, budget int) error {
	behind, err := p.store.AnalyticsBehind(ctx)
	if err != nil {
		return fmt.Errorf("analytics: check rollups: %w", err)
	}
	if !behind {
		return nil
	}
	if _, err := p.store.ProjectAnalytics(ctx, budget); err != nil {
		return fmt.Errorf("analytics: project: %w", err)
	}
	return nil
}

// Run catches up every interval until ctx ends, logging failures.
func (p *Projector) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		start := time.Now()
		pr, err := p.CatchUp(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			p.logger.Error("analytics: projector", "error", err.Error())
		case pr.Messages+pr.Replies >= p.batch:
			p.logger.Info("analytics: rollups caught up", "messages", pr.Messages, "replies", pr.Replies,
				"took_ms", time.Since(start).Milliseconds())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
