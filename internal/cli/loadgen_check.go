package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/fanbase/fanbase/internal/config"
	"github.com/fanbase/fanbase/internal/errs"
)

// loadgenCheck proves that every push listed in an ack log is stored.
func loadgenCheck(ctx context.Context, e *env, args []string) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("loadgen check", flag.ContinueOnError)
	cfg.StoreFlags(fs)
	appID := fs.String("account", "", "account appid")
	ackLog := fs.String("ack-log", "", "the file loadgen --ack-log wrote")
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	if err := requireFlag("ack-log", *ackLog); err != nil {
		return err
	}
	db, acct, err := openAccount(ctx, cfg, *appID)
	if err != nil {
		return err
	}
	defer db.Close()
	f, err := os.Open(*ackLog)
	if err != nil {
		return fmt.Errorf("ack log: %w", err)
	}
	defer f.Close()
	seen := map[string]bool{}
	var missing []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key := strings.TrimSpace(sc.Text())
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		if _, err := db.MessageByDedupeKey(ctx, acct.ID, key); errs.Is(err, errs.NotFound) {
			missing = append(missing, key)
		} else if err != nil {
			return fmt.Errorf("look up %s: %w", key, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read ack log: %w", err)
	}
	fmt.Fprintf(e.stdout, "acknowledged 已确认: %d distinct pushes; stored 已存储: %d; missing 丢失: %d\n",
		len(seen), len(seen)-len(missing), len(missing))
	if len(missing) > 0 {
		for _, k := range missing[:min(len(missing), 20)] {
			fmt.Fprintln(e.stdout, "  missing:", k)
		}
		return fmt.Errorf("%d acknowledged pushes are not stored (%d 条已确认的消息未存储)", len(missing), len(missing))
	}
	return nil
}
