package cli

import (
	"flag"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/simulator"
)

// crowdFlags binds what a simulated account and its crowd look like; the
// simulate and loadgen commands share them.
type crowdFlags struct {
	target     string // fanbase base URL, e.g. http://127.0.0.1:8080
	acct       simulator.Account
	sc         simulator.Scenario
	mix        string
	menuKeys   string
	scenes     string
	retries    int
	reportJSON bool
}

func (c *crowdFlags) bind(fs *flag.FlagSet) {
	fs.StringVar(&c.target, "target", "http://127.0.0.1:8080", "fanbase base URL; callbacks go to TARGET/wx/APPID")
	fs.StringVar(&c.acct.AppID, "appid", "", "account appid, as added with 'fanbase account add'")
	fs.StringVar(&c.acct.Secret, "secret", "", "AppSecret the simulated API accepts")
	fs.StringVar(&c.acct.Token, "token", "", "callback Token")
	fs.StringVar(&c.acct.AESKey, "aes-key", "", "EncodingAESKey (compat and safe modes)")
	fs.StringVar(&c.acct.Mode, "mode", simulator.ModeSafe, "plain, compat or safe")
	fs.StringVar(&c.acct.OriginalID, "original-id", "gh_fanbase_sim", "the account's gh_ id sent as ToUserName")
	fs.StringVar(&c.acct.Type, "type", simulator.TypeService, "subscription or service")
	fs.Float64Var(&c.sc.Rate, "rate", 0, "pushes per second; 0 = as fast as the workers go")
	fs.IntVar(&c.sc.Count, "count", 0, "distinct pushes to send (retried copies not counted)")
	fs.DurationVar(&c.sc.Duration, "duration", 0, "stop after this long (e.g. 60s)")
	fs.IntVar(&c.sc.Concurrency, "concurrency", 32, "pushes in flight")
	fs.IntVar(&c.sc.Dup, "dup", 0, "send each push K more times, like WeChat's retries")
	fs.Float64Var(&c.sc.DupShare, "dup-share", 0, "share of pushes (0-1) that get the --dup copies; 0 = all")
	fs.IntVar(&c.sc.Followers, "followers", 1000, "size of the virtual follower pool")
	fs.Int64Var(&c.sc.Seed, "seed", time.Now().UnixNano(), "random seed; the same seed repeats the same crowd")
	fs.StringVar(&c.mix, "mix", "", "weights, e.g. text=70,subscribe=8,unsubscribe=2,click=10,scan=5,location=5")
	fs.StringVar(&c.menuKeys, "menu-keys", "MENU_TICKETS,MENU_COUPON,MENU_AGENT", "menu keys for CLICK events")
	fs.StringVar(&c.scenes, "scenes", "store_001,gate_east", "QR scenes for follows and scans")
	fs.IntVar(&c.retries, "retries", 0, "WeChat-style retries after a failed push (WeChat: 3)")
	fs.BoolVar(&c.reportJSON, "json", false, "print the report as JSON")
}

// finish validates the flags and fills the scenario's lists.
func (c *crowdFlags) finish() error {
	if err := requireFlag("appid", c.acct.AppID); err != nil {
		return err
	}
	if err := requireFlag("token", c.acct.Token); err != nil {
		return err
	}
	c.acct.CallbackURL = strings.TrimRight(c.target, "/") + "/wx/" + c.acct.AppID
	c.sc.MenuKeys = splitList(c.menuKeys)
	c.sc.Scenes = splitList(c.scenes)
	if c.mix != "" {
		mix, err := parseMix(c.mix)
		if err != nil {
			return err
		}
		c.sc.Mix = mix
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseMix reads "text=70,click=10".
func parseMix(s string) (simulator.Mix, error) {
	var m simulator.Mix
	fields := map[string]*float64{"text": &m.Text, "subscribe": &m.Subscribe, "unsubscribe": &m.Unsubscribe,
		"click": &m.Click, "scan": &m.Scan, "location": &m.Location}
	for _, part := range splitList(s) {
		name, val, ok := strings.Cut(part, "=")
		f := fields[strings.TrimSpace(name)]
		w, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if !ok || f == nil || err != nil || !(w >= 0) || math.IsInf(w, 1) { // !(w >= 0) refuses NaN too
			return m, errs.Errorf(errs.Invalid, "--mix: bad part %q; use e.g. text=70,subscribe=8,click=10 (比例格式不正确)", part)
		}
		*f = w
	}
	return m, nil
}

// recordDay is the field report's busiest day: 173,734 interactions of
// which 57,805 were follows, 1% of pushes retried three times.
func recordDay(sc simulator.Scenario) simulator.Scenario {
	sc.Count = 173_734
	sc.Mix = simulator.Mix{Subscribe: 57_805, Text: 90_000, Click: 14_000, Scan: 6_000, Location: 4_000, Unsubscribe: 1_929}
	sc.Dup, sc.DupShare = 3, 0.01
	if sc.Followers < 70_000 {
		sc.Followers = 70_000
	}
	return sc
}
