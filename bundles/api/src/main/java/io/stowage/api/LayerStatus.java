package io.stowage.api;

/** What happened to one layer during a pull, as Docker's progress lines name it. */
public enum LayerStatus {
    ALREADY_EXISTS("Already exists"),
    /** Queued behind the downloads in progress (since 0.2). */
    WAITING("Waiting"),
    /** Every byte is in; size and digests are being checked (since 0.2). */
    VERIFYING("Verifying Checksum"),
    /** Checked and stored (since 0.2). */
    DOWNLOAD_COMPLETE("Download complete"),
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
