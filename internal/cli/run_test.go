package cli

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
)

func TestUnknownCommand(t *testing.T) {
	t.Parallel()
	r := runCLI(t, nil, "frobnicate")
	if !errs.Is(r.err, errs.Invalid) || !strings.Contains(r.err.Error(), "frobnicate") || !hasHan(r.err.Error()) {
		t.Fatalf("err = %v, want a bilingual invalid error naming the command", r.err)
	}
	if !strings.Contains(r.stderr, "Usage: fanbase <command>") || !strings.Contains(r.stderr, "account") {
		t.Errorf("usage not on stderr: %q", r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout = %q, want nothing", r.stdout)
	}
	if ExitCode(r.err) != 2 {
		t.Errorf("exit code %d, want 2", ExitCode(r.err))
	}
}

func TestHelpListsCommands(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}, nil} {
		r := runCLI(t, nil, args...)
		if r.err != nil {
			t.Fatalf("%v: %v", args, r.err)
		}
		for name := range commands() {
			if !strings.Contains(r.stdout, "  "+name+" ") {
				t.Errorf("%v: help misses command %q:\n%s", args, name, r.stdout)
			}
		}
		if !strings.Contains(r.stdout, "FANBASE_") {
			t.Errorf("%v: help does not mention the environment variables", args)
		}
	}
}

func TestCommandHelpFlag(t *testing.T) {
	t.Parallel()
	r := runCLI(t, nil, "stats", "-h")
	if !errors.Is(r.err, flag.ErrHelp) {
		t.Fatalf("err = %v, want flag.ErrHelp", r.err)
	}
	if !strings.Contains(r.stderr, "-account") {
		t.Errorf("flag help not on stderr: %q", r.stderr)
	}
	if ExitCode(r.err) != 2 {
		t.Errorf("exit code %d, want 2", ExitCode(r.err))
	}
}

func TestExitCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want int
	}{
		{errs.Errorf(errs.Invalid, "bad"), 2},
		{fmt.Errorf("wrapped: %w", errs.Errorf(errs.Invalid, "bad")), 2},
		{flag.ErrHelp, 2},
		{errs.Errorf(errs.NotFound, "gone"), 1},
		{errs.Errorf(errs.Conflict, "taken"), 1},
		{errors.New("boom"), 1},
	}
	for _, tt := range tests {
		if got := ExitCode(tt.err); got != tt.want {
			t.Errorf("ExitCode(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

func TestUnknownFlagIsInvalid(t *testing.T) {
	t.Parallel()
	r := runCLI(t, nil, "account", "list", "--data", t.TempDir(), "--colour")
	if !errs.Is(r.err, errs.Invalid) || ExitCode(r.err) != 2 {
		t.Fatalf("err = %v, want invalid", r.err)
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	if out := mustRun(t, "version"); !strings.HasPrefix(out, "fanbase ") {
		t.Fatalf("version = %q", out)
	}
}
