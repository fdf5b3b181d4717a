-- The customer file: the follower list pages newest first (optionally only
-- those following now) and searches the start of nicknames and remarks;
-- the follow history reads a follower's subscribe and unsubscribe pushes.
-- None of these columns change on an ordinary message, so the hot path's
-- follower update touches none of these indexes.

CREATE INDEX followers_seen ON followers (account_id, first_seen_at, openid);
CREATE INDEX followers_subscribed_seen ON followers (account_id, subscribed, first_seen_at, openid);
CREATE INDEX followers_nickname ON followers (account_id, nickname);
CREATE INDEX followers_remark ON followers (account_id, remark);

CREATE INDEX messages_follow_events ON messages (account_id, openid, id)
    WHERE kind = 'event' AND event IN ('subscribe', 'unsubscribe');
