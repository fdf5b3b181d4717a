package gateway

// QueueLen reports how many pushes wait for a committer, so tests can
// line up a batch without sleeping.
func QueueLen(w *Writer) int { return len(w.queue) }

// IsClosed reports whether Close has started refusing new commits.
func IsClosed(w *Writer) bool {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.closed
}
