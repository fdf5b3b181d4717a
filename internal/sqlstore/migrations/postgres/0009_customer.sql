-- The customer file: the follower list pages newest first (optionally only
-- those following now) and searches the start of nicknames, remarks and
-- openids; the follow history reads a follower's subscribe and unsubscribe
-- pushes. Prefix searches compare bytes (COLLATE "C") whatever the
-- database's locale, so their indexes are built in that collation.
-- None of these columns change on an ordinary message, so the hot path's
-- follower update stays a HOT update.

CREATE INDEX followers_seen ON followers (account_id, first_seen_at, openid);
CREATE INDEX followers_subscribed_seen ON followers (account_id, subscribed, first_seen_at, openid);
CREATE INDEX followers_nickname ON followers (account_id, nickname COLLATE "C");
CREATE INDEX followers_remark ON followers (account_id, remark COLLATE "C");
CREATE INDEX followers_openid_prefix ON followers (account_id, openid COLLATE "C");

CREATE INDEX messages_follow_events ON messages (account_id, openid, id)
    WHERE kind = 'event' AND event IN ('subscribe', 'unsubscribe');
