package io.img2img.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.domain.id.Ids;
import io.img2img.domain.model.ModelFamily;
import io.img2img.domain.model.Range;
import io.img2img.domain.request.Concept;
import io.img2img.domain.request.Field;
import io.img2img.domain.request.FieldCatalogue;
import io.img2img.domain.request.Img2ImgRequest;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FieldCatalogueTest {

    @Test
    void theRequestRecordsCarryTheCatalogueNamesInItsOrder() {
        // the parser builds and the rules read the records by these names
        assertThat(Arrays.stream(Img2ImgRequest.class.getRecordComponents()).map(RecordComponent::getName))
                .containsExactlyElementsOf(
                        FieldCatalogue.FIELDS.stream().map(Field::name).toList());
        assertThat(Arrays.stream(Concept.class.getRecordComponents()).map(RecordComponent::getName))
                .containsExactlyElementsOf(
                        FieldCatalogue.CONCEPT_FIELDS.stream().map(Field::name).toList());
    }

    @Test
    void descriptionsAreWrittenFromTheFamiliesAndTheEntries() {
        assertThat(FieldCatalogue.field("guidance").description())
                .isEqualTo("How closely to follow the prompt. By model "
                        + "type: flux dev [0, 10] default 3.5; flux pro [2, 5] default 3; sd-xl [0, 20] default 6; sd-1_5 [0, 20] "
                        + "default 7.5.");
        assertThat(FieldCatalogue.field("width").description())
                .isEqualTo("Output width, a multiple of 8. sd-xl models: [512, 2048]; sd-1_5: [64, 1024].");
        assertThat(FieldCatalogue.field("concepts").description())
                .contains("at most 8")
                .contains("scale in [-2, 2]");
        assertThat(FieldCatalogue.field("seed").description()).contains("0 <= seed < 2^53");
    }

    @Test
    void familiesNarrowTheGenericRangesOnlyWhereScenarioSaysSo() {
        Range sides = FieldCatalogue.field("width").range();
        assertThat(ModelFamily.sides("sd-xl-lora", sides)).isEqualTo(new Range(512, 2048));
        assertThat(ModelFamily.sides("sd-1_5", sides)).isEqualTo(new Range(64, 1024));
        assertThat(ModelFamily.sides("sd-1_5-lora", sides)).isSameAs(sides);
        assertThat(ModelFamily.sides("flux.1", sides)).isSameAs(sides);
        Range guidance = FieldCatalogue.field("guidance").range();
        assertThat(ModelFamily.FLUX_PRO.guidance(guidance)).isEqualTo(new Range(2, 5));
        assertThat(ModelFamily.SD_XL.guidance(guidance)).isSameAs(guidance);
    }

    @Test
    void idsAreLettersDigitsUnderscoresAndDashes() {
        assertThat(Ids.isJobId("job_1-a")).isTrue();
        assertThat(Ids.isJobId("x".repeat(128))).isTrue();
        assertThat(Ids.isJobId("x".repeat(129))).isFalse();
        assertThat(Ids.isJobId("../etc")).isFalse();
        assertThat(Ids.isJobId("")).isFalse();
        assertThat(Ids.isJobId(null)).isFalse();
        assertThat(Ids.isAssetId("asset_abc")).isTrue();
        assertThat(Ids.isAssetId("asset_")).isFalse();
        assertThat(Ids.isAssetId("asset_a.png")).isFalse();
        assertThat(Ids.isAssetId("job_abc")).isFalse();
        assertThat("job_1-a").matches(Ids.JOB_ID_PATTERN);
    }
}
