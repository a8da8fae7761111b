package io.img2img.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.domain.request.FormRequest;
import io.img2img.domain.request.FormRequest.Part;
import io.img2img.domain.request.ParsedRequest;
import io.img2img.domain.request.RequestParser;
import io.img2img.domain.request.RequestRules;
import io.img2img.domain.request.Violation;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class FormRequestTest {
    private static final byte[] PNG =
            Base64.getDecoder().decode(Requests.PNG_1X1.substring(Requests.PNG_1X1.indexOf(',') + 1));
    /** A stand-in JSON reader for the one array field: only the two texts the tests send. */
    private static final Function<String, Object> JSON = text -> switch (text) {
        case "[{\"modelId\":\"model_lora\",\"scale\":0.5}]" -> List.of(Map.of("modelId", "model_lora", "scale", 0.5));
        default -> throw new IllegalArgumentException("unexpected character at 1");
    };

    private static List<Part> form(String... pairs) {
        List<Part> parts = new ArrayList<>();
        parts.add(Part.text("modelId", "model_abc"));
        parts.add(Part.text("prompt", "a castle at dusk"));
        parts.add(Part.file("image", PNG));
        for (int i = 0; i < pairs.length; i += 2) {
            parts.add(Part.text(pairs[i], pairs[i + 1]));
        }
        return parts;
    }

    private static List<Violation> violations(ParsedRequest parsed) {
        return RequestRules.generic(parsed);
    }

    @Test
    void theSameRequestAsJsonAndAsAFormParsesToEqualRequests() {
        Map<String, Object> json = new LinkedHashMap<>(Requests.valid().json());
        json.putAll(Map.of(
                "numSamples",
                2,
                "strength",
                0.5,
                "width",
                512.0,
                "seed",
                42,
                "hideResults",
                true,
                "concepts",
                List.of(Map.of("modelId", "model_lora", "scale", 0.5))));
        ParsedRequest fromJson = RequestParser.parse(json, Map.of("dryRun", "true"));
        ParsedRequest fromForm = FormRequest.parse(
                form(
                        "numSamples",
                        "2",
                        "strength",
                        "0.5",
                        "width",
                        "512.0",
                        "seed",
                        "42",
                        "hideResults",
                        "true",
                        "concepts",
                        "[{\"modelId\":\"model_lora\",\"scale\":0.5}]"),
                Map.of("dryRun", "true"),
                JSON);
        assertThat(fromForm.typeErrors()).isEmpty();
        assertThat(fromForm.request()).isEqualTo(fromJson.request());
        assertThat(violations(fromForm)).isEmpty();
    }

    @Test
    void wrongPartTypesAreEachReportedAtOnceInTheJsonParsersWords() {
        List<Violation> v = violations(FormRequest.parse(
                form(
                        "numSamples",
                        "two",
                        "strength",
                        "high",
                        "hideResults",
                        "maybe",
                        "concepts",
                        "{oops",
                        "width",
                        "512.5"),
                Map.of(),
                JSON));
        assertThat(v)
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("numSamples", "strength", "hideResults", "concepts", "width");
        assertThat(v)
                .filteredOn(x -> x.field().equals("numSamples"))
                .first()
                .extracting(Violation::message)
                .asString()
                .isEqualTo("must be an integer; got the string \"two\"");
        assertThat(v)
                .filteredOn(x -> x.field().equals("concepts"))
                .first()
                .extracting(Violation::message)
                .asString()
                .startsWith("must be JSON text: an array of {modelId, scale, modelEpoch?}");
    }

    @Test
    void aDuplicateAnUnknownPartAndAFileWhereTextBelongsAreViolations() {
        List<Part> parts = form("numSamples", "2", "numSamples", "3", "negative_prompt", "fog");
        parts.add(Part.file("prompt", PNG));
        List<Violation> v = violations(FormRequest.parse(parts, Map.of(), JSON));
        assertThat(v).extracting(Violation::field).containsExactlyInAnyOrder("numSamples", "negative_prompt", "prompt");
        assertThat(v)
                .extracting(Violation::message)
                .anyMatch(m -> m.contains("more than once"))
                .anyMatch(m -> m.contains("did you mean negativePrompt?"));
    }

    @Test
    void anImageTextPartHoldsAnAssetIdAndAFileMustBeAnImage() {
        List<Part> parts = new ArrayList<>(form().subList(0, 2));
        parts.add(Part.text("image", "asset_abc"));
        ParsedRequest byId = FormRequest.parse(parts, Map.of(), JSON);
        assertThat(violations(byId)).isEmpty();
        assertThat(byId.request().reference()).hasToString("AssetId[id=asset_abc]");

        List<Part> notImage = new ArrayList<>(form().subList(0, 2));
        notImage.add(Part.file("image", "hello".getBytes()));
        assertThat(violations(FormRequest.parse(notImage, Map.of(), JSON)))
                .containsExactly(new Violation("image", "the file is not a PNG, JPEG, WebP or GIF image"));
        assertThat(violations(FormRequest.parse(form().subList(0, 2), Map.of(), JSON)))
                .extracting(Violation::field)
                .containsExactly("image");
    }

    @Test
    void anEmptyTextOfANonStringFieldIsAbsent() {
        ParsedRequest parsed = FormRequest.parse(form("numSamples", "", "guidance", ""), Map.of(), JSON);
        assertThat(violations(parsed)).isEmpty();
        assertThat(parsed.request().numSamples()).isNull();
    }
}
