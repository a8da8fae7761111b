package io.img2img.examples;

import io.img2img.domain.request.ParsedRequest;
import io.img2img.domain.request.RequestParser;
import io.img2img.domain.request.RequestRules;
import io.img2img.domain.request.Violation;
import io.img2img.domain.schema.JsonSchemas;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The README's "use it as a library" example: the request rules and the JSON Schema the MCP tool and the REST
 * endpoint use, from plain Java. The text between the README markers is what the README shows (checked by
 * {@code LibraryExampleTest}, which also runs it on {@code examples/reference.png} and reads what it prints).
 */
public final class LibraryExample {
    private LibraryExample() {}

    /** What the example found: the violations of each request and the schema's fields. */
    public record Outcome(List<Violation> good, List<Violation> bad, Map<String, Object> schema) {}

    public static Outcome run(Path referenceImage) throws IOException {
        // README:begin
        String dataUrl =
                "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(referenceImage));
        ParsedRequest request = RequestParser.parse(
                Map.of("modelId", "model_abc", "prompt", "a castle at dusk", "image", dataUrl, "width", 1024));
        List<Violation> violations = RequestRules.generic(request); // every violation at once: none here
        List<Violation> refused = RequestRules.generic(RequestParser.parse(Map.of(
                "modelId", "model_abc", "image", dataUrl, "width", "wide"))); // no prompt, a width that is no number
        Map<String, Object> schema = JsonSchemas.request(); // the JSON Schema of the request's fields
        // README:end
        return new Outcome(violations, refused, schema);
    }

    /** Writes what the example found to {@code out}: the build's test gives it a buffer, a caller its own stream. */
    public static void print(Outcome outcome, PrintStream out) {
        out.println("violations: " + outcome.good());
        outcome.bad().forEach(v -> out.println("refused: " + v));
        out.println("schema fields: " + ((Map<?, ?>) outcome.schema().get("properties")).keySet());
    }
}
