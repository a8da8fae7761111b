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
    /** The most characters of a model id. */
    public static final int MODEL_ID_MAX_LENGTH = 200;
    /**
     * A model id (Scenario's {@code model_…}, {@code flux.1-dev}) as a regular expression, for schemas:
     * it goes into an upstream URL path, so it starts with a letter or digit (never the dot segments
     * {@code .} or {@code ..}) and holds no path, query or fragment characters.
     */
    public static final String MODEL_ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0," + (MODEL_ID_MAX_LENGTH - 1) + "}";
    /** The model-id rule in words, for messages. */
    public static final String MODEL_ID_RULE =
            "a letter or digit, then up to " + (MODEL_ID_MAX_LENGTH - 1) + " letters, digits, '.', '_' or '-'";

    private Ids() {}

    public static boolean isJobId(String value) {
        return value != null && isSafe(value, 0);
    }

    /** {@code asset_} followed by 1 to 128 safe characters. Checked by hand: it runs several times per request. */
    public static boolean isAssetId(String value) {
        return value != null && value.startsWith(ASSET_ID_PREFIX) && isSafe(value, ASSET_ID_PREFIX.length());
    }

    /** Whether {@code value} is a model id ({@link #MODEL_ID_PATTERN}); checked by hand, as the others. */
    public static boolean isModelId(String value) {
        if (value == null
                || value.isEmpty()
                || value.length() > MODEL_ID_MAX_LENGTH
                || !letterOrDigit(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(letterOrDigit(c) || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean letterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
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
