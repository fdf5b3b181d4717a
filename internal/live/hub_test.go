package live

import "testing"

func TestHubDeliversToTheAccountOnly(t *testing.T) {
	h := NewHub()
	a, cancelA := h.Subscribe(1)
	b, cancelB := h.Subscribe(2)
	defer cancelB()
	h.Publish(Event{AccountID: 1, Kind: "message", Data: "o1"})
	if got := <-a; got.Kind != "message" || got.Data != "o1" {
		t.Fatalf("subscriber of account 1 got %+v", got)
	}
	select {
	case e := <-b:
		t.Fatalf("subscriber of account 2 got %+v", e)
	default:
	}
	cancelA()
	cancelA() // idempotent
	if n := h.Subscribers(1); n != 0 {
		t.Fatalf("after cancel: %d subscribers", n)
	}
}

func TestHubDropsForSlowSubscriberInsteadOfBlocking(t *testing.T) {
	h := NewHub()
	ch, cancel := h.Subscribe(7)
	defer cancel()
	for i := 0; i < subscriberBuffer*3; i++ {
		h.PublishKind(7, "conversation", "x") // must not block
	}
	if n := len(ch); n != subscriberBuffer {
		t.Fatalf("buffered %d events, want %d", n, subscriberBuffer)
	}
}
