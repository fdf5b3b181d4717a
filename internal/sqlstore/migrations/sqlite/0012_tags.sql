-- Tags in step with WeChat: WeChat's own count of each tag's followers
-- (tags/get), as of the last import and kept current by tagging through
-- fanbase, so the tag page need not join a million followers. NULL: the
-- tag is local, or never imported.

ALTER TABLE tags ADD COLUMN wx_count INTEGER;
ALTER TABLE tags ADD COLUMN wx_count_at INTEGER;
