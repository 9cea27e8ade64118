package io.stowage.api;

/** What happened to one layer during a pull, as Docker's progress lines name it. */
public enum LayerStatus {
    ALREADY_EXISTS("Already exists"),
    PULL_COMPLETE("Pull complete");

    private final String text;

    LayerStatus(String text) {
        this.text = text;
    }

    /** Docker's wording. */
    public String text() {
        return text;
    }
}
