package segment

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ExportColumns is the header row of a CSV export, in order.
var ExportColumns = []string{"openid", "nickname", "remark", "subscribed", "subscribed_at",
	"last_interaction", "interactions", "tags", "qr_scene"}

// exportPage is how many followers an export reads per query: memory stays
// flat however large the segment is.
const exportPage = 1000

// bom makes Excel read the file as UTF-8, so Chinese names show right.
const bom = "\ufeff"

// Export writes the followers f selects as CSV (UTF-8 with a BOM) to w, in
// openid order, a page at a time. Times are in the account's time zone.
// It returns how many followers it wrote. A filter that does not hold is
// refused before anything is written; otherwise start (if not nil) runs
// once, just before the first byte, so that a handler sets its download
// headers and audits only an export that happens.
func (s *Service) Export(ctx context.Context, accountID int64, f Filter, w io.Writer, start func()) (int, error) {
	sc, err := s.scope(ctx, accountID)
	if err != nil {
		return 0, err
	}
	c, err := s.resolve(ctx, sc, &f)
	if err != nil {
		return 0, err
	}
	if start != nil {
		start()
	}
	if _, err := io.WriteString(w, bom); err != nil {
		return 0, fmt.Errorf("segment: export: %w", err)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(ExportColumns); err != nil {
		return 0, fmt.Errorf("segment: export: %w", err)
	}
	n, after := 0, ""
	for {
		ms, err := s.store.SegmentMembers(ctx, c, after, exportPage)
		if err != nil {
			return n, fmt.Errorf("segment: export page after %q: %w", after, err)
		}
		for _, m := range ms {
			if err := cw.Write(exportRow(m, sc.loc)); err != nil {
				return n, fmt.Errorf("segment: export: %w", err)
			}
			n++
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return n, fmt.Errorf("segment: export: %w", err)
		}
		if len(ms) < exportPage {
			return n, nil
		}
		after = ms[len(ms)-1].OpenID
	}
}

// ExportDisposition is the Content-Disposition of a segment's CSV: an
// ASCII file name, and the one with the segment's (often Chinese) name for
// browsers that read filename*.
func ExportDisposition(appID string, id int64, name string) string {
	ascii := fmt.Sprintf("segment-%s-%d.csv", appID, id)
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii,
		url.PathEscape(fmt.Sprintf("%s-%d-%s.csv", appID, id, name)))
}

func exportRow(m Member, loc *time.Location) []string {
	sub := "0"
	if m.Subscribed {
		sub = "1"
	}
	return []string{m.OpenID, cell(m.Nickname), cell(m.Remark), sub, stamp(m.SubscribedAt, loc),
		stamp(m.LastInteraction, loc), strconv.FormatInt(m.Interactions, 10),
		cell(strings.Join(m.Tags, ";")), cell(m.QRScene)}
}

func stamp(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02 15:04:05")
}

// cell keeps spreadsheet programs from running text that a follower chose
// (a nickname such as "=HYPERLINK(…)") as a formula.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
