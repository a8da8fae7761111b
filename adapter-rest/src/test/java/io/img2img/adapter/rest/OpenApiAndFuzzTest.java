package io.img2img.adapter.rest;

import static io.img2img.adapter.rest.TestServer.body;
import static io.img2img.adapter.rest.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.domain.request.Field;
import io.img2img.domain.request.FieldCatalogue;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OpenApiAndFuzzTest {

    @Test
    void openApiIs31AndItsRequestSchemaIsTheDomainCatalogue() throws Exception {
        try (TestServer s = new TestServer()) {
            JsonNode doc = json(s.get("/openapi.json"));
            assertThat(doc.get("openapi").asText()).startsWith("3.1.");
            JsonNode op = doc.at("/paths/~1v1~1generate~1img2img/post");
            assertThat(op.at("/requestBody/content/application~1json/schema/$ref")
                            .asText())
                    .isEqualTo("#/components/schemas/Img2ImgRequest");
            assertThat(op.get("responses").has("202")).isTrue();
            assertThat(doc.at("/paths/~1v1~1jobs~1{jobId}/get").isObject()).isTrue();
            assertThat(doc.at("/paths/~1v1~1assets~1{assetId}/get").isObject()).isTrue();
            assertThat(doc.at("/paths/~1v1~1assets~1{assetId}/get/parameters/1/name")
                            .asText())
                    .isEqualTo("maxSide");
            assertThat(doc.at("/paths/~1v1~1models/get/parameters/0/name").asText())
                    .isEqualTo("cursor");
            assertThat(doc.at("/components/schemas/ModelList/properties/models/items/properties/ranges")
                            .isObject())
                    .isTrue();
            // the form: a file picker for the image, every other field of the catalogue with its type
            assertThat(op.at("/requestBody/content/multipart~1form-data/schema/$ref")
                            .asText())
                    .isEqualTo("#/components/schemas/Img2ImgForm");
            JsonNode form = doc.at("/components/schemas/Img2ImgForm/properties");
            assertThat(form.at("/image/format").asText()).isEqualTo("binary");
            assertThat(form.at("/numSamples/type").asText()).isEqualTo("integer");
            assertThat(form.at("/concepts/type").asText()).isEqualTo("string");
            assertThat(form.size()).isEqualTo(23 + WebhookFields.NAMES.size()); // the catalogue and the webhook
            assertThat(form.at("/webhook/format").asText()).isEqualTo("uri");
            assertThat(doc.at("/webhooks/jobEvent/post/requestBody/content/application~1json/schema/$ref")
                            .asText())
                    .isEqualTo("#/components/schemas/Img2ImgResult");
            assertThat(op.at("/responses/400/description").asText()).contains("too-many-parts", "malformed-multipart");
            List<String> parameters = new ArrayList<>();
            op.get("parameters")
                    .forEach(p -> parameters.add(
                            p.get("in").asText() + ":" + p.get("name").asText()));
            assertThat(parameters)
                    .contains("query:dryRun", "query:originalAssets", "header:Prefer", "header:Idempotency-Key");

            JsonNode request = doc.at("/components/schemas/Img2ImgRequest");
            JsonNode properties = request.get("properties");
            List<String> names = new ArrayList<>();
            properties.fieldNames().forEachRemaining(names::add);
            assertThat(names)
                    .hasSize(23)
                    .containsExactlyElementsOf(
                            FieldCatalogue.FIELDS.stream().map(Field::name).toList());
            for (Field f : FieldCatalogue.FIELDS) {
                JsonNode p = properties.get(f.name());
                if (f.minimum() != null && !f.name().equals("seed")) {
                    assertThat(p.get("minimum").asDouble()).as(f.name()).isEqualTo(f.minimum());
                    assertThat(p.get("maximum").asDouble()).as(f.name()).isEqualTo(f.maximum());
                }
                if (f.defaultValue() instanceof Number n) {
                    assertThat(p.get("default").asDouble()).as(f.name()).isEqualTo(n.doubleValue());
                }
            }
            assertThat(properties.at("/width/multipleOf").asInt()).isEqualTo(8);
            assertThat(properties.at("/scheduler/enum")).hasSize(15);
            assertThat(request.get("required")).extracting(JsonNode::asText).containsExactly("modelId", "prompt");
            assertThat(doc.at("/components/schemas/Img2ImgResult/required/0").asText())
                    .isEqualTo("backend");
        }
    }

    /** Mutations of a valid body; the dryRun=true query flag is never touched, so nothing is started. */
    @Test
    void aThousandMutatedBodiesGetA200DryRunOrA4xxNeverA5xx() throws Exception {
        Random random = new Random(20261124);
        List<Object> oddValues = List.of(
                "",
                " ",
                "x".repeat(100_000),
                "\u0000\u202e\ud83d\ude00",
                -1,
                0,
                1e308,
                -1e308,
                Long.MAX_VALUE,
                3.5,
                true,
                false,
                List.of(),
                List.of(1, "a", Map.of()),
                Map.of("nested", Map.of("deep", List.of())),
                "data:image/png;base64,",
                "data:image/png;base64,!!!!",
                "data:image/jpeg;base64,iVBORw0KGgo=",
                "data:text/html;base64,PGh0bWw+",
                "asset_../../etc/passwd",
                "file:///etc/passwd",
                "/etc/passwd",
                "12345678901234567890123",
                "NaN",
                "\"",
                "{",
                "model_missing",
                9007199254740993L);
        List<String> fields = new ArrayList<>(FieldCatalogue.FIELDS.stream()
                .map(Field::name)
                .filter(n -> !n.equals("dryRun"))
                .toList());
        fields.addAll(List.of("negative_prompt", "", "__proto__", "image\u0000"));
        java.util.Set<Integer> statuses = new java.util.TreeSet<>();
        try (TestServer s = new TestServer()) {
            // the port answers as the application would first: the domain's rules, then the price or the job
            s.ports.generate = call -> {
                List<io.img2img.domain.request.Violation> violations =
                        io.img2img.domain.request.RequestRules.generic(call.request());
                if (!violations.isEmpty()) {
                    return io.img2img.domain.result.Img2ImgResult.error(
                            StubUseCases.BACKEND, io.img2img.domain.result.ResultError.invalid(violations));
                }
                return call.dryRun()
                        ? io.img2img.domain.result.Img2ImgResult.dryRun(StubUseCases.BACKEND, 2.5)
                        : StubUseCases.success("job_1", 1);
            };
            for (int i = 0; i < 1000; i++) {
                Map<String, Object> mutated = new LinkedHashMap<>(body());
                int changes = 1 + random.nextInt(4);
                for (int c = 0; c < changes; c++) {
                    String field = fields.get(random.nextInt(fields.size()));
                    switch (random.nextInt(4)) {
                        case 0 -> mutated.remove(field);
                        case 1 -> mutated.put(field, null);
                        default -> mutated.put(field, oddValues.get(random.nextInt(oddValues.size())));
                    }
                }
                HttpResponse<String> r = s.post("/v1/generate/img2img?dryRun=true", mutated);
                assertThat(r.statusCode()).as("body %d: %s", i, r.body()).isIn(200, 400, 404, 413, 422);
                if (r.statusCode() == 200) {
                    assertThat(json(r).get("dryRun").asBoolean()).isTrue();
                } else {
                    assertThat(r.headers().firstValue("Content-Type").orElse(""))
                            .startsWith("application/problem+json");
                }
                statuses.add(r.statusCode());
            }
            assertThat(statuses)
                    .as("the mutations reach both the dry run and the refusals")
                    .contains(200, 400);
            assertThat(s.ports.paidCalls())
                    .as("every mutated body reached the port, if at all, as a dry run")
                    .isEmpty();
            HttpResponse<String> valid = s.post("/v1/generate/img2img", body("numSamples", 1));
            assertThat(valid.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theQueryFlagsAndProblemResponsesAreWrittenFromTheCatalogues() throws Exception {
        try (TestServer s = new TestServer()) {
            JsonNode doc = json(s.get("/openapi.json"));
            JsonNode op = doc.at("/paths/~1v1~1generate~1img2img/post");
            List<String> flags = new ArrayList<>();
            op.get("parameters").forEach(p -> {
                if ("query".equals(p.get("in").asText())
                        && !WebhookFields.NAMES.contains(p.get("name").asText())) {
                    flags.add(p.get("name").asText());
                    assertThat(p.get("description").asText())
                            .startsWith(
                                    FieldCatalogue.field(p.get("name").asText()).description());
                }
            });
            assertThat(flags)
                    .containsExactlyElementsOf(FieldCatalogue.queryFlags().stream()
                            .map(Field::name)
                            .toList());
            assertThat(GenerationRoutes.QUERY_FLAGS).containsExactlyElementsOf(flags);
            assertThat(op.at("/description").asText())
                    .contains("default " + GenerationRoutes.DEFAULT_GENERATE_WAIT.toSeconds() + ", at most "
                            + Prefer.MAX_WAIT.toSeconds());
            // every problem response names only codes answered with its status
            List<String> wrong = new ArrayList<>();
            doc.get("paths")
                    .forEach(path -> path.forEach(operation -> operation
                            .get("responses")
                            .fields()
                            .forEachRemaining(e -> {
                                if (!e.getKey().startsWith("4") && !e.getKey().startsWith("5")) {
                                    return;
                                }
                                if (!e.getValue().path("content").has(io.img2img.adapter.http.Problem.CONTENT_TYPE)) {
                                    return; // not a problem: readiness's 503 {"status":"not-ready",…}
                                }
                                for (String part :
                                        e.getValue().get("description").asText().split("\n")) {
                                    String code = part.substring(2, Math.max(2, part.indexOf(':')));
                                    io.img2img.domain.result.ErrorCode entry =
                                            io.img2img.domain.result.ErrorCode.ofWireName(code)
                                                    .orElse(null);
                                    if (entry == null || entry.httpStatus() != Integer.parseInt(e.getKey())) {
                                        wrong.add(e.getKey() + " " + part);
                                    }
                                }
                            })));
            assertThat(wrong).isEmpty();
            assertThat(doc.at("/components/schemas/Problem/properties/code/enum"))
                    .hasSize(io.img2img.domain.result.ErrorCode.values().length);
            String page = s.get("/docs").body();
            assertThat(page)
                    .contains("max=\"" + Prefer.MAX_WAIT.toSeconds() + "\"")
                    .doesNotContain("{{");
        }
    }
}
