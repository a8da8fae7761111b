package io.img2img.adapter.http;

import io.img2img.domain.result.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/** Jetty's own errors (bad request lines, servlet failures) as problem+json: never an HTML page or a stack trace. */
final class ProblemErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        Problem problem = Problem.withStatus(
                code, codeOf(code), code >= 500 ? "the server failed to answer this request" : Problem.title(code));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(problem.json().getBytes(StandardCharsets.UTF_8)), callback);
    }

    /** The catalogue's code for an error status the HTTP layer raised itself. */
    static ErrorCode codeOf(int status) {
        return switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.BODY_TOO_LARGE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
        };
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        return ByteBuffer.wrap(Problem.withStatus(status, ErrorCode.BAD_REQUEST, "the HTTP request is malformed")
                .json()
                .getBytes(StandardCharsets.UTF_8));
    }
}
