package burst

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/errs"
)

// RemedySource says which replies were wrong: those a rule sent (in one
// rule-set version, or any), or those containing a text, in [From, To).
type RemedySource struct {
	AccountID   int64
	RuleID      int64
	RuleVersion int64 // 0: any version of the rule
	Text        string
	From, To    time.Time
}

// Limits of one remediation.
const (
	MaxRemedyRange      = 31 * 24 * time.Hour
	MaxRemedyRecipients = 10000
)

// Validate refuses a source that names no replies or no sane time range.
func (s RemedySource) Validate() error {
	switch {
	case s.RuleID <= 0 && strings.TrimSpace(s.Text) == "":
		return errs.Errorf(errs.Invalid, "choose a rule or enter the text of the reply (请选择规则或输入回复内容)")
	case s.RuleID < 0 || s.RuleVersion < 0:
		return errs.Errorf(errs.Invalid, "invalid rule or version (规则或版本无效)")
	case s.From.IsZero() || s.To.IsZero() || !s.From.Before(s.To):
		return errs.Errorf(errs.Invalid, "the time range needs a start before its end (时间范围的开始须早于结束)")
	case s.To.Sub(s.From) > MaxRemedyRange:
		return errs.Errorf(errs.Invalid, "the time range is at most 31 days (时间范围最长 31 天)")
	}
	return nil
}

// Received is a follower who got one of the wrong replies: the latest one
// and how many.
type Received struct {
	OpenID   string
	Nickname string
	ReplyID  int64
	At       time.Time
	Content  string
	Count    int
}

// RemedyStore finds who received replies.
type RemedyStore interface {
	// RemedyRecipients lists the distinct followers who received (not
	// failed) a reply matching src, each with the latest such reply, by
	// openid, at most limit.
	RemedyRecipients(ctx context.Context, src RemedySource, limit int) ([]Received, error)
}

// Outside is a follower the correction cannot reach now, and why (a
// window message key).
type Outside struct {
	Received
	Reason string
}

// Preview is everyone a remediation concerns, split by whether a
// customer-service message can still reach them.
type Preview struct {
	Source    RemedySource
	Within    []Received
	Outside   []Outside
	Truncated bool // more than MaxRemedyRecipients followers: only the first are listed
}

// Total counts the followers listed.
func (p *Preview) Total() int { return len(p.Within) + len(p.Outside) }

// PreviewRemedy finds every follower who received the wrong replies and
// asks the window of each.
func PreviewRemedy(ctx context.Context, rs RemedyStore, w Windower, acct *account.Account, src RemedySource, now time.Time) (*Preview, error) {
	src.AccountID = acct.ID
	if err := src.Validate(); err != nil {
		return nil, err
	}
	got, err := rs.RemedyRecipients(ctx, src, MaxRemedyRecipients+1)
	if err != nil {
		return nil, fmt.Errorf("burst: remedy recipients: %w", err)
	}
	p := &Preview{Source: src}
	if len(got) > MaxRemedyRecipients {
		got, p.Truncated = got[:MaxRemedyRecipients], true
	}
	for _, rc := range got {
		open, reason, err := w.WindowOpen(ctx, acct, rc.OpenID, now)
		if err != nil {
			return nil, fmt.Errorf("burst: window of %s: %w", rc.OpenID, err)
		}
		if open {
			p.Within = append(p.Within, rc)
		} else {
			p.Outside = append(p.Outside, Outside{Received: rc, Reason: reason})
		}
	}
	return p, nil
}

// NewJob validates and stores a running bulk job sending text to the
// recipients; the caller then starts it (Runner.Start).
func NewJob(ctx context.Context, s Store, acct *account.Account, kind JobKind, text, note string,
	createdBy int64, recipients []Recipient, now time.Time) (*Job, error) {
	if err := ValidateText(text); err != nil {
		return nil, err
	}
	if len(recipients) == 0 {
		return nil, errs.Errorf(errs.Invalid, "nobody to send to (没有可发送的粉丝)")
	}
	j := &Job{AccountID: acct.ID, Kind: kind, Text: text, Note: note, CreatedBy: createdBy,
		Status: JobRunning, CreatedAt: now}
	if err := s.CreateBulkJob(ctx, j, recipients); err != nil {
		return nil, fmt.Errorf("burst: create job: %w", err)
	}
	return j, nil
}

// RecipientsOf makes job recipients of the followers within the window.
func (p *Preview) RecipientsOf() []Recipient {
	out := make([]Recipient, len(p.Within))
	for i, rc := range p.Within {
		out[i] = Recipient{OpenID: rc.OpenID}
	}
	return out
}

// ClusterRecipients makes job recipients of a cluster's members.
func ClusterRecipients(members []Waiting) []Recipient {
	out := make([]Recipient, len(members))
	for i, m := range members {
		out[i] = Recipient{OpenID: m.OpenID, ConversationID: m.ConversationID}
	}
	return out
}
