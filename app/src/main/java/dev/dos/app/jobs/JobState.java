package dev.dos.app.jobs;

/**
 * Lifecycle of a job. Allowed moves: QUEUED -> RUNNING | CANCELLED | FAILED,
 * RUNNING -> SUCCEEDED | FAILED | CANCELLED. SUCCEEDED, FAILED and CANCELLED are final.
 */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    public boolean canMoveTo(JobState next) {
        return switch (this) {
            case QUEUED -> next == RUNNING || next == CANCELLED || next == FAILED;
            case RUNNING -> next.isFinal();
            case SUCCEEDED, FAILED, CANCELLED -> false;
        };
    }
}
