package simulator

import (
	"net/http"
)

// maxAPIBody bounds POST bodies to the API; WeChat refuses far smaller ones.
const maxAPIBody = 1 << 20

// apiHandler serves one API call for an authorized account.
type apiHandler func(w http.ResponseWriter, r *http.Request, a *account)

// Handler serves WeChat's server API (the host api.weixin.qq.com) plus
// GET /sim/state for the demo. Point the API client's base URL at it.
func (p *Platform) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/cgi-bin/token", p.handleToken)
	mux.HandleFunc("/cgi-bin/message/custom/send", p.api(http.MethodPost, p.handleCustomSend))
	mux.HandleFunc("/cgi-bin/user/info", p.api(http.MethodGet, p.handleUserInfo))
	mux.HandleFunc("/cgi-bin/user/info/batchget", p.api(http.MethodPost, p.handleUserBatch))
	mux.HandleFunc("/cgi-bin/user/get", p.api(http.MethodGet, p.handleUserList))
	mux.HandleFunc("/cgi-bin/message/mass/sendall", p.api(http.MethodPost, p.handleSendAll))
	mux.HandleFunc("/cgi-bin/message/mass/send", p.api(http.MethodPost, p.handleMassSend))
	mux.HandleFunc("/cgi-bin/message/mass/preview", p.api(http.MethodPost, p.handleMassPreview))
	mux.HandleFunc("/cgi-bin/message/mass/get", p.api(http.MethodPost, p.handleMassGet))
	mux.HandleFunc("/cgi-bin/message/mass/delete", p.api(http.MethodPost, p.handleMassDelete))
	mux.HandleFunc("/cgi-bin/message/template/send", p.api(http.MethodPost, p.handleTemplateSend))
	mux.HandleFunc("/sim/broadcasts", p.handleBroadcasts)
	mux.HandleFunc("/cgi-bin/tags/create", p.api(http.MethodPost, p.handleTagCreate))
	mux.HandleFunc("/cgi-bin/tags/get", p.api(http.MethodGet, p.handleTagList))
	mux.HandleFunc("/cgi-bin/tags/update", p.api(http.MethodPost, p.handleTagUpdate))
	mux.HandleFunc("/cgi-bin/tags/delete", p.api(http.MethodPost, p.handleTagDelete))
	mux.HandleFunc("/cgi-bin/tags/members/batchtagging", p.api(http.MethodPost, p.handleBatchTag))
	mux.HandleFunc("/cgi-bin/tags/members/batchuntagging", p.api(http.MethodPost, p.handleBatchUntag))
	mux.HandleFunc("/cgi-bin/tags/getidlist", p.api(http.MethodPost, p.handleTagIDList))
	mux.HandleFunc("/cgi-bin/user/tag/get", p.api(http.MethodPost, p.handleTagMembers))
	mux.HandleFunc("/cgi-bin/menu/create", p.api(http.MethodPost, p.handleMenuCreate))
	mux.HandleFunc("/cgi-bin/menu/get", p.api(http.MethodGet, p.handleMenuGet))
	mux.HandleFunc("/cgi-bin/menu/delete", p.api(http.MethodGet, p.handleMenuDelete))
	mux.HandleFunc("/cgi-bin/menu/addconditional", p.api(http.MethodPost, p.handleMenuAddConditional))
	mux.HandleFunc("/cgi-bin/menu/delconditional", p.api(http.MethodPost, p.handleMenuDelConditional))
	mux.HandleFunc("/cgi-bin/menu/trymatch", p.api(http.MethodPost, p.handleMenuTryMatch))
	mux.HandleFunc("/cgi-bin/material/add_material", p.bigBody(http.MethodPost, maxUploadBody, p.handleAddMaterial))
	mux.HandleFunc("/cgi-bin/draft/add", p.bigBody(http.MethodPost, maxDraftBody, p.handleDraftAdd))
	mux.HandleFunc("/sim/drafts", p.handleSimDrafts)
	mux.HandleFunc("/sim/tags", p.handleSimTags)
	mux.HandleFunc("/sim/menus", p.handleSimMenus)
	mux.HandleFunc("/sim/state", p.handleState)
	mux.HandleFunc("/", p.handleUnknown)
	return mux
}

// api wraps a handler with what every WeChat API call goes through: the
// method, the access_token and the daily quota of the path.
func (p *Platform) api(method string, h apiHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != method {
			p.fail(w, r, nil, methodCode(method), "")
			return
		}
		a, code := p.authorize(r)
		if code == 0 && !p.useQuota(a, r.URL.Path) {
			code = ErrDailyQuota
		}
		if code != 0 {
			p.fail(w, r, a, code, "")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxAPIBody)
		h(w, r, a)
	}
}

func methodCode(method string) int {
	if method == http.MethodPost {
		return ErrRequirePOST
	}
	return ErrRequireGET
}

func (p *Platform) useQuota(a *account, path string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return p.useQuotaLocked(a, path, p.opts.Now())
}

// fail answers with a WeChat errcode and counts it against the account, or
// against no account when a is nil.
func (p *Platform) fail(w http.ResponseWriter, r *http.Request, a *account, code int, hint string) {
	appid := ""
	if a != nil {
		a.mu.Lock()
		a.apiErrors[code]++
		appid = a.cfg.AppID
		a.mu.Unlock()
	} else {
		p.countUnmatched(code)
	}
	p.log.Debug("simulated wechat api error", "appid", appid, "path", r.URL.Path, "errcode", code)
	writeJSON(w, http.StatusOK, errorBody(code, hint))
}

// handleUnknown answers paths the simulator does not implement, in WeChat's
// JSON so API clients report it cleanly.
func (p *Platform) handleUnknown(w http.ResponseWriter, r *http.Request) {
	p.countUnmatched(ErrAPIUnauthorized)
	writeJSON(w, http.StatusNotFound, errorBody(ErrAPIUnauthorized,
		"the simulator does not implement "+r.URL.Path+" (模拟器未实现此接口)"))
}
