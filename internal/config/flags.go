package config

import (
	"flag"
	"strconv"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

// EnvName is the environment variable that sets a flag: --api-base → FANBASE_API_BASE.
func EnvName(flagName string) string {
	return "FANBASE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// ApplyEnv sets every flag that was not given on the command line from its
// FANBASE_* variable, so that flags win over the environment and the
// environment over defaults. Call it after fs.Parse.
func ApplyEnv(fs *flag.FlagSet, getenv func(string) string) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var firstErr error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] || firstErr != nil {
			return
		}
		v := getenv(EnvName(f.Name))
		if v == "" {
			return
		}
		if err := fs.Set(f.Name, v); err != nil {
			firstErr = errs.Errorf(errs.Invalid, "%s=%q: %v", EnvName(f.Name), v, err)
		}
	})
	return firstErr
}

// StoreFlags binds the flags every command that opens the store takes.
func (c *Config) StoreFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Data, "data", c.Data, "data directory for the embedded SQLite database (数据目录)")
	fs.StringVar(&c.DB, "db", c.DB, "PostgreSQL URL, postgres://…; empty uses SQLite under --data")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn, error")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json")
}

// ServeFlags binds the flags of a serving process.
func (c *Config) ServeFlags(fs *flag.FlagSet) {
	c.StoreFlags(fs)
	fs.StringVar(&c.Addr, "addr", c.Addr, "HTTP listen address (监听地址)")
	fs.StringVar(&c.APIBase, "api-base", c.APIBase, "default WeChat API base URL (微信接口地址)")
	fs.Float64Var(&c.APIRate, "api-rate", c.APIRate, "WeChat API calls per second per account; 0 = default 50, negative = unlimited (每个公众号每秒调用微信接口次数)")
	fs.Var(windowValue{&c.TimestampWindow}, "timestamp-window", "refuse callbacks whose timestamp is further from now; 0 turns the check off (e.g. 300s, 5m)")
	fs.Int64Var(&c.MaxBody, "max-body", c.MaxBody, "callback body limit in bytes")
	fs.DurationVar(&c.CommitTimeout, "commit-timeout", c.CommitTimeout, "longest a callback waits for its commit before answering 503")
	fs.IntVar(&c.BatchMax, "batch-max", c.BatchMax, "pushes per group-commit transaction")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", c.SecureCookies, "mark login cookies Secure (behind an HTTPS proxy) (仅通过 HTTPS 发送登录 Cookie)")
	fs.Var(retentionValue{&c.Retention}, "retention", "delete messages older than this (e.g. 365d, 8760h); 0 keeps them forever")
}

// windowValue accepts a duration or a bare number of seconds, as in
// FANBASE_TIMESTAMP_WINDOW=300 or =0.
type windowValue struct{ d *time.Duration }

func (v windowValue) String() string {
	if v.d == nil {
		return ""
	}
	return v.d.String()
}

func (v windowValue) Set(s string) error {
	d, err := parseDuration(s)
	if err != nil {
		return err
	}
	*v.d = d
	return nil
}

// retentionValue also accepts days ("365d").
type retentionValue struct{ d *time.Duration }

func (v retentionValue) String() string { return windowValue(v).String() }

func (v retentionValue) Set(s string) error {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 {
			return errs.Errorf(errs.Invalid, "bad number of days %q", s)
		}
		*v.d = time.Duration(n) * 24 * time.Hour
		return nil
	}
	return windowValue(v).Set(s)
}

func parseDuration(s string) (time.Duration, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Duration(n) * time.Second, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, errs.Errorf(errs.Invalid, "%q is not a duration such as 300s, 5m or 300 (seconds)", s)
	}
	return d, nil
}
