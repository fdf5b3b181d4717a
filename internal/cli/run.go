// Package cli implements fanbase's command line, one file per subcommand.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"

	"github.com/fanbase/fanbase/internal/config"
	"github.com/fanbase/fanbase/internal/errs"
)

// env is what every command gets from the outside world.
type env struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
	stdin  io.Reader // for --password-stdin
}

type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

func commands() map[string]command {
	return map[string]command{
		"serve":     {"run the server: WeChat callbacks, API, metrics (启动服务)", runServe},
		"demo":      {"run the server with a simulated demo account (演示模式)", runDemo},
		"account":   {"add, list or update Official Accounts (公众号管理)", runAccount},
		"rules":     {"import, export, test and roll back auto-reply rules (自动回复规则)", runRules},
		"stats":     {"print stored counts for an account (统计)", runStats},
		"simulate":  {"play WeChat against a running fanbase (模拟微信平台)", runSimulate},
		"loadgen":   {"send signed, encrypted callback load and measure it (压力测试)", runLoadgen},
		"version":   {"print the version", runVersion},
		"user":      {"add users, grant roles, reset passwords (用户与权限)", runUser},
		"token":     {"create, list or revoke API tokens (API 令牌)", runToken},
		"followers": {"sync followers and profiles from WeChat (同步粉丝)", runFollowers},
	}
}

// Run executes one fanbase command line.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdout: stdout, stderr: stderr, stdin: os.Stdin}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return nil
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		usage(stderr)
		return errs.Errorf(errs.Invalid, "unknown command %q (未知命令)", args[0])
	}
	return cmd.run(ctx, e, args[1:])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "fanbase — WeChat Official Account platform (微信公众号运营平台)\n\nUsage: fanbase <command> [flags]\n\nCommands:")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nEvery flag can also be set as FANBASE_<FLAG>, e.g. --api-base → FANBASE_API_BASE.\nRun 'fanbase <command> -h' for a command's flags.")
}

// ExitCode maps an error to the process exit status: 2 for bad usage.
func ExitCode(err error) int {
	if errs.Is(err, errs.Invalid) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

// parseFlags parses args, then fills unset flags from FANBASE_* variables.
func parseFlags(fs *flag.FlagSet, e *env, args []string) error {
	fs.SetOutput(e.stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errs.Errorf(errs.Invalid, "%v", err)
	}
	return config.ApplyEnv(fs, e.getenv)
}

// newLogger builds the process logger once, from the configuration.
func newLogger(cfg config.Config, w io.Writer) (*slog.Logger, error) {
	level, err := config.ParseLevel(cfg.LogLevel)
	if err != nil {
		return nil, err
	}
	opts := &slog.HandlerOptions{Level: level}
	if strings.EqualFold(cfg.LogFormat, "json") {
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return slog.New(slog.NewTextHandler(w, opts)), nil
}

// requireFlag reports a missing required flag in both languages.
func requireFlag(name, value string) error {
	if strings.TrimSpace(value) == "" {
		return errs.Errorf(errs.Invalid, "--%s is required (缺少参数 --%s)", name, name)
	}
	return nil
}
