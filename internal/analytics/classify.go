package analytics

// Metric is what a stored push counts as in the rollups.
type Metric string

// Metrics of inbound pushes. Interactions are Message plus Event.
const (
	MetricSubscribe   Metric = "subscribe"
	MetricUnsubscribe Metric = "unsubscribe"
	// MetricMessage is anything a follower typed or sent: text, image,
	// voice, video, location, link.
	MetricMessage Metric = "message"
	// MetricEvent is an event a follower triggered: a menu click or link,
	// a QR scan while following, a location report, a scan/photo/location
	// menu, a mini-program menu.
	MetricEvent Metric = "event"
	// MetricOther is every other event: notices WeChat sends about our own
	// sends (MASSSENDJOBFINISH, TEMPLATESENDJOBFINISH, PUBLISHJOBFINISH),
	// subscription-notification, customer-service session and card events.
	// They are kept in the rollups but are not interactions.
	MetricOther Metric = "other"
)

// followerEvents are the events counted as interactions.
var followerEvents = map[string]bool{
	"SCAN": true, "LOCATION": true, "CLICK": true, "VIEW": true,
	"scancode_push": true, "scancode_waitmsg": true,
	"pic_sysphoto": true, "pic_photo_or_album": true, "pic_weixin": true,
	"location_select": true, "view_miniprogram": true,
}

// Classify tells which metric a push of the given kind ("message" or
// "event") and event name counts toward.
func Classify(kind, event string) Metric {
	if kind != "event" {
		return MetricMessage
	}
	switch {
	case event == "subscribe":
		return MetricSubscribe
	case event == "unsubscribe":
		return MetricUnsubscribe
	case followerEvents[event]:
		return MetricEvent
	}
	return MetricOther
}
