"""Background work: the outbox dispatcher (and, later, the scheduler's jobs)."""
