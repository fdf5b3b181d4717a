// Package config is fanbase's one typed configuration: defaults, command-line
// flags and FANBASE_* environment variables, validated in one place. There
// are no globals: commands build a Config and pass it down.
package config

import (
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

// DefaultAPIBase is WeChat's API host; the simulator is selected by changing it.
const DefaultAPIBase = "https://api.weixin.qq.com"

// Config holds everything a fanbase process needs to run.
type Config struct {
	Addr            string        // HTTP listen address
	Data            string        // data directory: the SQLite file lives here
	DB              string        // postgres://… selects PostgreSQL instead of SQLite
	APIBase         string        // default WeChat API base URL for accounts that set none
	APIRate         float64       // WeChat API calls per second per account; 0: the client's default (50), < 0: unlimited
	TimestampWindow time.Duration // 0 turns the callback timestamp check off
	MaxBody         int64         // callback body limit in bytes
	CommitTimeout   time.Duration // longest a callback waits for its commit
	BatchMax        int           // pushes per group-commit transaction
	Retention       time.Duration // 0 keeps messages forever
	LogLevel        string
	LogFormat       string // text or json
	// SecureCookies marks session cookies Secure even when fanbase sees
	// plain HTTP (behind a TLS proxy that sends no X-Forwarded-Proto).
	SecureCookies bool
}

// Default returns the configuration used when nothing is set.
func Default() Config {
	return Config{
		Addr:            ":8080",
		Data:            "fanbase-data",
		APIBase:         DefaultAPIBase,
		TimestampWindow: 5 * time.Minute,
		MaxBody:         64 << 10,
		CommitTimeout:   3 * time.Second,
		BatchMax:        256,
		LogLevel:        "info",
		LogFormat:       "text",
	}
}

// DSN is what the store opens: the PostgreSQL URL, or the SQLite file.
func (c Config) DSN() string {
	if c.DB != "" {
		return c.DB
	}
	return filepath.Join(c.Data, "fanbase.db")
}

// UsesPostgres reports whether DSN names a PostgreSQL server.
func (c Config) UsesPostgres() bool {
	return strings.HasPrefix(c.DB, "postgres://") || strings.HasPrefix(c.DB, "postgresql://")
}

// Validate reports the first setting that cannot work, in words an operator can act on.
func (c Config) Validate() error {
	switch {
	case c.DB != "" && !c.UsesPostgres():
		return errs.Errorf(errs.Invalid, "--db must be a postgres:// URL; leave it empty to use SQLite under --data (--db 须为 postgres:// 地址)")
	case c.DB == "" && c.Data == "":
		return errs.Errorf(errs.Invalid, "--data is required when --db is not set (未设置 --db 时须指定 --data)")
	case c.TimestampWindow < 0:
		return errs.Errorf(errs.Invalid, "--timestamp-window must not be negative (时间戳窗口不能为负)")
	case c.MaxBody < 1024:
		return errs.Errorf(errs.Invalid, "--max-body must be at least 1024 bytes (消息体上限至少 1024 字节)")
	case c.CommitTimeout <= 0 || c.CommitTimeout > 4500*time.Millisecond:
		return errs.Errorf(errs.Invalid, "--commit-timeout must be between 0 and 4.5s to answer within WeChat's 5 s (提交超时须在 0 到 4.5 秒之间)")
	case c.BatchMax < 1 || c.BatchMax > 5000:
		return errs.Errorf(errs.Invalid, "--batch-max must be between 1 and 5000 (批量大小须在 1 到 5000 之间)")
	case c.Retention < 0:
		return errs.Errorf(errs.Invalid, "--retention must not be negative (保留期不能为负)")
	case c.LogFormat != "text" && c.LogFormat != "json":
		return errs.Errorf(errs.Invalid, "--log-format must be text or json (日志格式须为 text 或 json)")
	}
	if _, err := ParseLevel(c.LogLevel); err != nil {
		return err
	}
	if u, err := url.Parse(c.APIBase); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errs.Errorf(errs.Invalid, "--api-base %q must be an http(s) URL (--api-base 须为 http(s) 地址)", c.APIBase)
	}
	return nil
}

// ParseLevel reads a log level name.
func ParseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, errs.Errorf(errs.Invalid, "--log-level must be debug, info, warn or error, got %q (日志级别无效)", s)
	}
	return l, nil
}

// String describes the configuration for the start-up log line, without secrets.
func (c Config) String() string {
	db := "sqlite:" + c.DSN()
	if c.UsesPostgres() {
		if u, err := url.Parse(c.DB); err == nil {
			db = u.Redacted()
		}
	}
	return fmt.Sprintf("addr=%s db=%s api_base=%s timestamp_window=%s", c.Addr, db, c.APIBase, c.TimestampWindow)
}
