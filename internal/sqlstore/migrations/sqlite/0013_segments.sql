-- Saved audience segments: a named filter over an account's followers,
-- stored as JSON and evaluated when used.
--
-- Counting a segment must read index ranges, not look followers up one by
-- one. The followers_* indexes lead with the follow status, which every
-- segment names. followers_activity and followers_segment are the ones the
-- message path touches (every push changes their columns).
-- follower_tags_members makes one tag's members a single index range.

CREATE TABLE segments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    filter     TEXT    NOT NULL,
    created_by INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (account_id, name)
) STRICT;

-- Each local tag of an account gets a bit (slot 0–62; later tags none),
-- and each follower the bits of its tags in tag_mask, kept by triggers on
-- follower_tags (tags change rarely; the message path never touches it).
-- Every followers_* index ends with tag_mask, so "tag + anything" is one
-- index range read with a bit test, never a lookup per follower.
ALTER TABLE tags ADD COLUMN slot INTEGER;
ALTER TABLE followers ADD COLUMN tag_mask INTEGER NOT NULL DEFAULT 0;
UPDATE tags SET slot = (SELECT COUNT(*) FROM tags AS t WHERE t.account_id = tags.account_id AND t.id < tags.id);
UPDATE tags SET slot = NULL WHERE slot > 62;
UPDATE followers SET tag_mask = COALESCE((SELECT SUM(1 << t.slot) FROM follower_tags AS ft JOIN tags AS t ON t.id = ft.tag_id
    WHERE ft.account_id = followers.account_id AND ft.openid = followers.openid AND t.slot IS NOT NULL), 0)
WHERE EXISTS (SELECT 1 FROM follower_tags AS ft WHERE ft.account_id = followers.account_id AND ft.openid = followers.openid);

-- followers_segment holds every column a segment tests, the QR scene first
-- (the most selective criterion operators use): tag-only and QR-scene counts
-- read a range of it, and counts of several criteria (or of interaction
-- counts) scan it instead of looking rows up (maskSource in segment_count.go).
CREATE INDEX followers_segment ON followers (account_id, subscribed, qr_scene, tag_mask, subscribed_at,
    last_interaction, interactions, subscribe_scene);
CREATE INDEX followers_followed ON followers (account_id, subscribed, subscribed_at, tag_mask);
CREATE INDEX followers_activity ON followers (account_id, subscribed, last_interaction, tag_mask);
CREATE INDEX followers_subscribe_scene ON followers (account_id, subscribed, subscribe_scene, tag_mask);

CREATE TRIGGER tags_take_slot AFTER INSERT ON tags
BEGIN
    UPDATE tags SET slot = CASE
        WHEN NOT EXISTS (SELECT 1 FROM tags AS t WHERE t.account_id = NEW.account_id AND t.slot = 0) THEN 0
        ELSE (SELECT MIN(t.slot + 1) FROM tags AS t WHERE t.account_id = NEW.account_id AND t.slot < 62
            AND NOT EXISTS (SELECT 1 FROM tags AS u WHERE u.account_id = NEW.account_id AND u.slot = t.slot + 1)) END
    WHERE id = NEW.id;
END;

CREATE TRIGGER tags_free_slot BEFORE DELETE ON tags WHEN OLD.slot IS NOT NULL
BEGIN
    UPDATE followers SET tag_mask = tag_mask & ~(1 << OLD.slot)
    WHERE account_id = OLD.account_id AND openid IN (SELECT openid FROM follower_tags WHERE account_id = OLD.account_id AND tag_id = OLD.id);
END;

CREATE TRIGGER follower_tags_set_bit AFTER INSERT ON follower_tags
WHEN (SELECT slot FROM tags WHERE id = NEW.tag_id) IS NOT NULL
BEGIN
    UPDATE followers SET tag_mask = tag_mask | (1 << (SELECT slot FROM tags WHERE id = NEW.tag_id))
    WHERE account_id = NEW.account_id AND openid = NEW.openid;
END;

CREATE TRIGGER follower_tags_clear_bit AFTER DELETE ON follower_tags
WHEN (SELECT slot FROM tags WHERE id = OLD.tag_id) IS NOT NULL
BEGIN
    UPDATE followers SET tag_mask = tag_mask & ~(1 << (SELECT slot FROM tags WHERE id = OLD.tag_id))
    WHERE account_id = OLD.account_id AND openid = OLD.openid;
END;

CREATE INDEX follower_tags_members ON follower_tags (account_id, tag_id, openid);

-- A follower tagged before the store knew it (a tag sync can do that).
CREATE TRIGGER followers_known_tags AFTER INSERT ON followers
WHEN EXISTS (SELECT 1 FROM follower_tags WHERE account_id = NEW.account_id AND openid = NEW.openid)
BEGIN
    UPDATE followers SET tag_mask = COALESCE((SELECT SUM(1 << t.slot) FROM follower_tags AS ft JOIN tags AS t ON t.id = ft.tag_id
        WHERE ft.account_id = NEW.account_id AND ft.openid = NEW.openid AND t.slot IS NOT NULL), 0)
    WHERE account_id = NEW.account_id AND openid = NEW.openid;
END;
