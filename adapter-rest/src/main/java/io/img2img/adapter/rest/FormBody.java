package io.img2img.adapter.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.img2img.adapter.http.HttpServer;
import io.img2img.adapter.http.Problem;
import io.img2img.adapter.http.ResponsePhase;
import io.img2img.domain.request.FormRequest;
import io.img2img.domain.request.ParsedRequest;
import io.img2img.domain.result.ErrorCode;
import io.javalin.http.Context;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code multipart/form-data} request body (SPEC §6) read into the domain's {@link FormRequest}: parts up to
 * {@link #IN_MEMORY_BYTES} stay in memory, larger ones go to the server's private upload folder and are
 * deleted once read. At most {@link #MAX_PARTS} parts (Jetty stops reading at the next one); the body limit
 * holds as for JSON. The texts are typed by the domain's catalogue, not here.
 */
final class FormBody {
    static final int MAX_PARTS = HttpServer.MAX_FORM_PARTS;
    static final int IN_MEMORY_BYTES = 1024 * 1024;
    private static final String CONFIG_ATTRIBUTE = "org.eclipse.jetty.multipartConfig";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path uploads;
    private final MultipartConfigElement config;
    private final long maxBodyBytes;

    /** Forms whose large parts go to a new folder only this user can read, removed by {@link #close()}. */
    FormBody(long maxBodyBytes) {
        try {
            this.uploads =
                    FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                            ? Files.createTempDirectory(
                                    "img2img-uploads-",
                                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                            : Files.createTempDirectory("img2img-uploads-");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create a folder for uploads in " + System.getProperty("java.io.tmpdir")
                            + " (java.io.tmpdir must be a writable folder): " + e.getMessage(),
                    e);
        }
        this.config = new MultipartConfigElement(uploads.toString(), maxBodyBytes, maxBodyBytes, IN_MEMORY_BYTES);
        this.maxBodyBytes = maxBodyBytes;
    }

    Path uploads() {
        return uploads;
    }

    /** Removes the upload folder (empty between requests: each part is deleted once read). */
    void close() {
        try (var files = Files.list(uploads)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(uploads);
        } catch (IOException e) {
            // a folder in the temporary directory: the system cleans it eventually
        }
    }

    /** The request the parts hold, or {@code null} after answering a body that is no readable form. */
    ParsedRequest read(Context ctx, Map<String, Object> flags) throws IOException {
        ctx.req().setAttribute(CONFIG_ATTRIBUTE, config);
        Collection<Part> parts;
        try {
            parts = ctx.req().getParts();
            ResponsePhase.begin(ctx.req()); // the whole form is in: the answer may now wait
        } catch (ServletException | IOException | RuntimeException e) {
            refuse(ctx, e);
            return null;
        }
        List<FormRequest.Part> form = new ArrayList<>();
        try {
            for (Part part : parts) {
                try (InputStream in = part.getInputStream()) {
                    byte[] bytes = in.readAllBytes(); // the image once, as the decoded bytes the request keeps
                    form.add(
                            part.getSubmittedFileName() != null
                                    ? FormRequest.Part.file(part.getName(), bytes)
                                    : FormRequest.Part.text(part.getName(), new String(bytes, StandardCharsets.UTF_8)));
                }
            }
        } finally {
            for (Part part : parts) {
                part.delete(); // the upload folder keeps nothing past the request
            }
        }
        ctx.attribute(WebhookFields.ATTRIBUTE, WebhookFields.parts(form)); // not request fields: the job's callback
        return FormRequest.parse(form, flags, FormBody::json);
    }

    private static Object json(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
    }

    private void refuse(Context ctx, Exception e) {
        StringBuilder causes = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            causes.append(' ').append(t.getMessage());
        }
        String why = causes.toString().toLowerCase(Locale.ROOT);
        if (why.contains("too many")) {
            Responses.problem(
                    ctx,
                    Problem.of(
                            ErrorCode.TOO_MANY_PARTS,
                            "a form holds at most " + MAX_PARTS + " parts: the image and one per request field"));
        } else if (why.contains("exceeded")) {
            Responses.problem(
                    ctx,
                    Problem.of(
                            ErrorCode.BODY_TOO_LARGE,
                            "the request body is larger than " + maxBodyBytes
                                    + " bytes (IMG2IMG_MAX_BODY_BYTES); send a smaller image"));
        } else {
            Responses.problem(
                    ctx,
                    Problem.of(
                            ErrorCode.MALFORMED_MULTIPART,
                            "the body is not a readable "
                                    + "multipart/form-data form (check its boundary and part headers)"));
        }
    }
}
