package inbox

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/user"
)

// PresenceTimeout is how long after the last heartbeat an online agent
// still counts as online (a closed browser stops the heartbeats).
const PresenceTimeout = 3 * time.Minute

// Agent is a member who may work an account's inbox, with presence and load.
type Agent struct {
	UserID         int64
	Name           string
	Role           user.Role
	Capacity       int // from the membership, else the account default
	Status         PresenceStatus
	Online         bool // online and seen within PresenceTimeout
	LastSeen       time.Time
	LastAssignedAt time.Time
	Load           int // assigned live conversations
}

// SetPresence records whether the agent takes new conversations on the
// account; going online lets auto-assignment give them work at once.
func (d *Desk) SetPresence(ctx context.Context, userID, accountID int64, status PresenceStatus) error {
	if !slices.Contains([]PresenceStatus{Online, Away, Offline}, status) {
		return errs.Errorf(errs.Invalid, "presence must be online, away or offline (状态须为在线、离开或离线)")
	}
	p := Presence{UserID: userID, AccountID: accountID, Status: status, LastSeen: d.now()}
	if err := d.store.SetPresence(ctx, p); err != nil {
		return fmt.Errorf("inbox: set presence: %w", err)
	}
	if status == Online {
		d.wakeAssigner()
	}
	return nil
}

// Heartbeat keeps an agent's presence fresh while their inbox page is open.
// An agent who never set a presence stays offline.
func (d *Desk) Heartbeat(ctx context.Context, userID, accountID int64) error {
	err := d.store.TouchPresence(ctx, userID, accountID, d.now())
	if err != nil && !errs.Is(err, errs.NotFound) {
		return fmt.Errorf("inbox: heartbeat: %w", err)
	}
	return nil
}

// Presence returns the agent's presence on the account (offline when never set).
func (d *Desk) Presence(ctx context.Context, userID, accountID int64) (Presence, error) {
	all, err := d.store.Presences(ctx, accountID)
	if err != nil {
		return Presence{}, fmt.Errorf("inbox: presence: %w", err)
	}
	for _, p := range all {
		if p.UserID == userID {
			if p.Status == Online && !d.fresh(p.LastSeen) {
				p.Status = Away
			}
			return p, nil
		}
	}
	return Presence{UserID: userID, AccountID: accountID, Status: Offline}, nil
}

func (d *Desk) fresh(lastSeen time.Time) bool { return d.now().Sub(lastSeen) < PresenceTimeout }

// Agents lists who may work the account's inbox (agent role or above, not
// disabled), with presence and load, by name.
func (d *Desk) Agents(ctx context.Context, accountID int64) ([]Agent, error) {
	if d.dir == nil {
		return nil, nil
	}
	members, err := d.dir.Members(ctx, accountID)
	if err != nil {
		return nil, fmt.Errorf("inbox: members of account %d: %w", accountID, err)
	}
	presences, err := d.store.Presences(ctx, accountID)
	if err != nil {
		return nil, fmt.Errorf("inbox: presences: %w", err)
	}
	loads, err := d.store.AssigneeLoads(ctx, accountID)
	if err != nil {
		return nil, fmt.Errorf("inbox: loads: %w", err)
	}
	var out []Agent
	for _, a := range agentsOf(members, accountID) {
		u, err := d.dir.UserByID(ctx, a.UserID)
		if err != nil || u.Disabled {
			continue
		}
		a.Name, a.Load = u.Name, loads[a.UserID]
		d.withPresence(&a, presences)
		out = append(out, a)
	}
	slices.SortFunc(out, func(x, y Agent) int { return compareAgents(x, y) })
	return out, nil
}

func compareAgents(x, y Agent) int {
	switch {
	case x.Name < y.Name:
		return -1
	case x.Name > y.Name:
		return 1
	}
	return int(x.UserID - y.UserID)
}

// agentsOf folds memberships into one Agent per user with a role of agent
// or above; the account's own membership gives the capacity.
func agentsOf(members []user.Membership, accountID int64) []Agent {
	byUser := map[int64]*Agent{}
	var order []int64
	for _, m := range members {
		a := byUser[m.UserID]
		if a == nil {
			a = &Agent{UserID: m.UserID, Status: Offline}
			byUser[m.UserID], order = a, append(order, m.UserID)
		}
		if a.Role == "" || m.Role.AtLeast(a.Role) {
			a.Role = m.Role
		}
		if m.AccountID == accountID && m.Capacity > 0 || a.Capacity == 0 && m.Capacity > 0 {
			a.Capacity = m.Capacity
		}
	}
	var out []Agent
	for _, id := range order {
		if a := byUser[id]; a.Role.AtLeast(user.Agent) {
			out = append(out, *a)
		}
	}
	return out
}

func (d *Desk) withPresence(a *Agent, presences []Presence) {
	for _, p := range presences {
		if p.UserID == a.UserID {
			a.Status, a.LastSeen, a.LastAssignedAt = p.Status, p.LastSeen, p.LastAssignedAt
			a.Online = p.Status == Online && d.fresh(p.LastSeen)
		}
	}
}
