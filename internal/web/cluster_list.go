package web

import (
	"net/http"
	"net/url"

	"github.com/fanbase/fanbase/internal/inbox/burst"
)

// clusterListData is the clusters page.
type clusterListData struct {
	Clusters []clusterView
	Singles  int // questions nobody else asked, not shown
	Waiting  int // waiting messages looked at
	Jobs     []bulkJobView
}

// clusterView is one cluster and its answer form.
type clusterView struct {
	Representative string
	Size, Messages int
	Members        []clusterMemberView
}

type clusterMemberView struct {
	ConversationID       int64
	Name, OpenID, Text   string
	Waiting, Assigned    string
	ConversationURL, URL string
}

// minClusterSize is the smallest group worth a bulk answer.
const minClusterSize = 2

// handleClusterList shows the open queue's waiting messages grouped by the
// question they ask, biggest group first, each with an "answer all" form.
func (h *Handler) handleClusterList(w http.ResponseWriter, r *http.Request, p *Page) error {
	clusters, waiting, err := h.Burst.Clusters(r.Context(), p.Account.ID)
	if err != nil {
		return err
	}
	names, err := h.agentNamesOf(r, []int64{p.Account.ID})
	if err != nil {
		return err
	}
	d := &clusterListData{Waiting: waiting}
	for _, c := range clusters {
		if c.Size < minClusterSize {
			d.Singles++
			continue
		}
		d.Clusters = append(d.Clusters, clusterViewOf(p, c, names))
	}
	if d.Jobs, err = h.recentJobs(r, p); err != nil {
		return err
	}
	p.Title, p.Nav = p.T("burst.clusters.title"), "clusters"
	return h.render(w, r, p, "cluster_list", d)
}

func clusterViewOf(p *Page, c burst.Cluster, names map[int64]string) clusterView {
	v := clusterView{Representative: c.Representative, Size: c.Size, Messages: c.Messages}
	for _, m := range c.Members {
		mv := clusterMemberView{ConversationID: m.ConversationID, Name: followerName(m.Nickname, "", m.OpenID),
			OpenID: m.OpenID, Text: m.Text, Waiting: p.Dur(p.Now.Sub(m.At)),
			ConversationURL: p.URL("/inbox/%d", m.ConversationID), URL: p.URL("/followers/%s", url.PathEscape(m.OpenID))}
		if m.AssigneeID != 0 {
			mv.Assigned = nameOr(names, m.AssigneeID)
		}
		v.Members = append(v.Members, mv)
	}
	return v
}

// bulkJobView is one bulk job in a list.
type bulkJobView struct {
	ID                    int64
	Kind, Note, Text, URL string
	Created               string
	Done                  bool
	Counts                burst.Counts
}

// recentJobs lists the account's latest bulk jobs.
func (h *Handler) recentJobs(r *http.Request, p *Page) ([]bulkJobView, error) {
	jobs, err := h.Burst.Store.BulkJobs(r.Context(), p.Account.ID, 10)
	if err != nil {
		return nil, err
	}
	var out []bulkJobView
	for _, j := range jobs {
		out = append(out, bulkJobViewOf(p, &j))
	}
	return out, nil
}

func bulkJobViewOf(p *Page, j *burst.Job) bulkJobView {
	return bulkJobView{ID: j.ID, Kind: p.T("burst.kind." + string(j.Kind)), Note: j.Note, Text: j.Text,
		URL: p.URL("/bulk/%d", j.ID), Created: p.Time(j.CreatedAt), Done: j.Status == burst.JobDone, Counts: j.Counts}
}
