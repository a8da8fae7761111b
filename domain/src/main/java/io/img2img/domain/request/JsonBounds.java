package io.img2img.domain.request;

/**
 * What one JSON message may hold, for every front end that reads JSON (REST bodies, {@code /mcp} over
 * HTTP, MCP frames over stdio), checked while it is read: a body of a million tiny values or ten million
 * brackets is refused before it becomes a million objects in memory. Strings are bounded by the body or
 * frame limit of each front end (an inline image is one long string).
 */
public final class JsonBounds {
    /**
     * The most tokens (names, values, brackets) in one message. A request needs a few hundred; an MCP
     * client's {@code initialize} a few hundred more.
     */
    public static final int MAX_TOKENS = 100_000;
    /** The deepest nesting of arrays and objects: a request needs 4 levels, a JSON-RPC frame around it 3 more. */
    public static final int MAX_DEPTH = 64;
    /** The most characters of one number (a seed has 16 digits). */
    public static final int MAX_NUMBER_LENGTH = 1_000;
    /** The most characters of one property name (the longest field name has 22). */
    public static final int MAX_NAME_LENGTH = 1_000;

    private JsonBounds() {}

    /** The bounds in words, for a refusal. */
    public static String describe() {
        return "at most " + MAX_TOKENS + " values and names, nested at most " + MAX_DEPTH + " deep, numbers of at most "
                + MAX_NUMBER_LENGTH + " characters and names of at most " + MAX_NAME_LENGTH;
    }
}
