package web

import (
	"net/http"
	"strconv"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/user"
)

// routesTags registers the tag page: anyone on the account may look,
// operators create, rename, delete and sync. Without the service there is
// no such page.
func (h *Handler) routesTags(rt *router) {
	if h.Tags == nil {
		return
	}
	rt.page("GET /a/{appid}/tags", user.Viewer, h.handleTagList)
	rt.page("POST /a/{appid}/tags", user.Operator, h.handleTagCreate)
	rt.page("POST /a/{appid}/tags/sync", user.Operator, h.handleTagSync)
	rt.page("POST /a/{appid}/tags/{id}", user.Operator, h.handleTagUpdate)
	rt.page("POST /a/{appid}/tags/{id}/delete", user.Operator, h.handleTagDelete)
}

// tagID reads the {id} of the path; anything but a number is no tag.
func tagID(r *http.Request, p *Page) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, errs.Errorf(errs.NotFound, "%s", p.T("tags.error.not_found"))
	}
	return id, nil
}

func tagTarget(id int64) string { return "tag:" + strconv.FormatInt(id, 10) }
