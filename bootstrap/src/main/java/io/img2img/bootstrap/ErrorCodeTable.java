package io.img2img.bootstrap;

import io.img2img.domain.result.ErrorCode;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The README's table of error codes, rendered from the catalogue ({@link ErrorCode}); a test keeps the README equal. */
final class ErrorCodeTable {
    static final String BEGIN =
            "<!-- error codes table: generated from domain ErrorCode, checked by ErrorCodeTableTest -->";
    static final String END = "<!-- end of error codes table -->";

    private ErrorCodeTable() {}

    static String markdown() {
        return "| code | HTTP | MCP | retry | meaning |\n|---|---|---|---|---|\n"
                + Arrays.stream(ErrorCode.values())
                        .map(c -> "| `" + c.wireName() + "` | " + c.httpStatus() + " | "
                                + c.mcp().shown() + " | " + c.retry().shown() + " | " + c.description() + " |\n")
                        .collect(Collectors.joining());
    }
}
