package broadcast

import (
	"context"
	"fmt"
)

// Jobs lists a broadcast's batches (one WeChat mass-send job each) with
// the counts their MASSSENDJOBFINISH reported, so the broadcast's page can
// show the results per job beside their sum. Another account's broadcast
// is errs.NotFound.
func (s *Service) Jobs(ctx context.Context, accountID, id int64) ([]Batch, error) {
	if _, err := s.d.Store.Broadcast(ctx, accountID, id); err != nil {
		return nil, err
	}
	bs, err := s.d.Store.Batches(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("list batches of broadcast %d: %w", id, err)
	}
	return bs, nil
}
