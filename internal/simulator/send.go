package simulator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// maxReply bounds how much of an answer is read; a passive reply is small.
const maxReply = 1 << 20

// send posts the push and retries like WeChat: after a timeout, a failed
// connection or a 5xx it resends the identical request, up to Retries more
// times. The error is non-nil only when ctx ended.
func (p *Platform) send(ctx context.Context, req pushRequest) (*PushResult, []byte, error) {
	res := &PushResult{}
	start := time.Now()
	for {
		res.Attempts++
		status, body, err := p.attempt(ctx, req)
		if ctx.Err() != nil {
			return nil, nil, fmt.Errorf("simulator: push canceled: %w", ctx.Err())
		}
		res.Status, res.Err = status, transportError(status, err)
		if !retryable(res.Err) || res.Attempts > max(p.opts.Retries, 0) {
			res.Latency = time.Since(start)
			return res, body, nil
		}
		if err := sleep(ctx, p.opts.RetryDelay); err != nil {
			return nil, nil, fmt.Errorf("simulator: push canceled: %w", err)
		}
	}
}

// attempt makes one HTTP request within WeChat's deadline, body included.
func (p *Platform) attempt(ctx context.Context, req pushRequest) (int, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, p.opts.PushTimeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, req.url, bytes.NewReader(req.body))
	if err != nil {
		return 0, nil, fmt.Errorf("simulator: build request: %w", err)
	}
	hr.Header.Set("Content-Type", "text/xml")
	hr.Header.Set("User-Agent", "Mozilla/4.0")
	resp, err := p.client.Do(hr)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxReply+1))
	if err != nil {
		return resp.StatusCode, nil, err
	}
	if len(body) > maxReply {
		return resp.StatusCode, nil, fmt.Errorf("simulator: answer larger than %d bytes", maxReply)
	}
	return resp.StatusCode, body, nil
}

// transportError classifies a failed attempt; nil when the server answered 200.
func transportError(status int, err error) error {
	var ne net.Error
	switch {
	case err != nil && (errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()):
		return &PushError{Kind: KindTimeout, Status: status, Err: err}
	case err != nil && status != 0:
		return &PushError{Kind: KindBadReply, Status: status, Err: err}
	case err != nil:
		return &PushError{Kind: KindConnect, Err: err}
	case status != http.StatusOK:
		return &PushError{Kind: fmt.Sprintf("http_%d", status), Status: status,
			Err: fmt.Errorf("developer server answered HTTP %d", status)}
	}
	return nil
}

// retryable reports whether WeChat would push again: timeouts, connection
// failures and server errors.
func retryable(err error) bool {
	pe := asPushError(err)
	if pe == nil {
		return false
	}
	return pe.Kind == KindTimeout || pe.Kind == KindConnect || pe.Status >= 500
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
