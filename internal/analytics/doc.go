// Package analytics answers "how are we doing": follower growth, interactions
// per day and per hour of day, replies by rule, the service desk's queue, and
// each agent's first-response time, handled conversations and backlog.
//
// Counting a million messages on every page view is too slow, so message and
// reply counts come from rollups: per account and quarter hour (UTC), folded
// in incrementally by the Projector, which follows the messages and replies
// tables with crash-safe cursors. A quarter hour is fine enough for the day
// and hour boundaries of every time zone, so one set of rollups serves each
// account's own zone and the cross-account view (Asia/Shanghai). Numbers
// about conversations (queue, agents) are read live: that table is small and
// changes in place.
package analytics
