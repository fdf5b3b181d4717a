package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The browser is one headless Chromium per test binary, shared by every
// test; each test gets its own browser context (cookies, storage) in it.
var browser struct {
	once   sync.Once
	ctx    context.Context // a chromedp context whose browser runs
	cancel func()
	err    error
}

// TestMain stops the shared browser after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if browser.cancel != nil {
		browser.cancel()
	}
	os.Exit(code)
}

// chromiumPath finds the browser: FANBASE_CHROMIUM, else the usual names
// on PATH ("" when there is none).
func chromiumPath() string {
	if p := os.Getenv("FANBASE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// needBrowser returns the running shared browser, starting it on first use.
// Without a browser the test skips, unless FANBASE_REQUIRE_BROWSER is set
// (CI), where a missing browser is a failure.
func needBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("FANBASE_REQUIRE_BROWSER") != "" {
			t.Fatal("FANBASE_REQUIRE_BROWSER is set but no chromium was found: run scripts/browser.sh or set FANBASE_CHROMIUM")
		}
		t.Skip("no chromium found (set FANBASE_CHROMIUM or install Debian's chromium; scripts/browser.sh does)")
	}
	browser.once.Do(func() { browser.ctx, browser.cancel, browser.err = startBrowser(path) })
	if browser.err != nil {
		t.Fatalf("start %s: %v", path, browser.err)
	}
	return browser.ctx
}

// startBrowser launches Chromium with flags that work as root in a
// container without a display.
func startBrowser(path string) (context.Context, func(), error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.Flag("accept-lang", "zh-CN,zh"), // the users are Chinese: pages start in zh-CN
		chromedp.WindowSize(1440, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	cancel := func() { cancelCtx(); cancelAlloc() }
	if err := chromedp.Do(ctx); err != nil { // starts the browser, bound to no deadline
		cancel()
		return nil, nil, fmt.Errorf("launch browser: %w", err)
	}
	return ctx, cancel, nil
}

// waitTimeout bounds every wait for the page: generous, because a loaded
// CI machine is slow, and never an assertion about speed.
const waitTimeout = 30 * time.Second

// tab is one browser tab in a browser context of its own, pointed at one
// app. Its helpers fail the test with the page's address and text.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string

	mu      sync.Mutex
	console []string // JS exceptions and console errors, shown when the test fails
}

// newTab opens a tab in a fresh browser context (no cookies) for the app at base.
func newTab(t *testing.T, base string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(needBrowser(t), chromedp.WithNewBrowserContext())
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("open tab: %v", err)
	}
	tb := &tab{t: t, ctx: ctx, base: base}
	go tb.collectConsole()
	t.Cleanup(func() {
		if ex := tb.exceptions(); len(ex) > 0 {
			t.Errorf("uncaught JS exceptions in the pages: %q", ex)
		}
		tb.drainConsole()
		cancel()
	})
	return tb
}

// collectConsole keeps the page's errors for the test log.
func (tb *tab) collectConsole() {
	for m, err := range chromedp.Console(tb.ctx) {
		if err != nil {
			return
		}
		if m.IsException() || m.Type == "error" || m.Type == "warning" {
			tb.mu.Lock()
			tb.console = append(tb.console, fmt.Sprintf("%s: %.300s (%s)", m.Type, m.Text, m.URL))
			tb.mu.Unlock()
		}
	}
}

// exceptions returns the uncaught JS exceptions seen so far.
func (tb *tab) exceptions() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	var out []string
	for _, l := range tb.console {
		if strings.HasPrefix(l, string(chromedp.ConsoleException)) {
			out = append(out, l)
		}
	}
	return out
}

// drainConsole logs what the console collected so far and forgets it, so
// that the next page starts clean.
func (tb *tab) drainConsole() {
	tb.mu.Lock()
	lines := tb.console
	tb.console = nil
	tb.mu.Unlock()
	for _, l := range lines {
		tb.t.Logf("browser console: %s", l)
	}
}

// fail stops the test, telling where the browser was and what it showed.
func (tb *tab) fail(format string, args ...any) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	tb.t.Fatalf("%s\n  at %s\n  page text: %.1500s", fmt.Sprintf(format, args...), loc, body)
}

