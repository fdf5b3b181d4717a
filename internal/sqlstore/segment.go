package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/segment"
)

const segmentColumns = `id, account_id, name, filter, created_by, created_at, updated_at`

// CreateSegment saves a segment and sets s.ID; an unknown account is
// errs.NotFound and a name the account already uses errs.Conflict.
func (db *DB) CreateSegment(ctx context.Context, s *segment.Segment) error {
	filter, err := json.Marshal(s.Filter)
	if err != nil {
		return fmt.Errorf("sqlstore: encode segment filter: %w", err)
	}
	if s.CreatedAt.IsZero() {
		s.CreatedAt = time.Now()
	}
	if s.UpdatedAt.IsZero() {
		s.UpdatedAt = s.CreatedAt
	}
	err = db.w.QueryRowContext(ctx, `INSERT INTO segments (account_id, name, filter, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, s.AccountID, s.Name, string(filter), nullInt(s.CreatedBy),
		db.d.ts(s.CreatedAt), db.d.ts(s.UpdatedAt)).Scan(&s.ID)
	switch {
	case isForeignKey(err):
		return notFound("account", s.AccountID, "账号")
	case isUnique(err):
		return duplicateSegment(s.Name)
	case err != nil:
		return fmt.Errorf("sqlstore: create segment %q: %w", s.Name, err)
	}
	s.CreatedAt = s.CreatedAt.UTC().Truncate(time.Millisecond)
	s.UpdatedAt = s.UpdatedAt.UTC().Truncate(time.Millisecond)
	return nil
}

// UpdateSegment rewrites the name and filter of a segment of s.AccountID.
func (db *DB) UpdateSegment(ctx context.Context, s *segment.Segment) error {
	filter, err := json.Marshal(s.Filter)
	if err != nil {
		return fmt.Errorf("sqlstore: encode segment filter: %w", err)
	}
	if s.UpdatedAt.IsZero() {
		s.UpdatedAt = time.Now()
	}
	res, err := db.w.ExecContext(ctx, `UPDATE segments SET name = $3, filter = $4, updated_at = $5
		WHERE id = $1 AND account_id = $2`, s.ID, s.AccountID, s.Name, string(filter), db.d.ts(s.UpdatedAt))
	switch {
	case isUnique(err):
		return duplicateSegment(s.Name)
	case err != nil:
		return fmt.Errorf("sqlstore: update segment %d: %w", s.ID, err)
	}
	s.UpdatedAt = s.UpdatedAt.UTC().Truncate(time.Millisecond)
	return mustAffect(res, notFound("segment", s.ID, "分组"))
}

func duplicateSegment(name string) error {
	return errs.Errorf(errs.Conflict, "a segment named %q already exists (已有同名分组)", name)
}

// DeleteSegment removes a segment of the account.
func (db *DB) DeleteSegment(ctx context.Context, accountID, id int64) error {
	res, err := db.w.ExecContext(ctx, `DELETE FROM segments WHERE id = $1 AND account_id = $2`, id, accountID)
	if err != nil {
		return fmt.Errorf("sqlstore: delete segment %d: %w", id, err)
	}
	return mustAffect(res, notFound("segment", id, "分组"))
}

// Segment returns one segment of the account.
func (db *DB) Segment(ctx context.Context, accountID, id int64) (*segment.Segment, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+segmentColumns+` FROM segments
		WHERE id = $1 AND account_id = $2`, id, accountID)
	s, err := scanSegment(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("segment", id, "分组")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: segment %d: %w", id, err)
	}
	return &s, nil
}

// ListSegments lists the account's segments by name.
func (db *DB) ListSegments(ctx context.Context, accountID int64) ([]segment.Segment, error) {
	return scanAll(ctx, db.r, fmt.Sprintf("segments of %d", accountID), `SELECT `+segmentColumns+`
		FROM segments WHERE account_id = $1 ORDER BY name, id`, []any{accountID},
		func(sc scanner, s *segment.Segment) (err error) {
			*s, err = scanSegment(sc)
			return err
		})
}

func scanSegment(sc scanner) (segment.Segment, error) {
	var s segment.Segment
	var filter string
	var by sql.NullInt64
	err := sc.Scan(&s.ID, &s.AccountID, &s.Name, &filter, &by, scanTime(&s.CreatedAt), scanTime(&s.UpdatedAt))
	if err != nil {
		return s, err
	}
	s.CreatedBy = by.Int64
	if err := json.Unmarshal([]byte(filter), &s.Filter); err != nil {
		return s, fmt.Errorf("decode filter of segment %d: %w", s.ID, err)
	}
	return s, nil
}
