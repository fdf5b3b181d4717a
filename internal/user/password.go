package user

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/fanbase/fanbase/internal/errs"
)

// Password length bounds. bcrypt reads at most 72 bytes, so a longer
// password would silently share a hash with its first 72 bytes.
const (
	MinPasswordLen   = 8
	maxPasswordBytes = 72
)

// ValidatePassword checks a new password's length.
func ValidatePassword(password string) error {
	if utf8.RuneCountInString(password) < MinPasswordLen {
		return errs.Errorf(errs.Invalid, "password must be at least %d characters (密码至少 %d 个字符)",
			MinPasswordLen, MinPasswordLen)
	}
	if len(password) > maxPasswordBytes {
		return errs.Errorf(errs.Invalid, "password must be at most %d bytes (密码最长 %d 字节)",
			maxPasswordBytes, maxPasswordBytes)
	}
	return nil
}

// CheckPassword reports whether password is the user's, e.g. to confirm the
// current password before changing it. It takes bcrypt's time.
func CheckPassword(u *User, password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) == nil
}

func (s *Service) cost() int {
	if s.BcryptCost != 0 {
		return s.BcryptCost
	}
	return bcrypt.DefaultCost
}

// hashPassword validates and hashes a new password.
func (s *Service) hashPassword(password string) (string, error) {
	if err := ValidatePassword(password); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), s.cost())
	if errors.Is(err, bcrypt.ErrPasswordTooLong) {
		return "", errs.Errorf(errs.Invalid, "password is too long (密码过长)")
	}
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// burnPasswordCheck runs bcrypt against a throwaway hash of the same cost,
// so that a login for an unknown user takes as long as a wrong password.
func (s *Service) burnPasswordCheck(password string) {
	s.dummyOnce.Do(func() {
		h, err := bcrypt.GenerateFromPassword([]byte("fanbase-no-such-user"), s.cost())
		if err == nil {
			s.dummyHash = string(h)
		}
	})
	_ = bcrypt.CompareHashAndPassword([]byte(s.dummyHash), []byte(password))
}
