// Package burst holds the service desk's tools for campaign days, when
// thousands of followers ask the same few things: clusters of similar
// questions in the open queue, bulk answers that reach every follower of a
// cluster through the customer-service API (within the reply window, each
// at most once, resumable after a crash), and remediation, which finds
// everyone who received a wrong automatic reply and sends them a
// correction.
package burst

import (
	"context"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat"
)

// JobKind says what a bulk job answers.
type JobKind string

// Job kinds.
const (
	KindCluster JobKind = "cluster" // a cluster of similar questions
	KindRemedy  JobKind = "remedy"  // a correction of a wrong reply
)

// JobStatus is whether a job still has recipients to work on.
type JobStatus string

// Job statuses.
const (
	JobRunning JobStatus = "running"
	JobDone    JobStatus = "done"
)

// Status is where one recipient of a job stands.
type Status string

// Recipient statuses. A recipient goes pending → sending → sent or failed,
// or pending → skipped_window. "sending" is committed before the API call:
// a recipient found in it after a crash may or may not have received the
// message, so it becomes "unknown" for a person to check, never resent.
const (
	StatusPending       Status = "pending"
	StatusSending       Status = "sending"
	StatusSent          Status = "sent"
	StatusFailed        Status = "failed"
	StatusSkippedWindow Status = "skipped_window"
	StatusUnknown       Status = "unknown"
)

// Statuses lists every recipient status in the order pages show them.
var Statuses = []Status{StatusPending, StatusSending, StatusSent, StatusFailed, StatusSkippedWindow, StatusUnknown}

// Job is one bulk answer: the same text to many followers of an account.
type Job struct {
	ID        int64
	AccountID int64
	Kind      JobKind
	Text      string
	// Note says what the job answers: the cluster's question, or the
	// reply being corrected and its time range.
	Note       string
	CreatedBy  int64 // the user who sent it; the replies carry it as agent
	Status     JobStatus
	CreatedAt  time.Time
	FinishedAt time.Time
	Counts     Counts // filled by reads
}

// Counts are a job's recipients by status.
type Counts struct {
	Total, Pending, Sending, Sent, Failed, Skipped, Unknown int
}

// Finished counts the recipients with a final status.
func (c Counts) Finished() int { return c.Sent + c.Failed + c.Skipped + c.Unknown }

// Add counts n recipients of status s.
func (c *Counts) Add(s Status, n int) {
	c.Total += n
	switch s {
	case StatusPending:
		c.Pending += n
	case StatusSending:
		c.Sending += n
	case StatusSent:
		c.Sent += n
	case StatusFailed:
		c.Failed += n
	case StatusSkippedWindow:
		c.Skipped += n
	case StatusUnknown:
		c.Unknown += n
	}
}

// Recipient is one follower of a job.
type Recipient struct {
	ID             int64
	JobID          int64
	OpenID         string
	ConversationID int64 // the conversation answered; 0 for a remedy
	Status         Status
	// Error is why it failed (WeChat's error), or the window's reason for
	// a skip (a message key such as "window.closed.expired").
	Error     string
	ReplyID   int64 // the stored reply, once sent
	UpdatedAt time.Time
}

// Store persists jobs and their recipients. Missing rows are errs.NotFound.
type Store interface {
	// CreateBulkJob stores a running job and its recipients, all pending,
	// in one transaction; it sets j.ID and the recipients' ids. Two
	// recipients with one openid are one recipient.
	CreateBulkJob(ctx context.Context, j *Job, recipients []Recipient) error
	// BulkJob returns a job with its counts.
	BulkJob(ctx context.Context, id int64) (*Job, error)
	// BulkJobs lists an account's latest jobs, newest first, with counts.
	BulkJobs(ctx context.Context, accountID int64, limit int) ([]Job, error)
	// RunningBulkJobs lists every job still running, of every account.
	RunningBulkJobs(ctx context.Context) ([]Job, error)
	// BulkRecipients lists a job's recipients with id > afterID in id
	// order, only those of status when it is not empty.
	BulkRecipients(ctx context.Context, jobID int64, status Status, afterID int64, limit int) ([]Recipient, error)
	// NextBulkRecipient returns the job's pending recipient with the
	// lowest id; errs.NotFound when none is left.
	NextBulkRecipient(ctx context.Context, jobID int64) (*Recipient, error)
	// MoveBulkRecipient changes a recipient from status from to status to,
	// with the error text and reply id, committed before it returns; it
	// reports false (and changes nothing) when the recipient was not in from.
	MoveBulkRecipient(ctx context.Context, id int64, from, to Status, errMsg string, replyID int64, at time.Time) (bool, error)
	// MarkBulkUnknown turns the job's "sending" recipients into "unknown"
	// and returns how many there were.
	MarkBulkUnknown(ctx context.Context, jobID int64, at time.Time) (int64, error)
	// FinishBulkJob marks the job done.
	FinishBulkJob(ctx context.Context, id int64, at time.Time) error
}

// ValidateText checks an answer before any job is made of it: what WeChat
// would refuse in a text message.
func ValidateText(text string) error {
	err := wechat.Reply{Type: wechat.ReplyText, Content: text}.Validate()
	if err != nil {
		return errs.Errorf(errs.Invalid, "%s", strings.TrimPrefix(err.Error(), wechat.ErrInvalidReply.Error()+": "))
	}
	return nil
}
