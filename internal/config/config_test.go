package config

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

func TestFlagsAndEnv(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		env   map[string]string
		check func(t *testing.T, c Config)
	}{
		{"defaults", nil, nil, func(t *testing.T, c Config) {
			if c.Addr != ":8080" || c.TimestampWindow != 5*time.Minute || c.DSN() != "fanbase-data/fanbase.db" {
				t.Fatalf("unexpected defaults: %+v", c)
			}
		}},
		{"env sets", nil, map[string]string{"FANBASE_TIMESTAMP_WINDOW": "0", "FANBASE_ADDR": ":9", "FANBASE_DB": "postgres://x/y"},
			func(t *testing.T, c Config) {
				if c.TimestampWindow != 0 || c.Addr != ":9" || !c.UsesPostgres() || c.DSN() != "postgres://x/y" {
					t.Fatalf("env not applied: %+v", c)
				}
			}},
		{"flag beats env", []string{"--addr", ":7"}, map[string]string{"FANBASE_ADDR": ":9"}, func(t *testing.T, c Config) {
			if c.Addr != ":7" {
				t.Fatalf("addr = %q, want :7", c.Addr)
			}
		}},
		{"retention days", []string{"--retention", "365d"}, nil, func(t *testing.T, c Config) {
			if c.Retention != 365*24*time.Hour {
				t.Fatalf("retention = %s", c.Retention)
			}
		}},
		{"window duration", []string{"--timestamp-window", "90s"}, nil, func(t *testing.T, c Config) {
			if c.TimestampWindow != 90*time.Second {
				t.Fatalf("window = %s", c.TimestampWindow)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			c.ServeFlags(fs)
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			if err := ApplyEnv(fs, func(k string) string { return tt.env[k] }); err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Config)
		ok     bool
	}{
		{"default", func(*Config) {}, true},
		{"mysql url", func(c *Config) { c.DB = "mysql://x" }, false},
		{"commit timeout past 5s", func(c *Config) { c.CommitTimeout = 6 * time.Second }, false},
		{"bad api base", func(c *Config) { c.APIBase = "ftp://x" }, false},
		{"bad log level", func(c *Config) { c.LogLevel = "loud" }, false},
		{"tiny body", func(c *Config) { c.MaxBody = 10 }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.mutate(&c)
			if err := c.Validate(); (err == nil) != tt.ok {
				t.Fatalf("Validate() = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestBadEnvIsAnError(t *testing.T) {
	c := Default()
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	c.ServeFlags(fs)
	_ = fs.Parse(nil)
	err := ApplyEnv(fs, func(k string) string {
		if k == "FANBASE_BATCH_MAX" {
			return "many"
		}
		return ""
	})
	if err == nil {
		t.Fatal("want an error for FANBASE_BATCH_MAX=many")
	}
}

func TestStringHidesPassword(t *testing.T) {
	c := Default()
	c.DB = "postgres://user:secret@db/fanbase"
	if s := c.String(); strings.Contains(s, "secret") {
		t.Fatalf("password leaked: %s", s)
	}
}
