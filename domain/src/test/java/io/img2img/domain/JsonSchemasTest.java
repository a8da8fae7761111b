package io.img2img.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.domain.request.Violation;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import io.img2img.domain.result.ProducedImage;
import io.img2img.domain.result.ResultError;
import io.img2img.domain.result.ResultJson;
import io.img2img.domain.schema.JsonSchemas;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> schema) {
        return (Map<String, Object>) schema.get("properties");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> prop(String name) {
        return (Map<String, Object>) props(JsonSchemas.request()).get(name);
    }

    @Test
    @SuppressWarnings("unchecked")
    void requestSchemaHasThe23FieldsWithTypesRangesDefaultsAndEnum() {
        Map<String, Object> schema = JsonSchemas.request();
        assertThat(props(schema))
                .containsOnlyKeys(
                        "modelId",
                        "prompt",
                        "image",
                        "imageId",
                        "imageParentId",
                        "imageHide",
                        "strength",
                        "seed",
                        "numSamples",
                        "numInferenceSteps",
                        "guidance",
                        "width",
                        "height",
                        "scheduler",
                        "negativePrompt",
                        "negativePromptStrength",
                        "concepts",
                        "modelEpoch",
                        "baseModelId",
                        "hideResults",
                        "intermediateImages",
                        "originalAssets",
                        "dryRun");
        assertThat(schema.get("required")).isEqualTo(List.of("modelId", "prompt"));
        assertThat(schema.get("additionalProperties")).isEqualTo(false);
        assertThat(prop("strength"))
                .containsEntry("type", "number")
                .containsEntry("minimum", 0.01)
                .containsEntry("maximum", 1L)
                .containsEntry("default", 0.75);
        assertThat(prop("numSamples"))
                .containsEntry("type", "integer")
                .containsEntry("minimum", 1L)
                .containsEntry("maximum", 128L)
                .containsEntry("default", 4L);
        assertThat(prop("numInferenceSteps"))
                .containsEntry("minimum", 1L)
                .containsEntry("maximum", 150L)
                .containsEntry("default", 30L);
        assertThat(prop("width"))
                .containsEntry("type", "integer")
                .containsEntry("minimum", 64L)
                .containsEntry("maximum", 2048L)
                .containsEntry("multipleOf", 8)
                .containsEntry("default", 512L);
        assertThat(prop("guidance"))
                .containsEntry("minimum", 0L)
                .containsEntry("maximum", 20L)
                .doesNotContainKey("default");
        assertThat(prop("negativePromptStrength")).containsEntry("maximum", 10L);
        assertThat(prop("seed").get("type")).isEqualTo(List.of("string", "integer"));
        assertThat((List<Object>) prop("scheduler").get("enum")).hasSize(15).contains("EulerDiscreteScheduler");
        assertThat(prop("dryRun")).containsEntry("type", "boolean").containsEntry("default", false);
        assertThat(prop("concepts")).containsEntry("type", "array");
        @SuppressWarnings("unchecked")
        Map<String, Object> item = (Map<String, Object>) prop("concepts").get("items");
        assertThat(item.get("required")).isEqualTo(List.of("modelId", "scale"));
        assertThat(props(item)).containsOnlyKeys("modelId", "scale", "modelEpoch");
        props(schema)
                .values()
                .forEach(p ->
                        assertThat(((Map<?, ?>) p).containsKey("description")).isTrue());
    }

    @Test
    void resultSchemaRequiresOnlyTheBackend() {
        Map<String, Object> schema = JsonSchemas.result();
        assertThat(schema.get("required")).isEqualTo(List.of("backend"));
        assertThat(props(schema))
                .containsKeys(
                        "backend",
                        "jobId",
                        "status",
                        "progress",
                        "seed",
                        "creativeUnitsCost",
                        "images",
                        "dryRun",
                        "error");
    }

    @Test
    void resultMapsLeaveOutWhatDoesNotApply() {
        Map<String, Object> dry = ResultJson.toMap(Img2ImgResult.dryRun("scenario", 12), i -> null);
        assertThat(dry).isEqualTo(Map.of("backend", "scenario", "creativeUnitsCost", 12L, "dryRun", true));
        Img2ImgResult done = new Img2ImgResult(
                "local",
                "job_1",
                JobStatus.SUCCESS,
                1.0,
                "42",
                0.0,
                List.of(new ProducedImage("asset_1", null, "image/png", 512, 512, "/tmp/asset_1.png")),
                false,
                null);
        Map<String, Object> map = ResultJson.toMap(done, i -> "img2img://assets/" + i.assetId());
        assertThat(map)
                .containsEntry("status", "success")
                .containsEntry("seed", "42")
                .containsEntry("progress", 1.0);
        assertThat((List<?>) map.get("images"))
                .singleElement()
                .isEqualTo(Map.of(
                        "assetId",
                        "asset_1",
                        "url",
                        "img2img://assets/asset_1",
                        "mimeType",
                        "image/png",
                        "width",
                        512,
                        "height",
                        512,
                        "path",
                        "/tmp/asset_1.png"));
        Map<String, Object> err = ResultJson.toMap(
                Img2ImgResult.error(
                        "local", ResultError.invalid(List.of(new Violation("width", "must be a multiple of 8")))),
                i -> null);
        assertThat(err).containsOnlyKeys("backend", "error");
        assertThat(err.get("error").toString()).contains("invalid-request").contains("width");
    }
}
