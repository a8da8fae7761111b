package io.img2img.adapter.rest;

import io.img2img.domain.result.ErrorCode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An operation's error responses, written from the error-code catalogue ({@link ErrorCode}): each status lists
 * the codes it carries with their descriptions, so the document cannot state a status or a meaning the server
 * does not answer.
 */
final class OpenApiProblems {
    /** What the gate may answer on any route, before the route runs. */
    static final List<ErrorCode> GATE = Arrays.stream(ErrorCode.values())
            .filter(c -> c.mcp() == ErrorCode.Mcp.HTTP_ANSWER)
            .toList();

    private OpenApiProblems() {}

    /** The gate's codes and these, by status; each status's description is a Markdown list of its codes. */
    static Map<String, Object> responses(ErrorCode... codes) {
        Map<Integer, List<ErrorCode>> byStatus = new TreeMap<>();
        Stream.concat(GATE.stream(), Arrays.stream(codes))
                .distinct()
                .forEach(c -> byStatus.computeIfAbsent(c.httpStatus(), s -> new java.util.ArrayList<>())
                        .add(c));
        Map<String, Object> responses = new LinkedHashMap<>();
        byStatus.forEach((status, list) -> responses.put(
                Integer.toString(status),
                OpenApiDocument.problem(list.stream().map(OpenApiProblems::line).collect(Collectors.joining("\n")))));
        return responses;
    }

    static String line(ErrorCode code) {
        return "- " + code.wireName() + ": " + code.description().replace("`", "")
                + (code.carriesRetryAfter() ? " (Retry-After)" : "");
    }

    /** Every code's name on the wire: the enum of the Problem schema's {@code code}. */
    static List<String> wireNames() {
        return Arrays.stream(ErrorCode.values()).map(ErrorCode::wireName).toList();
    }
}
