package wechat

import "testing"

// Two job-finish events of one second from the mass-send helper are two
// jobs, not a retry; the same job's event pushed again is a retry.
func TestDedupeKeyJobEvents(t *testing.T) {
	job := func(id int64) *Message {
		return &Message{FromUserName: "mphelper", MsgType: MsgEvent, Event: EventMassSendJobFinish, CreateTime: 1700000000, JobMsgID: id}
	}
	if DedupeKey(job(1)) == DedupeKey(job(2)) {
		t.Errorf("two jobs share the key %q", DedupeKey(job(1)))
	}
	if DedupeKey(job(1)) != DedupeKey(job(1)) {
		t.Error("a job's retried event has another key")
	}
	plain := &Message{FromUserName: "o1", MsgType: MsgEvent, Event: EventSubscribe, CreateTime: 1700000000}
	if got, want := DedupeKey(plain), "e:o1:1700000000:subscribe:"; got != want {
		t.Errorf("subscribe key = %q, want %q (unchanged)", got, want)
	}
}
