package wechat

// Reply types (MsgType of a passive reply, msgtype of a customer-service message).
const (
	ReplyText     = "text"
	ReplyImage    = "image"
	ReplyVoice    = "voice"
	ReplyVideo    = "video"
	ReplyMusic    = "music"
	ReplyNews     = "news"
	ReplyTransfer = "transfer_customer_service"
)

// Reply is the content of one message we send to a follower, independent of
// how it travels (passive reply XML or customer-service API JSON). It is also
// the form rules and agents store, so its JSON names are part of our formats.
type Reply struct {
	Type         string    `json:"type" yaml:"type"`
	Content      string    `json:"content,omitempty" yaml:"content,omitempty"`
	MediaID      string    `json:"media_id,omitempty" yaml:"media_id,omitempty"`
	Title        string    `json:"title,omitempty" yaml:"title,omitempty"`
	Description  string    `json:"description,omitempty" yaml:"description,omitempty"`
	MusicURL     string    `json:"music_url,omitempty" yaml:"music_url,omitempty"`
	HQMusicURL   string    `json:"hq_music_url,omitempty" yaml:"hq_music_url,omitempty"`
	ThumbMediaID string    `json:"thumb_media_id,omitempty" yaml:"thumb_media_id,omitempty"`
	Articles     []Article `json:"articles,omitempty" yaml:"articles,omitempty"`
	KfAccount    string    `json:"kf_account,omitempty" yaml:"kf_account,omitempty"`
}

// Article is one item of a news reply.
type Article struct {
	Title       string `json:"title" yaml:"title"`
	Description string `json:"description,omitempty" yaml:"description,omitempty"`
	PicURL      string `json:"pic_url,omitempty" yaml:"pic_url,omitempty"`
	URL         string `json:"url,omitempty" yaml:"url,omitempty"`
}
