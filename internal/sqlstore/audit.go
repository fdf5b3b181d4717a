package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fanbase/fanbase/internal/user"
)

// Audit list page sizes.
const (
	auditDefaultLimit = 50
	auditMaxLimit     = 500
)

// AddAudit appends an entry to the audit log and sets e.ID.
func (db *DB) AddAudit(ctx context.Context, e *user.AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	err := db.w.QueryRowContext(ctx, `INSERT INTO audit_log (at, user_id, user_name, account_id, action, target,
		detail, ip) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		db.d.ts(e.At), e.UserID, e.UserName, e.AccountID, e.Action, e.Target, e.Detail, e.IP).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("sqlstore: audit %s: %w", e.Action, err)
	}
	e.At = e.At.UTC().Truncate(time.Millisecond)
	return nil
}

// ListAudit returns the entries the filter selects, newest first.
func (db *DB) ListAudit(ctx context.Context, f user.AuditFilter) ([]user.AuditEntry, error) {
	query, args := auditQuery(f)
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list audit: %w", err)
	}
	defer rows.Close()
	var out []user.AuditEntry
	for rows.Next() {
		var e user.AuditEntry
		if err := rows.Scan(&e.ID, scanTime(&e.At), &e.UserID, &e.UserName, &e.AccountID, &e.Action,
			&e.Target, &e.Detail, &e.IP); err != nil {
			return nil, fmt.Errorf("sqlstore: list audit: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: list audit: %w", err)
	}
	return out, nil
}

// auditQuery builds the SELECT for a filter; only the conditions it sets
// appear, so each uses its index.
func auditQuery(f user.AuditFilter) (string, []any) {
	var where []string
	var args []any
	add := func(cond string, vals ...any) {
		for range vals {
			args = append(args, nil)
			cond = strings.Replace(cond, "?", fmt.Sprintf("$%d", len(args)), 1)
		}
		copy(args[len(args)-len(vals):], vals)
		where = append(where, cond)
	}
	if f.AccountID != 0 {
		add("account_id = ?", f.AccountID)
	}
	if f.UserID != 0 {
		add("user_id = ?", f.UserID)
	}
	if f.Action != "" {
		prefix := f.Action + "."
		add("(action = ? OR substr(action, 1, ?) = ?)", f.Action, utf8.RuneCountInString(prefix), prefix)
	}
	if f.BeforeID != 0 {
		add("id < ?", f.BeforeID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = auditDefaultLimit
	}
	limit = min(limit, auditMaxLimit)
	query := `SELECT id, at, user_id, user_name, account_id, action, target, detail, ip FROM audit_log`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	return query + fmt.Sprintf(" ORDER BY id DESC LIMIT %d", limit), args
}
