package io.img2img.adapter.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Jetty's own errors (bad request lines, servlet failures) as problem+json: never an HTML page or a stack trace. */
final class ProblemErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        Problem problem = Problem.of(code, code >= 500 ? "internal-error" : "http-" + code, Problem.title(code),
                code >= 500 ? "the server failed to answer this request" : Problem.title(code));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(problem.json().getBytes(StandardCharsets.UTF_8)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        return ByteBuffer.wrap(Problem.of(status, "bad-request", Problem.title(status), "the HTTP request is malformed")
                .json().getBytes(StandardCharsets.UTF_8));
    }
}
