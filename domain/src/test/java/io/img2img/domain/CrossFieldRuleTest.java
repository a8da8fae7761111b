package io.img2img.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.domain.request.CrossFieldRule;
import io.img2img.domain.request.Field;
import io.img2img.domain.request.FieldCatalogue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cross-field rules are declared entries: their wording reaches the field catalogue, and nowhere else types it. */
class CrossFieldRuleTest {

    @Test
    void eachRuleIsStatedOnceInTheDescriptionOfItsField() {
        for (CrossFieldRule rule : CrossFieldRule.values()) {
            String description = FieldCatalogue.field(rule.describedOn()).description();
            assertThat(description).as(rule + " on " + rule.describedOn()).containsOnlyOnce(rule.wording());
            assertThat(FieldCatalogue.find(rule.field()))
                    .as(rule + " names a field of the catalogue")
                    .isPresent();
        }
    }

    @Test
    void noFieldDescriptionStatesARuleThatIsNotAnEntry() {
        // the phrasings the rules had before they were entries: none may come back by hand
        List<String> handWritten = List.of(
                "only with a data URL)",
                "(flux dev models only)",
                "(Flux LoRA models only)",
                "not both.\" ",
                "; one of the model's compliantModelIds");
        for (Field f : FieldCatalogue.FIELDS) {
            for (String phrase : handWritten) {
                assertThat(f.description()).as(f.name()).doesNotContain(phrase);
            }
        }
    }

    @Test
    void theQueryFlagsAreTheFieldsDeclaredSo() {
        assertThat(FieldCatalogue.queryFlags()).extracting(Field::name).containsExactly("originalAssets", "dryRun");
    }
}
