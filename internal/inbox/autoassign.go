package inbox

import (
	"context"
	"errors"
	"fmt"
)

// autoAssignBatch bounds how many waiting conversations one pass looks at.
const autoAssignBatch = 200

// AutoAssign gives the account's unassigned live conversations, longest
// waiting first, to its online agents: round robin by least recently
// assigned, never past an agent's capacity. It returns how many it assigned.
// A conversation claimed meanwhile is skipped, never taken away.
func (d *Desk) AutoAssign(ctx context.Context, accountID int64) (int, error) {
	s, err := d.Settings(ctx, accountID)
	if err != nil || !s.AutoAssign {
		return 0, err
	}
	pool, err := d.assignable(ctx, accountID, s.DefaultCapacity)
	if err != nil || len(pool) == 0 {
		return 0, err
	}
	page, err := d.store.ListConversations(ctx, QueueFilter{AccountID: accountID, Unassigned: true, Limit: autoAssignBatch})
	if err != nil {
		return 0, fmt.Errorf("inbox: auto-assign: %w", err)
	}
	n := 0
	for _, item := range page.Items {
		a := nextAgent(pool)
		if a == nil {
			break
		}
		ok, err := d.assignTo(ctx, item.ID, a)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// assignable lists the online agents with room, with their capacity filled in.
func (d *Desk) assignable(ctx context.Context, accountID int64, defaultCapacity int) ([]*Agent, error) {
	agents, err := d.Agents(ctx, accountID)
	if err != nil {
		return nil, err
	}
	var pool []*Agent
	for i := range agents {
		a := &agents[i]
		if a.Capacity == 0 {
			a.Capacity = defaultCapacity
		}
		if a.Online && a.Load < a.Capacity {
			pool = append(pool, a)
		}
	}
	return pool, nil
}

// nextAgent picks the agent with room who was assigned least recently
// (never assigned first, then by user id).
func nextAgent(pool []*Agent) *Agent {
	var best *Agent
	for _, a := range pool {
		if a.Load >= a.Capacity {
			continue
		}
		if best == nil || a.LastAssignedAt.Before(best.LastAssignedAt) ||
			a.LastAssignedAt.Equal(best.LastAssignedAt) && a.UserID < best.UserID {
			best = a
		}
	}
	return best
}

// assignTo gives the conversation to a if it is still unassigned.
func (d *Desk) assignTo(ctx context.Context, id int64, a *Agent) (bool, error) {
	now := d.now()
	c, err := d.store.ModifyConversation(ctx, id, func(c *Conversation) error {
		if !c.Live() || c.AssigneeID != 0 {
			return errSkip
		}
		c.Status, c.AssigneeID, c.AssignedAt = StatusAssigned, a.UserID, now
		return nil
	})
	if errors.Is(err, errSkip) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("inbox: auto-assign conversation %d: %w", id, err)
	}
	a.Load, a.LastAssignedAt = a.Load+1, now
	if err := d.store.MarkAssigned(ctx, a.UserID, c.AccountID, now); err != nil {
		return true, fmt.Errorf("inbox: auto-assign: %w", err)
	}
	d.log.Debug("inbox: conversation auto-assigned", "conversation", id, "user_id", a.UserID)
	d.publish(c)
	return true, nil
}