// do runs actions within waitTimeout.
func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, waitTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.fail("browser: %v", err)
	}
}

// open navigates to a path of the app and waits for its body.
func (tb *tab) open(path string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(tb.base+path), chromedp.WaitReady(chromedp.CSS("body")))
}

// waitVisible waits until an element matching sel is shown.
func (tb *tab) waitVisible(sel string) {
	tb.t.Helper()
	tb.do(chromedp.WaitVisible(chromedp.CSS(sel)))
}

// click waits for sel to be visible and clicks the first match.
func (tb *tab) click(sel string) {
	tb.t.Helper()
	tb.do(chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// typeInto types text into a visible field, as keystrokes.
func (tb *tab) typeInto(sel, text string) {
	tb.t.Helper()
	tb.do(chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), text, chromedp.NodeVisible))
}

// text returns the visible text of the first element matching sel.
func (tb *tab) text(sel string) string {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, waitTimeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		tb.fail("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// eval evaluates a JS expression and decodes its value.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, waitTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		tb.fail("evaluate %s: %v", expr, err)
	}
	return v
}

// count is how many elements match sel now.
func (tb *tab) count(sel string) int {
	tb.t.Helper()
	return eval[int](tb, "document.querySelectorAll("+jsString(sel)+").length")
}

// waitJS polls a JS predicate until it is true: the way to wait for a
// live update without sleeping. It survives navigations (a reload or a
// redirect in between is fine), unlike chromedp.Poll, and needs no eval
// in the page, which the app's Content-Security-Policy forbids.
func (tb *tab) waitJS(what, expr string) {
	tb.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+expr+")"))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			tb.fail("waited %s for %s (last error: %v)", waitTimeout, what, err)
		}
		time.Sleep(100 * time.Millisecond) // polling interval, not an assertion
	}
}

// reloadUntil reloads the page until a JS predicate holds: for pages that
// are not live, where only a new request shows the change.
func (tb *tab) reloadUntil(what, expr string) {
	tb.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !eval[bool](tb, "!!("+expr+")") {
		if time.Now().After(deadline) {
			tb.fail("reloaded for %s for %s", waitTimeout, what)
		}
		time.Sleep(200 * time.Millisecond) // polling interval, not an assertion
		tb.do(chromedp.Reload())
	}
}

// waitText waits until the element matching sel shows text containing want.
func (tb *tab) waitText(sel, want string) {
	tb.t.Helper()
	tb.waitJS(fmt.Sprintf("%s to show %q", sel, want), fmt.Sprintf(
		`[...document.querySelectorAll(%s)].some(e => e.innerText.includes(%s))`, jsString(sel), jsString(want)))
}

// path is the current location without the app's base URL.
func (tb *tab) path() string {
	tb.t.Helper()
	return strings.TrimPrefix(eval[string](tb, "location.pathname + location.search"), tb.base)
}

// screenshot saves a PNG of the whole page. The viewport grows to the
// page's height first (rather than stitching a full-page capture), so that
// full-height parts like the sidebar look as they do in a browser window.
func (tb *tab) screenshot(file string) {
	tb.t.Helper()
	h := eval[int64](tb, "Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")
	tb.do(chromedp.EmulateViewport(1440, max(h, 900)))
	defer tb.do(chromedp.EmulateViewport(1440, 900))
	ctx, cancel := context.WithTimeout(tb.ctx, waitTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		tb.fail("screenshot %s: %v", file, err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		tb.t.Fatalf("write %s: %v", file, err)
	}
}

// jsString quotes s as a JS string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestBrowserStarts is the smallest check that the browser and chromedp
// work here: a page renders and its Chinese text is read back.
func TestBrowserStarts(t *testing.T) {
	tab := newTab(t, "")
	tab.do(chromedp.Navigate("data:text/html;charset=utf-8,<p id=x>你好 fanbase</p>"))
	if got := tab.text("#x"); got != "你好 fanbase" {
		t.Fatalf("text of #x = %q", got)
	}
}
