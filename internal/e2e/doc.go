// Package e2e holds fanbase's end-to-end browser tests: the whole app
// started like production (internal/app), a simulated WeChat platform
// (internal/simulator) feeding it, and a real headless Chromium driven
// through chromedp clicking through the pages. The package has no code of
// its own; everything is in its _test.go files.
//
// The tests skip when no Chromium is found, unless FANBASE_REQUIRE_BROWSER
// is set (CI sets it through scripts/test.sh, so a missing browser fails
// there). FANBASE_CHROMIUM names the browser binary; FANBASE_SCREENSHOTS=dir
// makes TestScreenshots save full-page PNGs of the main pages into dir
// (scripts/screenshots.sh writes docs/screenshots/).
package e2e
