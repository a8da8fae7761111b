package io.img2img.examples;

import io.img2img.domain.request.ParsedRequest;
import io.img2img.domain.request.RequestParser;
import io.img2img.domain.request.RequestRules;
import io.img2img.domain.request.Violation;
import io.img2img.domain.schema.JsonSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The README's "use it as a library" example: the request rules and the JSON Schema the MCP tool and the REST
 * endpoint use, from plain Java. The text between the README markers is what the README shows (checked by
 * {@code LibraryExampleTest}). Run: {@code java -cp domain/target/classes:examples/target/classes
 * io.img2img.examples.LibraryExample examples/reference.png}.
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

    public static void main(String[] args) throws IOException {
        Outcome outcome = run(Path.of(args.length > 0 ? args[0] : "examples/reference.png"));
        System.out.println("violations: " + outcome.good());
        outcome.bad().forEach(v -> System.out.println("refused: " + v));
        System.out.println("schema fields: " + ((Map<?, ?>) outcome.schema().get("properties")).keySet());
    }
}
