package wxclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// request is one API call before the access_token is added.
type request struct {
	method, path string
	query        url.Values
	body         []byte
	contentType  string // of body; "" means JSON
}

// Call makes one API call: it adds the access_token, sends in as UTF-8 JSON
// (unescaped, as WeChat requires; a json.RawMessage is sent byte for byte),
// and decodes the answer into out (may be nil). errcode != 0 comes back as
// *Error. A rejected token (40001, 40014, 42001) is refreshed and the call
// retried exactly once: WeChat did not process a call it refused for its
// token, so this is safe even for sends.
//
// Transport errors and "system busy" are retried once for GET only. A POST
// may have been delivered although its answer was lost, and resending a
// customer-service or mass message would reach the follower twice and spend
// quota; callers that know a POST is idempotent use the internal variant.
func (a *Account) Call(ctx context.Context, method, path string, query url.Values, in, out any) error {
	return a.call(ctx, method, path, query, in, out, method == http.MethodGet)
}

func (a *Account) call(ctx context.Context, method, path string, query url.Values, in, out any, idempotent bool) error {
	body, err := encodeJSON(in)
	if err != nil {
		return fmt.Errorf("wechat %s: encode request: %w", path, err)
	}
	return a.send(ctx, request{method: method, path: path, query: query, body: body}, out, idempotent)
}

// send makes the call r with the access_token, refreshing a rejected token
// and retrying exactly once (see Call).
func (a *Account) send(ctx context.Context, r request, out any, idempotent bool) error {
	path := r.path
	tok, err := a.token(ctx, "")
	if err != nil {
		return err
	}
	err = a.attempt(ctx, r, tok.Value, out, idempotent)
	if !IsTokenError(err) {
		return err
	}
	a.c.log.Warn("wechat rejected access_token, refreshing once", "appid", a.appID, "path", path, "error", err)
	fresh, terr := a.token(ctx, tok.Value)
	if terr != nil {
		return fmt.Errorf("%w; then refresh failed: %w", err, terr)
	}
	return a.attempt(ctx, r, fresh.Value, out, idempotent)
}

// attempt sends r once, or twice when idempotent and the first try met a
// transport error or "system busy".
func (a *Account) attempt(ctx context.Context, r request, tok string, out any, idempotent bool) error {
	err := a.once(ctx, r, tok, out)
	if !idempotent || !retryable(err) || ctx.Err() != nil {
		return err
	}
	t := time.NewTimer(200 * time.Millisecond)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		return err
	}
	return a.once(ctx, r, tok, out)
}

func retryable(err error) bool {
	var ne *netError
	return IsCode(err, CodeSystemBusy) || errors.As(err, &ne)
}

func (a *Account) once(ctx context.Context, r request, tok string, out any) error {
	if err := a.lim.wait(ctx); err != nil {
		return fmt.Errorf("wechat %s: %w", r.path, err)
	}
	q := url.Values{}
	for k, v := range r.query {
		q[k] = v
	}
	q.Set("access_token", tok)
	status, data, err := a.roundTripAs(ctx, r.method, r.path, q, r.body, r.contentType)
	if err != nil {
		return err
	}
	return decodeResult(r.path, status, data, out)
}

// encodeJSON renders in without HTML escaping (WeChat shows \u0026 and
// \u003c literally); nil means no body.
func encodeJSON(in any) ([]byte, error) {
	switch v := in.(type) {
	case nil:
		return nil, nil
	case json.RawMessage:
		return v, nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(in); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
