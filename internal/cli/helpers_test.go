package cli

import (
	"bytes"
	"context"
	"github.com/fanbase/fanbase/internal/errs"
	"strings"
	"testing"
	"unicode"
)

// Test account credentials. The secret and the AES key must never appear in
// any output.
const (
	testAppID  = "wxtest0000000001"
	testSecret = "S3cretNeverPrinted0123456789abcd"
	testToken  = "testtoken123"
	testAESKey = "KeyNeverPrinted0123456789abcdefghijklmnopqr"
)

// result is what one in-process command line produced.
type result struct {
	stdout, stderr string
	err            error
}

// runCLI runs one command line with the given environment variables.
func runCLI(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	return runCtx(t.Context(), env, args...)
}

func runCtx(ctx context.Context, env map[string]string, args ...string) result {
	var out, errOut bytes.Buffer
	err := Run(ctx, args, func(k string) string { return env[k] }, &out, &errOut)
	return result{out.String(), errOut.String(), err}
}

// mustRun runs a command line that must succeed and returns its stdout.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	r := runCLI(t, nil, args...)
	if r.err != nil {
		t.Fatalf("fanbase %s: %v\nstderr: %s", strings.Join(args, " "), r.err, r.stderr)
	}
	return r.stdout
}

// addAccount adds a safe-mode test account under dir through the CLI.
func addAccount(t *testing.T, dir, appID string) {
	t.Helper()
	mustRun(t, "account", "add", "--data", dir, "--appid", appID, "--name", "测试号 "+appID,
		"--secret", testSecret, "--token", testToken, "--aes-key", testAESKey)
}

// hasHan reports whether s holds Chinese characters.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// assertNoSecrets fails when output shows the account's secrets.
func assertNoSecrets(t *testing.T, output string) {
	t.Helper()
	for _, s := range []string{testSecret, testAESKey} {
		if strings.Contains(output, s) {
			t.Fatalf("output shows a secret %q:\n%s", s, output)
		}
	}
}

// wantError runs a command line that must fail with code and a message
// that carries Chinese, and returns the result for further checks.
func wantError(t *testing.T, code errs.Code, args ...string) result {
	t.Helper()
	r := runCLI(t, nil, args...)
	if !errs.Is(r.err, code) {
		t.Fatalf("err = %v (code %q), want %s", r.err, errs.CodeOf(r.err), code)
	}
	if !hasHan(r.err.Error()) {
		t.Errorf("error has no Chinese: %v", r.err)
	}
	return r
}
