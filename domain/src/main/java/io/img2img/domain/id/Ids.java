package io.img2img.domain.id;

/**
 * The one home of the job-id and asset-id shapes. Both may end up in file names and URLs, so they
 * hold letters, digits, '_' and '-' only (no path separators, no dots), as Scenario writes them and as
 * this server writes its own.
 */
public final class Ids {
    public static final String ASSET_ID_PREFIX = "asset_";
    /** The most characters of a job id, and of an asset id after its prefix. */
    public static final int MAX_LENGTH = 128;
    /** A job id as a regular expression (for schemas); {@link #isJobId} checks the same by hand. */
    public static final String JOB_ID_PATTERN = "[A-Za-z0-9_-]{1," + MAX_LENGTH + "}";
    /** The job-id rule in words, for messages. */
    public static final String JOB_ID_RULE = "1 to " + MAX_LENGTH + " letters, digits, '_' or '-'";
    /** The asset-id rule in words, for messages. */
    public static final String ASSET_ID_RULE = ASSET_ID_PREFIX + " followed by letters, digits, _ or -";

    private Ids() {
    }


    public static boolean isJobId(String value) {
        return value != null && isSafe(value, 0);
    }

    /** {@code asset_} followed by 1 to 128 safe characters. Checked by hand: it runs several times per request. */
    public static boolean isAssetId(String value) {
        return value != null && value.startsWith(ASSET_ID_PREFIX) && isSafe(value, ASSET_ID_PREFIX.length());
    }

    private static boolean isSafe(String value, int from) {
        int length = value.length() - from;
        if (length < 1 || length > MAX_LENGTH) {
            return false;
        }
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
