package io.img2img.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.domain.model.Model;
import io.img2img.domain.model.ModelFamily;
import io.img2img.domain.request.FieldCatalogue;
import io.img2img.domain.request.ImageReference;
import io.img2img.domain.request.Img2ImgRequest;
import io.img2img.domain.request.JsonType;
import io.img2img.domain.request.ParsedRequest;
import io.img2img.domain.request.RequestParser;
import io.img2img.domain.request.RequestRules;
import io.img2img.domain.request.Violation;
import io.img2img.domain.result.ResultError;
import io.img2img.domain.text.Numbers;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestRulesTest {

    private static List<String> fields(List<Violation> violations) {
        return violations.stream().map(Violation::field).toList();
    }

    @Test
    void aMinimalRequestIsValid() {
        assertThat(Requests.valid().violations()).isEmpty();
    }

    @ParameterizedTest(name = "modelId {0} refused")
    @CsvSource(
            value = {".", "..", "../x", "a/b", "x?y", "m#f", "a b", "-x", "_x", ".x", "%2e%2e"},
            quoteCharacter = '"')
    void modelIdsThatCouldChangeAnUpstreamPathAreViolations(String id) {
        List<Violation> violations = Requests.valid().with("modelId", id).violations();
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("modelId");
            assertThat(v.message()).contains("must be a model id").contains(id);
        });
        List<Violation> concept = Requests.valid()
                .with("concepts", List.of(Map.of("modelId", id, "scale", 1.0)))
                .violations();
        assertThat(fields(concept)).containsExactly("concepts[0].modelId");
        assertThat(RequestRules.conceptModelIds(RequestParser.parse(Map.of(
                                "modelId",
                                "m",
                                "prompt",
                                "p",
                                "concepts",
                                List.of(Map.of("modelId", id, "scale", 1.0))))
                        .request()))
                .isEmpty();
    }

    @ParameterizedTest(name = "modelId {0} accepted")
    @CsvSource({"model_eyVcnFJcR92BxBkz7N6g5w", "flux.1-dev", "flux.1.1-pro-ultra", "sd-xl", "9x", "a.."})
    void scenarioModelIdsAreModelIds(String id) {
        assertThat(Requests.valid().with("modelId", id).violations()).isEmpty();
        assertThat(id).matches(io.img2img.domain.id.Ids.MODEL_ID_PATTERN);
    }

    @ParameterizedTest(name = "{0} = {1} accepted")
    @CsvSource({
        "strength, 0.01",
        "strength, 1.0",
        "numSamples, 1",
        "numSamples, 128",
        "numInferenceSteps, 1",
        "numInferenceSteps, 150",
        "guidance, 0",
        "guidance, 20",
        "width, 64",
        "width, 2048",
        "height, 64",
        "height, 2048",
        "negativePromptStrength, 0",
        "negativePromptStrength, 10"
    })
    void boundsAreInclusive(String field, double value) {
        Object json = FieldCatalogue.field(field).type() == JsonType.INTEGER ? (Object) (long) value : (Object) value;
        assertThat(Requests.valid().with(field, json).violations()).isEmpty();
    }

    @ParameterizedTest(name = "{0} = {1} refused")
    @CsvSource({
        "strength, 0.0099",
        "strength, 1.0001",
        "numSamples, 0",
        "numSamples, 129",
        "numInferenceSteps, 0",
        "numInferenceSteps, 151",
        "guidance, -0.01",
        "guidance, 20.01",
        "width, 56",
        "width, 2056",
        "height, 56",
        "height, 2056",
        "width, 513",
        "height, 1001",
        "negativePromptStrength, -0.1",
        "negativePromptStrength, 10.1"
    })
    void justPastTheBoundIsRefusedNamingFieldRuleAndValue(String field, double value) {
        Object json = FieldCatalogue.field(field).type() == JsonType.INTEGER ? (Object) (long) value : (Object) value;
        List<Violation> violations = Requests.valid().with(field, json).violations();
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).field()).isEqualTo(field);
        assertThat(violations.get(0).message()).contains("must").contains(Numbers.format(value));
    }

    @Test
    void widthsMustBeMultiplesOfEight() {
        assertThat(Requests.valid().with("width", 520).violations()).isEmpty();
        assertThat(Requests.valid().with("width", 516).violations().get(0).message())
                .isEqualTo("must be a multiple of 8 within [64, 2048]; got 516");
    }

    @Test
    void everyViolationIsReportedTogether() {
        List<Violation> violations = Requests.valid()
                .with("prompt", " ")
                .with("strength", 2)
                .with("numSamples", "four")
                .with("width", 10)
                .with("scheduler", "Fastest")
                .with("negative_prompt", "blur")
                .with("seed", -1)
                .violations();
        assertThat(fields(violations))
                .containsExactlyInAnyOrder(
                        "prompt", "strength", "numSamples", "width", "scheduler", "negative_prompt", "seed");
    }

    @Test
    void unknownFieldsAreViolations() {
        List<Violation> violations =
                Requests.valid().with("negative_prompt", "x").violations();
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("negative_prompt");
            assertThat(v.message()).contains("is not a field");
        });
    }

    @Test
    void nullIsTheSameAsAbsent() {
        assertThat(Requests.valid()
                        .with("strength", null)
                        .with("seed", null)
                        .with("concepts", null)
                        .with("dryRun", null)
                        .violations())
                .isEmpty();
        assertThat(fields(Requests.valid().with("prompt", null).violations())).containsExactly("prompt");
    }

    @Test
    void integralNumbersAreAcceptedForIntegerFields() {
        Img2ImgRequest r =
                Requests.valid().with("width", 512.0).with("numSamples", 2.0).request();
        assertThat(r.width()).isEqualTo(512);
        assertThat(r.numSamples()).isEqualTo(2);
        assertThat(fields(Requests.valid().with("width", 512.5).violations())).containsExactly("width");
    }

    @Test
    void typeErrorsNameTheFieldAndTheValue() {
        List<Violation> v = Requests.valid()
                .with("strength", "0.5")
                .with("hideResults", "yes")
                .with("modelId", 42)
                .with("concepts", "x")
                .violations();
        assertThat(v)
                .extracting(Violation::toString)
                .containsExactlyInAnyOrder(
                        "strength: must be a number; got the string \"0.5\"",
                        "hideResults: must be a boolean; got the string \"yes\"",
                        "modelId: must be a string; got 42",
                        "concepts: must be an array of {modelId, scale, modelEpoch?}; got the string \"x\"");
    }

    @Test
    void hugeIntegersAreRangeErrorsNotCrashes() {
        assertThat(Requests.valid()
                        .with("numSamples", new BigInteger("1" + "0".repeat(40)))
                        .violations())
                .singleElement()
                .extracting(Violation::field)
                .isEqualTo("numSamples");
        assertThat(Requests.valid().with("width", 1e300).violations())
                .singleElement()
                .extracting(Violation::field)
                .isEqualTo("width");
    }

    @Test
    void seedAcceptsDigitsOrIntegersBelowTwoToThe53() {
        assertThat(Requests.valid().with("seed", "42").request().seed()).isEqualTo(42L);
        assertThat(Requests.valid().with("seed", 42).request().seed()).isEqualTo(42L);
        assertThat(Requests.valid().with("seed", 9007199254740991L).request().seed())
                .isEqualTo(9007199254740991L);
        assertThat(Requests.valid().with("seed", "0").request().seed()).isZero();
        for (Object bad : List.of("9007199254740992", 9007199254740992L, "-1", -1, "4x", "", 1.5, true)) {
            assertThat(Requests.valid().with("seed", bad).violations())
                    .as("seed %s", bad)
                    .singleElement()
                    .extracting(Violation::field)
                    .isEqualTo("seed");
        }
    }

    @Test
    void schedulerMustBeOneOfTheFifteen() {
        assertThat(FieldCatalogue.SCHEDULERS).hasSize(15);
        assertThat(Requests.valid().with("scheduler", "LCMScheduler").violations())
                .isEmpty();
        assertThat(Requests.valid().with("scheduler", "lcm").violations().get(0).message())
                .contains("must be one of");
    }

    @Test
    void imageOrImageIdIsRequiredButNotBoth() {
        assertThat(fields(Requests.valid().without("image").violations())).containsExactly("image");
        assertThat(Requests.valid()
                        .without("image")
                        .with("imageId", "asset_abc")
                        .violations())
                .isEmpty();
        assertThat(fields(Requests.valid().with("imageId", "asset_abc").violations()))
                .containsExactly("imageId");
        assertThat(fields(Requests.valid()
                        .without("image")
                        .with("imageId", "../etc")
                        .violations()))
                .containsExactly("imageId");
    }

    @Test
    void imageParentIdAndImageHideOnlyWithADataUrl() {
        assertThat(Requests.valid()
                        .with("imageParentId", "asset_p")
                        .with("imageHide", true)
                        .violations())
                .isEmpty();
        assertThat(fields(Requests.valid()
                        .with("image", "asset_x")
                        .with("imageParentId", "asset_p")
                        .with("imageHide", false)
                        .violations()))
                .containsExactlyInAnyOrder("imageParentId", "imageHide");
    }

    @Test
    void dataUrlsAreCheckedForTypeBase64AndMagicBytes() {
        String png = Requests.PNG_1X1.substring(Requests.PNG_1X1.indexOf(',') + 1);
        assertThat(Requests.valid().request().image())
                .isInstanceOfSatisfying(
                        ImageReference.DataUrl.class,
                        d -> assertThat(d.mimeType()).isEqualTo("image/png"));
        assertThat(message("data:image/jpeg;base64," + png))
                .contains("declares image/jpeg but the bytes are image/png");
        assertThat(message("data:image/tiff;base64," + png)).contains("must be one of image/png");
        assertThat(message("data:image/png;base64,@@@not base64")).contains("not valid base64");
        assertThat(message("data:image/png," + png)).contains("base64 data URL");
        assertThat(message("data:image/png;base64,")).contains("no image bytes");
        String text = Base64.getEncoder().encodeToString("hello, not an image".getBytes());
        assertThat(message("data:image/png;base64," + text)).contains("not a PNG, JPEG, WebP or GIF");
        assertThat(message("/etc/passwd")).contains("must be a data URL");
        assertThat(message("asset_../../x")).contains("must be a data URL");
        byte[] gif = "GIF89a....".getBytes();
        assertThat(RequestParser.parse(Requests.valid()
                                .with(
                                        "image",
                                        "data:image/gif;base64,"
                                                + Base64.getEncoder().encodeToString(gif))
                                .json())
                        .typeErrors())
                .isEmpty();
        byte[] webp = "RIFF0000WEBPVP8 ".getBytes();
        assertThat(RequestParser.parse(Requests.valid()
                                .with(
                                        "image",
                                        "data:IMAGE/WEBP;base64,"
                                                + Base64.getEncoder().encodeToString(webp))
                                .json())
                        .typeErrors())
                .isEmpty();
    }

    @Test
    void aBase64PayloadWrappedInLinesDecodesLikeAPlainOne() {
        byte[] bytes = java.util.Arrays.copyOf(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 300);
        String wrapped = Base64.getMimeEncoder().encodeToString(bytes);
        assertThat(wrapped).contains("\r\n");
        for (String payload : List.of(wrapped, Base64.getEncoder().encodeToString(bytes))) {
            assertThat(Requests.valid()
                            .with("image", "data:image/png;base64," + payload)
                            .request()
                            .image())
                    .isInstanceOfSatisfying(
                            ImageReference.DataUrl.class,
                            d -> assertThat(d.bytes()).isEqualTo(bytes));
        }
    }

    @Test
    void unknownFieldsAreNamedWithAHintAndTheFieldListOnce() {
        List<Violation> v = RequestParser.parse(Requests.valid()
                        .with("negative_prompt", "x")
                        .with("colour", 1)
                        .json())
                .typeErrors();
        assertThat(v).extracting(Violation::field).containsExactly("negative_prompt", "colour");
        assertThat(v.get(0).message())
                .contains("did you mean negativePrompt?")
                .contains("the fields are modelId, prompt");
        assertThat(v.get(1).message()).isEqualTo("is not a field of this request");
    }

    @Test
    void aBodyOfAMillionMistakesGivesAHundredMessagesAndACount() {
        Map<String, Object> body =
                new java.util.LinkedHashMap<>(Requests.valid().json());
        for (int i = 0; i < 1_000_000; i++) {
            body.put("f" + i, 0);
        }
        List<Violation> v = RequestParser.parse(body).typeErrors();
        assertThat(v).hasSize(101);
        assertThat(v.get(100).message()).endsWith("(and 999899 more problems in this request, not listed)");
        assertThat(ResultError.invalid(v).message()).hasSizeLessThan(20_000);
    }

    @Test
    void theSummaryCountsEveryViolationNotOnlyTheListedOnes() {
        Map<String, Object> body =
                new java.util.LinkedHashMap<>(Requests.valid().json());
        for (int i = 0; i < 150; i++) {
            body.put("f" + i, 0);
        }
        List<Violation> v = RequestParser.parse(body).typeErrors();
        assertThat(v).hasSize(101);
        assertThat(ResultError.invalid(v).message()).startsWith("150 fields are invalid: ");
        assertThat(ResultError.invalid(v.subList(0, 2)).message()).startsWith("2 fields are invalid: ");
        assertThat(ResultError.invalid(v.subList(0, 1)).message()).startsWith("1 field is invalid: ");
    }

    @Test
    void conceptsAreAtMostEight() {
        Map<String, Object> concept = Map.of("modelId", "model_l", "scale", 1);
        assertThat(Requests.valid()
                        .with("concepts", java.util.Collections.nCopies(8, concept))
                        .violations())
                .isEmpty();
        List<Violation> v = Requests.valid()
                .with("concepts", java.util.Collections.nCopies(9, concept))
                .violations();
        assertThat(v).singleElement().extracting(Violation::field).isEqualTo("concepts");
        assertThat(v.get(0).message()).isEqualTo("must have at most 8 entries; got 9");
    }

    private static String message(String image) {
        List<Violation> v = Requests.valid().with("image", image).violations();
        assertThat(v).singleElement().extracting(Violation::field).isEqualTo("image");
        return v.get(0).message();
    }

    @Test
    void conceptsAreCheckedItemByItem() {
        assertThat(Requests.valid()
                        .with("concepts", List.of(Map.of("modelId", "model_l", "scale", 1.5)))
                        .violations())
                .isEmpty();
        List<Violation> v = Requests.valid()
                .with(
                        "concepts",
                        List.of(
                                Map.of("modelId", "model_l", "scale", 2.5),
                                Map.of("scale", 1),
                                Map.of("modelId", "model_m", "scale", "big"),
                                Map.of("modelId", "model_n", "scale", 1, "weight", 2),
                                "model_o"))
                .violations();
        assertThat(fields(v))
                .containsExactlyInAnyOrder(
                        "concepts[0].scale",
                        "concepts[1].modelId",
                        "concepts[2].scale",
                        "concepts[3].weight",
                        "concepts[4]");
    }

    @Test
    void queryFlagsMustAgreeWithTheBody() {
        ParsedRequest agree =
                RequestParser.parse(Requests.valid().with("dryRun", true).json(), Map.of("dryRun", "true"));
        assertThat(agree.typeErrors()).isEmpty();
        assertThat(agree.request().isDryRun()).isTrue();
        ParsedRequest onlyQuery =
                RequestParser.parse(Requests.valid().json(), Map.of("dryRun", "true", "originalAssets", "false"));
        assertThat(onlyQuery.request().isDryRun()).isTrue();
        assertThat(onlyQuery.request().originalAssets()).isFalse();
        ParsedRequest conflict =
                RequestParser.parse(Requests.valid().with("dryRun", false).json(), Map.of("dryRun", "true"));
        assertThat(conflict.typeErrors()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("dryRun");
            assertThat(v.message()).contains("body says false but the query flag says true");
        });
        assertThat(RequestParser.parse(Requests.valid().json(), Map.of("dryRun", "maybe"))
                        .typeErrors())
                .singleElement()
                .extracting(Violation::field)
                .isEqualTo("dryRun");
    }

    // --- model families -------------------------------------------------------------------

    private static Model model(String type) {
        return new Model("model_abc", type, "trained", List.of("txt2img", "img2img"), false, List.of("flux.1-dev"));
    }

    private static List<Violation> forType(String type, Requests request) {
        return RequestRules.forModel(request.request(), Optional.of(model(type)), Map.of());
    }

    @Test
    void sd15SidesAreAtMost1024ForThePlainTypeOnly() {
        assertThat(forType("sd-1_5", Requests.valid().with("width", 1024).with("height", 64)))
                .isEmpty();
        assertThat(forType("sd-1_5", Requests.valid().with("width", 1032)))
                .singleElement()
                .satisfies(v -> assertThat(v.toString())
                        .isEqualTo("width: must be within [64, 1024] for a model of type sd-1_5; got 1032"));
        assertThat(forType("sd-1_5-lora", Requests.valid().with("width", 1536))).isEmpty();
    }

    @Test
    void sdxlSidesAreAtLeast512() {
        for (String type : List.of("sd-xl", "sd-xl-lora", "sd-xl-composition")) {
            assertThat(forType(type, Requests.valid().with("width", 512).with("height", 2048)))
                    .isEmpty();
            assertThat(fields(forType(type, Requests.valid().with("width", 504).with("height", 256))))
                    .containsExactly("width", "height");
        }
    }

    @Test
    void guidanceRangesByFamily() {
        assertThat(forType("flux.1", Requests.valid().with("guidance", 10))).isEmpty();
        assertThat(fields(forType("flux.1-krea-dev", Requests.valid().with("guidance", 10.5))))
                .containsExactly("guidance");
        assertThat(forType("flux.1-pro", Requests.valid().with("guidance", 2))).isEmpty();
        assertThat(forType("flux1.1-pro", Requests.valid().with("guidance", 5))).isEmpty();
        assertThat(fields(forType("flux.1.1-pro-ultra", Requests.valid().with("guidance", 1.99))))
                .containsExactly("guidance");
        assertThat(fields(forType("flux.1-pro", Requests.valid().with("guidance", 5.01))))
                .containsExactly("guidance");
        assertThat(forType("sd-xl", Requests.valid().with("guidance", 20))).isEmpty();
        assertThat(forType("sd-1_5", Requests.valid().with("guidance", 0))).isEmpty();
    }

    @Test
    void fluxDevNegativePromptNeedsAStrength() {
        assertThat(fields(forType("flux.1", Requests.valid().with("negativePrompt", "blur"))))
                .containsExactly("negativePromptStrength");
        assertThat(fields(forType(
                        "flux.1",
                        Requests.valid().with("negativePrompt", "blur").with("negativePromptStrength", 0))))
                .containsExactly("negativePromptStrength");
        assertThat(forType(
                        "flux.1",
                        Requests.valid().with("negativePrompt", "blur").with("negativePromptStrength", 0.5)))
                .isEmpty();
        assertThat(forType("sd-xl", Requests.valid().with("negativePrompt", "blur")))
                .isEmpty();
    }

    @Test
    void familyOnlyFieldsAreRefusedOnOtherKnownFamilies() {
        assertThat(fields(forType("sd-xl", Requests.valid().with("negativePromptStrength", 1))))
                .containsExactly("negativePromptStrength");
        assertThat(fields(forType(
                        "flux.1", Requests.valid().with("modelEpoch", "000001").with("baseModelId", "flux.1-dev"))))
                .containsExactly("modelEpoch", "baseModelId");
        assertThat(forType(
                        "flux.1-lora",
                        Requests.valid().with("modelEpoch", "000001").with("baseModelId", "flux.1-dev")))
                .isEmpty();
        assertThat(fields(forType("flux.1-kontext-lora", Requests.valid().with("baseModelId", "sd-xl-base"))))
                .containsExactly("baseModelId");
        assertThat(forType(
                        "gpt-image-1",
                        Requests.valid()
                                .with("negativePromptStrength", 1)
                                .with("modelEpoch", "1")
                                .with("guidance", 20)
                                .with("width", 2048)))
                .as("unknown types get only the generic rules")
                .isEmpty();
    }

    @Test
    void modelChecks() {
        Img2ImgRequest r = Requests.valid()
                .with("concepts", List.of(Map.of("modelId", "model_gone", "scale", 1)))
                .request();
        assertThat(fields(RequestRules.forModel(r, Optional.empty(), Map.of())))
                .containsExactlyInAnyOrder("modelId", "concepts[0].modelId");
        Model custom = new Model("m", "custom", null, null, true, List.of());
        Model untrained = new Model("m", "sd-xl", "training", List.of("img2img"), false, List.of());
        Model noImg2img = new Model("m", "sd-xl", "trained", List.of("txt2img"), false, List.of());
        Img2ImgRequest plain = Requests.valid().request();
        assertThat(RequestRules.forModel(plain, Optional.of(custom), Map.of())
                        .get(0)
                        .message())
                .contains("custom model");
        assertThat(RequestRules.forModel(plain, Optional.of(untrained), Map.of())
                        .get(0)
                        .message())
                .contains("not trained");
        assertThat(RequestRules.forModel(plain, Optional.of(noImg2img), Map.of())
                        .get(0)
                        .message())
                .contains("does not support img2img");
    }

    @Test
    void familiesAreRecognisedByType() {
        assertThat(ModelFamily.of("sd-1_5-composition")).isEqualTo(ModelFamily.SD_1_5);
        assertThat(ModelFamily.of("flux.1-kontext-dev")).isEqualTo(ModelFamily.FLUX_DEV);
        assertThat(ModelFamily.of("flux.1.1-pro-ultra")).isEqualTo(ModelFamily.FLUX_PRO);
        assertThat(ModelFamily.of("gpt-image-1")).isEqualTo(ModelFamily.UNKNOWN);
        assertThat(ModelFamily.of(null)).isEqualTo(ModelFamily.UNKNOWN);
    }
}
