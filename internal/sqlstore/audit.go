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
	var a sqlArgs
	if f.AccountID != 0 {
		where = append(where, "account_id = "+a.add(f.AccountID))
	}
	if f.UserID != 0 {
		where = append(where, "user_id = "+a.add(f.UserID))
	}
	if f.Action != "" {
		prefix := f.Action + "."
		where = append(where, "(action = "+a.add(f.Action)+" OR substr(action, 1, "+
			a.add(utf8.RuneCountInString(prefix))+") = "+a.add(prefix)+")")
	}
	if f.BeforeID != 0 {
		where = append(where, "id < "+a.add(f.BeforeID))
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
	return query + fmt.Sprintf(" ORDER BY id DESC LIMIT %d", limit), a
}
