package web

import (
	"strconv"

	"github.com/fanbase/fanbase/internal/analytics"
)

// chart is what static/charts.js draws (see the comment at its top):
// <div class="chart" data-chart='{{json .}}'>.
type chart struct {
	Type   string        `json:"type"` // "line" or "bars": the series' default
	Labels []string      `json:"labels"`
	Series []chartSeries `json:"series"`
	Format string        `json:"format,omitempty"` // "duration": values are seconds
	XName  string        `json:"xname,omitempty"`  // the legend's label for the x value
}

// chartSeries is one named line or set of bars; nil values are gaps.
type chartSeries struct {
	Name   string     `json:"name"`
	Values []*float64 `json:"values"`
	Type   string     `json:"type,omitempty"`  // overrides the chart's Type
	Axis   string     `json:"axis,omitempty"`  // "right": its own scale, on the right
	Color  string     `json:"color,omitempty"` // CSS color; charts.js picks one if empty
}

// The palette, in the house colors.
const (
	colorGreen  = "#07c160"
	colorRed    = "#e5484d"
	colorBlue   = "#2f6fed"
	colorAmber  = "#d97706"
	colorSlate  = "#64748b"
	colorPurple = "#8b5cf6"
)

// agentColors tell agents apart in per-agent charts.
var agentColors = []string{colorBlue, colorGreen, colorAmber, colorPurple, colorRed, "#14b8a6", "#db2777", colorSlate}

// chartCounts turns per-day counts into chart values.
func chartCounts[T any](days []T, get func(T) int64) []*float64 {
	out := make([]*float64, len(days))
	for i, d := range days {
		v := float64(get(d))
		out[i] = &v
	}
	return out
}

// shortDates labels days "05-01".
func shortDates(dates []string) []string {
	out := make([]string, len(dates))
	for i, d := range dates {
		out[i] = d[len("2006-"):]
	}
	return out
}

// followersChart: new and unfollowed as bars, net as a line, the total on
// its own scale.
func followersChart(p *Page, d *analytics.Dashboard) chart {
	return chart{Type: "bars", Labels: shortDates(d.Dates), XName: p.T("dash.series.date"), Series: []chartSeries{
		{Name: p.T("dash.series.new"), Color: colorGreen, Values: chartCounts(d.Days, func(x analytics.Day) int64 { return x.New })},
		{Name: p.T("dash.series.unfollowed"), Color: colorRed, Values: chartCounts(d.Days, func(x analytics.Day) int64 { return x.Unfollowed })},
		{Name: p.T("dash.series.net"), Color: colorBlue, Type: "line", Values: chartCounts(d.Days, func(x analytics.Day) int64 { return x.Net })},
		{Name: p.T("dash.series.total"), Color: colorSlate, Type: "line", Axis: "right",
			Values: chartCounts(d.Days, func(x analytics.Day) int64 { return x.Total })},
	}}
}

// interactionsChart: messages and events per day.
func interactionsChart(p *Page, d *analytics.Dashboard) chart {
	return chart{Type: "bars", Labels: shortDates(d.Dates), XName: p.T("dash.series.date"), Series: []chartSeries{
		{Name: p.T("dash.series.messages"), Color: colorBlue, Values: chartCounts(d.Days, func(x analytics.Day) int64 { return x.Messages })},
		{Name: p.T("dash.series.events"), Color: colorAmber, Values: chartCounts(d.Days, func(x analytics.Day) int64 { return x.Events })},
	}}
}

// repliesChart: automatic and agents' replies per day.
func repliesChart(p *Page, d *analytics.Dashboard) chart {
	return chart{Type: "bars", Labels: shortDates(d.Dates), XName: p.T("dash.series.date"), Series: []chartSeries{
		{Name: p.T("dash.series.auto"), Color: colorGreen, Values: chartCounts(d.Days, func(x analytics.Day) int64 { return x.AutoReplies })},
		{Name: p.T("dash.series.agent"), Color: colorPurple, Values: chartCounts(d.Days, func(x analytics.Day) int64 { return x.AgentReplies })},
		{Name: p.T("dash.series.other"), Color: colorSlate, Type: "line",
			Values: chartCounts(d.Days, func(x analytics.Day) int64 { return x.OtherReplies })},
	}}
}

// hoursChart: interactions per hour of day over the period.
func hoursChart(p *Page, d *analytics.Dashboard) chart {
	labels := make([]string, 24)
	hours := make([]int64, 24)
	for h := range labels {
		labels[h] = strconv.Itoa(h) + ":00"
		hours[h] = d.Hours[h]
	}
	return chart{Type: "bars", Labels: labels, XName: p.T("dash.series.hour"), Series: []chartSeries{
		{Name: p.T("dash.series.interactions"), Color: colorBlue, Values: chartCounts(hours, func(n int64) int64 { return n })},
	}}
}
