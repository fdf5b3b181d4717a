// Package web is fanbase's server-rendered web app: html/template pages with
// htmx for partial updates and SSE for live ones, every asset embedded, zh-CN
// first and English second.
//
// How to add a page (one UI action per file, named noun_verb.go):
//
//   - Write a handler `func (h *Handler) handleThingShow(w http.ResponseWriter,
//     r *http.Request, p *Page) error`. Return an errs error for a translated
//     error page with the right status; return nil after writing.
//   - Register it in your feature's `routesThing(rt *router)` with
//     `rt.page("GET /a/{appid}/thing", user.Agent, h.handleThingShow)`, and
//     call routesThing from routes() in routes.go (one line).
//     Patterns with {appid} load p.Account and refuse roles below the minimum;
//     others check the user's strongest role on any account ("" = anyone
//     logged in). Non-GET requests must carry the CSRF token: forms embed
//     {{template "csrf" .P}}, htmx requests get the header from the layout.
//   - Render with h.render(w, r, p, "thing_show", data) (templates/thing_show.html
//     defines "content", and optionally "head" for extra CSS/JS) or one named
//     block with h.partial(w, r, p, "thing_show", "thing_rows", data). Templates
//     see .P (the Page) and .D (data).
//   - Every visible string is a key in locales/<feature>.json with "zh-CN" and
//     "en"; templates call {{.P.T "thing.title"}}, Go code p.T("thing.title").
//   - No inline <script> and no hx-on attributes: the Content-Security-Policy
//     allows scripts only from /static. Put JS in static/<feature>.js and load
//     it from the "head" block with {{.P.Asset "thing.js"}}.
//   - Changes write the audit log with h.audit(r, p, "thing.change", target, detail).
//   - Redirect after a change with h.redirect(w, r, url) (303, or HX-Redirect).
//   - Template helpers: funcs.go (json, add, sub, pct, short, dict, join, has);
//     add a feature's own through featureFuncs (one line) in funcs_<feature>.go.
//   - Live updates: account pages sit inside <main hx-ext="sse"
//     sse-connect="/a/{appid}/events">, so an element refreshes itself with
//     hx-get="…" hx-trigger="sse:conversation" (kinds: message, conversation,
//     bulk, sync, broadcast). Publish with h.Live.PublishKind(accountID, kind, data).
//
// Testing (harness_test.go): newTestApp(t) serves the app on a real SQLite
// file with one account (app.Account); app.addUser(login, role, accountID)
// and app.login(login) give a client with a session; c.get(path),
// c.post(path, form) (adds the CSRF token), c.htmx(method, path, form) and
// wantPage(t, what, status, body, wantStatus, contains...) do the rest. A
// feature whose pages need a service adds it to the Deps in newTestApp.
package web
