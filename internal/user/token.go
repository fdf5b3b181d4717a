package user

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

// TokenPrefix starts every API token, so that leaked tokens are easy to
// recognise (and to scan for) in logs and repositories.
const TokenPrefix = "fbt_"

// tokenPrefixLen is how much of a token lists show.
const tokenPrefixLen = 12

// TokenHash is how a token is stored: its SHA-256, hex-encoded.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateToken issues an API token for the user. The token is returned once
// and never stored; ttl 0 means it never expires.
func (s *Service) CreateToken(ctx context.Context, userID int64, name string, ttl time.Duration) (string, *APIToken, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 64 {
		return "", nil, errs.Errorf(errs.Invalid, "token name must be 1 to 64 characters (令牌名称须为 1–64 个字符)")
	}
	if ttl < 0 {
		return "", nil, errs.Errorf(errs.Invalid, "token lifetime must not be negative (令牌有效期不能为负数)")
	}
	if _, err := s.activeUser(ctx, userID); err != nil {
		return "", nil, fmt.Errorf("create token: %w", err)
	}
	token := TokenPrefix + newSecret()
	now := s.now()
	t := &APIToken{UserID: userID, Name: name, Prefix: token[:tokenPrefixLen], Hash: TokenHash(token), CreatedAt: now}
	if ttl > 0 {
		t.ExpiresAt = now.Add(ttl)
	}
	if err := s.Store.CreateAPIToken(ctx, t); err != nil {
		return "", nil, fmt.Errorf("create token: %w", err)
	}
	return token, t, nil
}

// TokenUser returns who an API token belongs to, noting its use (written at
// most once a minute).
func (s *Service) TokenUser(ctx context.Context, token string) (*User, *APIToken, error) {
	bad := errs.Errorf(errs.Unauthorized, "API token is invalid, revoked or expired (API 令牌无效、已吊销或已过期)")
	if !strings.HasPrefix(token, TokenPrefix) {
		return nil, nil, bad
	}
	now := s.now()
	t, err := s.Store.APITokenByHash(ctx, TokenHash(token), now)
	if errs.Is(err, errs.NotFound) {
		return nil, nil, bad
	}
	if err != nil {
		return nil, nil, fmt.Errorf("api token: %w", err)
	}
	u, err := s.activeUser(ctx, t.UserID)
	if err != nil {
		return nil, nil, err
	}
	if now.Sub(t.LastUsed) >= touchEvery {
		if err := s.Store.TouchAPIToken(ctx, t.ID, now); err != nil {
			s.log().Warn("touch api token", "token_id", t.ID, "err", err)
		} else {
			t.LastUsed = now
		}
	}
	return u, t, nil
}
